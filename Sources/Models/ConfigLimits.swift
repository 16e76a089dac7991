/// Bounds on sizes read from configs: generous for real models, small enough that arithmetic
/// on them cannot overflow.
enum Limits {
    static let layers = 1...100_000
    static let width = 1...10_000_000
    static let heads = 1...1_000_000
    static let positions = 1...1_000_000_000_000
}
