/// What a subcommand accepts: its options (with or without a value) and positional arguments.
public struct CommandSpec: Sendable {
    public struct Option: Sendable {
        public let name: String
        /// The placeholder shown in help, or nil for a flag that takes no value.
        public let valueName: String?
        public let help: String

        public init(_ name: String, _ valueName: String?, _ help: String) {
            self.name = name
            self.valueName = valueName
            self.help = help
        }
    }

    public let name: String
    public let summary: String
    /// Usage lines after "ctxlimits <name> ".
    public let usage: [String]
    public let options: [Option]
    /// The most positional arguments accepted (e.g. 1 for CONFIG).
    public let maxPositionals: Int
    /// Extra help text printed after the options.
    public let details: String

    public init(name: String, summary: String, usage: [String], options: [Option],
                maxPositionals: Int = 0, details: String = "") {
        self.name = name
        self.summary = summary
        self.usage = usage
        self.options = options + CommandSpec.outputOptions
        self.maxPositionals = maxPositionals
        self.details = details
    }

    /// The output options every analysis accepts.
    public static let outputOptions: [Option] = [
        Option("format", "table|csv|json", "what to print on stdout (default: table)"),
        Option("csv", "FILE", "also write the table as CSV to FILE (atomically)"),
        Option("svg", "FILE", "also write the figure as SVG to FILE (atomically)"),
        Option("help", nil, "show this help"),
    ]

    public var help: String {
        var lines = ["ctxlimits \(name) — \(summary)", "", "Usage:"]
        lines += usage.map { "  ctxlimits \(name) \($0)" }
        lines += ["", "Options:"]
        let left = options.map { "--\($0.name)" + ($0.valueName.map { " \($0)" } ?? "") }
        let width = (left.map(\.count).max() ?? 0) + 2
        for (l, o) in zip(left, options) {
            lines.append("  " + l.padding(toLength: width, withPad: " ", startingAt: 0) + o.help)
        }
        if !details.isEmpty { lines += ["", details] }
        return lines.joined(separator: "\n") + "\n"
    }
}
