/// A config that cannot be read: `field` is the JSON path (e.g. `text_config.rope_scaling.factor`)
/// and `problem` says what is wrong with it.
public struct ConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    public let field: String
    public let problem: String

    public init(_ field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { field.isEmpty ? problem : "\(field): \(problem)" }
}
