/// A rotary configuration that cannot produce a spectrum. `field` names the offending
/// parameter with its Hugging Face key (e.g. `rope_scaling.factor`), so messages point at the
/// config entry to fix.
public struct RotaryError: Error, Equatable, CustomStringConvertible, Sendable {
    public let field: String
    public let problem: String

    public init(_ field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}
