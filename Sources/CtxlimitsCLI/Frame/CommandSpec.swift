/// What a subcommand accepts: its options (declared once, typed, in ``Option`` values) and
/// positional arguments, and whether it draws a figure. Its help text is generated from them.
public struct CommandSpec: Sendable {
    public let name: String
    public let summary: String
    /// Usage lines after "ctxlimits <name> ".
    public let usage: [String]
    public let options: [OptionDeclaration]
    /// The most positional arguments accepted (e.g. 1 for CONFIG).
    public let maxPositionals: Int
    /// Whether `--svg` and `--figure-csv` can be given (the analysis draws a figure).
    public let hasFigure: Bool
    /// Extra help text printed after the options.
    public let details: String
    /// The options, besides --csv, --svg and --figure-csv, whose value is a file the command
    /// writes (`--report`, `--out`): checked with them before the run, written with them after it.
    public let outputFiles: [String]

    public init(name: String, summary: String, usage: [String], options: [OptionDeclaration],
                maxPositionals: Int = 0, hasFigure: Bool = true, details: String = "", outputFiles: [String] = []) {
        self.name = name
        self.summary = summary
        self.usage = usage
        var seen = Set<String>()
        let own = options.filter { seen.insert($0.name).inserted }
        self.options = own + CommandSpec.outputOptions.filter { hasFigure || !CommandSpec.figureOptionNames.contains($0.name) }
        self.maxPositionals = maxPositionals
        self.hasFigure = hasFigure
        self.details = details
        self.outputFiles = outputFiles
    }

    /// The options every command accepts: the output options and `--threads` (the frame runs the
    /// command with that many workers as every parallel loop's default).
    public static let outputOptions: [OptionDeclaration] = [
        OutputRequest.format.declaration, OutputRequest.csv.declaration, OutputRequest.svg.declaration,
        OutputRequest.figureCSV.declaration, Shared.threads.declaration, Flag("help", "show this help").declaration,
    ]
    /// The output options only a command that draws a figure accepts.
    static let figureOptionNames: Set<String> = ["svg", "figure-csv"]

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
