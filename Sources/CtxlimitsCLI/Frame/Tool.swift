import Charts
import ContextLimits
import Foundation

/// Where the tool writes, and how it learns of Ctrl-C. Tests capture both streams; the
/// executable writes to the process's.
public struct ToolIO: Sendable {
    public let out: @Sendable (String) -> Void
    public let err: @Sendable (String) -> Void
    /// Progress is a live line when stderr is a terminal, a plain line every few seconds otherwise.
    public let stderrIsTerminal: Bool
    /// True once the user asked the run to stop.
    public let isInterrupted: @Sendable () -> Bool
    /// Why writing to stdout failed (a full disk, a closed descriptor), or nil while it has not.
    public let outFailure: @Sendable () -> String?

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
                stderrIsTerminal: Bool = false, isInterrupted: @escaping @Sendable () -> Bool = { false },
                outFailure: @escaping @Sendable () -> String? = { nil }) {
        self.out = out
        self.err = err
        self.stderrIsTerminal = stderrIsTerminal
        self.isInterrupted = isInterrupted
        self.outFailure = outFailure
    }

    public static let process = ToolIO(
        out: { StandardStreams.output.write($0) },
        err: { StandardStreams.error.write($0) },
        stderrIsTerminal: isatty(2) == 1,
        isInterrupted: { Interrupt.isRequested },
        outFailure: { StandardStreams.output.failure })
}

/// One run of a subcommand: its parsed arguments and its streams.
public struct Invocation: Sendable {
    public let arguments: ParsedArguments
    public let io: ToolIO

    /// Runs `work` with a progress sink shown on stderr under `label`.
    public func withProgress<T, E: Error>(_ label: String, _ work: (ProgressSink) throws(E) -> T) throws(E) -> T {
        let display = ProgressDisplay(label, io: io)
        defer { display.finish() }
        return try work(display.sink)
    }
}

/// The result of running a subcommand: its report and exit code (3 when `check` finds a
/// violated bound).
public struct Outcome: Sendable {
    public var report: Report
    public var exitCode: ExitCode
    /// Files the command writes besides --csv/--svg (e.g. `fix --out`), written with them, atomically.
    public var files: [(path: String, text: String)]

    public init(_ report: Report, exitCode: ExitCode = .success, files: [(path: String, text: String)] = []) {
        self.report = report
        self.exitCode = exitCode
        self.files = files
    }
}

/// A registered subcommand.
public struct Subcommand: Sendable {
    public let spec: CommandSpec
    public let run: @Sendable (Invocation) throws -> Outcome

    public init(_ spec: CommandSpec, run: @escaping @Sendable (Invocation) throws -> Outcome) {
        self.spec = spec
        self.run = run
    }
}

/// The `ctxlimits` command line: dispatch, help, output formats, files and exit codes.
public enum Tool {
    public static let version = "0.2.0"

    /// The outcome of a subcommand invocation, for tests that inspect its report and figure.
    static func outcome(_ arguments: [String], io: ToolIO, commands: [Subcommand] = Registry.commands) throws -> Outcome {
        guard let command = commands.first(where: { $0.spec.name == arguments.first }) else { throw UsageError("no command \(arguments.first ?? "")") }
        let parsed = try ParsedArguments(Array(arguments.dropFirst()), spec: command.spec)
        return try parsed.onRequestedThreads { try command.run(Invocation(arguments: parsed, io: io)) }
    }

    /// Runs the tool on `arguments` (without the program name) and returns the exit code.
    /// Never traps on bad input: every failure becomes a message on stderr and a code; stdout
    /// that cannot be written (a full disk, a closed descriptor) is exit 1 with its reason.
    public static func run(_ arguments: [String], io: ToolIO = .process,
                           commands: [Subcommand] = Registry.commands) -> Int32 {
        let code = dispatch(arguments, io: io, commands: commands)
        guard let failure = io.outFailure() else { return code }
        if code != ExitCode.failure.rawValue {
            io.err("ctxlimits: error: cannot write to standard output: \(failure)\n")
        }
        return ExitCode.failure.rawValue
    }

    static func dispatch(_ arguments: [String], io: ToolIO, commands: [Subcommand]) -> Int32 {
        guard let first = arguments.first else {
            io.err(help(commands))
            return ExitCode.usage.rawValue
        }
        if ["--help", "-h", "help"].contains(first) {
            if first == "help", arguments.count > 1, let command = commands.first(where: { $0.spec.name == arguments[1] }) {
                io.out(command.spec.help)
            } else {
                io.out(help(commands))
            }
            return ExitCode.success.rawValue
        }
        if first == "--version" {
            io.out("ctxlimits \(version)\n")
            return ExitCode.success.rawValue
        }
        guard let command = commands.first(where: { $0.spec.name == first }) else {
            io.err("ctxlimits: unknown command '\(first)'. Commands: \(commands.map(\.spec.name).joined(separator: ", ")). See 'ctxlimits --help'.\n")
            return ExitCode.usage.rawValue
        }
        let name = command.spec.name
        do {
            let parsed = try ParsedArguments(Array(arguments.dropFirst()), spec: command.spec)
            if parsed.wantsHelp {
                io.out(command.spec.help)
                return ExitCode.success.rawValue
            }
            try Shared.checkEnvironmentThreads()
            let output = try OutputRequest(parsed, spec: command.spec)
            let outcome = try parsed.onRequestedThreads { try command.run(Invocation(arguments: parsed, io: io)) }
            if io.isInterrupted() { throw Interrupted() }
            try output.deliver(outcome, io: io)
            return outcome.exitCode.rawValue

        } catch let error as UsageError {
            io.err("ctxlimits \(name): \(error.message)\n")
            return ExitCode.usage.rawValue
        } catch let error as InputError {
            io.err("ctxlimits \(name): error: \(error.message)\n")
            return ExitCode.failure.rawValue
        } catch is Interrupted {
            io.err("ctxlimits \(name): interrupted; no file written\n")
            return ExitCode.interrupted.rawValue
        } catch {
            io.err("ctxlimits \(name): error: \(error)\n")
            return ExitCode.failure.rawValue
        }
    }

    static func help(_ commands: [Subcommand]) -> String {
        var lines = [
            "ctxlimits \(version) — limits of long-context language models, with numbers",
            "",
            "Usage: ctxlimits <command> [options]    (ctxlimits <command> --help for each)",
            "",
            "Commands:",
        ]
        let width = (commands.map(\.spec.name.count).max() ?? 0) + 2
        for c in commands { lines.append("  " + c.spec.name.padding(toLength: width, withPad: " ", startingAt: 0) + c.spec.summary) }
        lines += [
            "",
            "Every analysis prints a table; --format csv|json prints machine-readable output,",
            "--csv FILE, --svg FILE and --figure-csv FILE (the plotted series) write files atomically.",
            "Exit codes: 0 success, 1 bad input or failed computation, 2 usage error,",
            "3 'check' found a violated bound, 130 interrupted (Ctrl-C; no file is written).",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ParsedArguments {
    /// Runs `work` with `--threads`, when given, as every parallel loop's default; otherwise with
    /// the default in force (the number of cores, or what an enclosing run such as `reproduce` set).
    /// The options given are recorded for messages (``GivenOptions``).
    func onRequestedThreads<T>(_ work: () throws -> T) throws -> T {
        try GivenOptions.$names.withValue(givenNames) {
            guard let threads = try self[Shared.threads] else { return try work() }
            return try Parallel.withThreads(threads, work)
        }
    }
}

/// The output options of one invocation, and the files it may write: the output options every
/// command has (`--csv`, `--svg`, `--figure-csv`) and those the command declares (`--report`,
/// `--out`). Every path is checked before the run starts: a file name (not a directory, no
/// trailing `/`) in an existing directory, nothing there but a regular file, no two outputs on one
/// path, and no output onto a file the command reads (a CONFIG, a --measurements table).
struct OutputRequest {
    enum Format: String, ArgumentChoice { case table, csv, json }
    static let format = Option<Format>.choice("format", "what to print on stdout", default: .table)
    static let csv = Option<String>.text("csv", "FILE", "also write the table as CSV to FILE (atomically)")
    static let svg = Option<String>.text("svg", "FILE", "also write the figure as SVG to FILE (atomically)")
    static let figureCSV = Option<String>.text("figure-csv", "FILE", "also write every series the figure plots as CSV to FILE (atomically)")

    let format: Format
    let csvPath: String?
    let svgPath: String?
    let figureCSVPath: String?

    init(_ arguments: ParsedArguments, spec: CommandSpec) throws {
        do { format = try arguments.value(Self.format)! } catch { throw UsageError(error.message) }
        csvPath = try arguments[Self.csv]
        svgPath = try arguments[Self.svg]
        figureCSVPath = try arguments[Self.figureCSV]
        let outputs = (["csv", "svg", "figure-csv"] + spec.outputFiles).compactMap { name in arguments.text(name).map { (option: name, path: $0) } }
        for output in outputs { try Self.checkWritable(output.path, option: output.option) }
        try OutputPaths.refuseCollisions(outputs, inputs: arguments.texts(excluding: Set(outputs.map(\.option))))
    }

    /// `path` must be a file name in an existing directory, replacing at most a regular file, so
    /// that a long run does not fail at its end.
    static func checkWritable(_ path: String, option: String) throws(InputError) {
        if let reason = AtomicFile.refusal(path) { throw InputError("--\(option): cannot write \(path): \(reason)") }
    }

    init(format: Format = .table, csvPath: String?, svgPath: String?, figureCSVPath: String?) {
        self.format = format
        self.csvPath = csvPath
        self.svgPath = svgPath
        self.figureCSVPath = figureCSVPath
    }

    /// Every file of `outcome`: the command's own (`--report`, `--out`) and the requested table and figure.
    func files(_ outcome: Outcome) throws(InputError) -> [(path: String, text: String)] {
        let report = outcome.report
        var files = outcome.files
        if let csvPath { files.append((csvPath, CSV.render(report.table))) }
        if let svgPath {
            guard let chart = report.chart else { throw InputError("--svg: this form of the command draws no figure") }
            files.append((svgPath, chart.svg()))
        }
        if let figureCSVPath {
            guard let chart = report.chart else { throw InputError("--figure-csv: this form of the command draws no figure") }
            files.append((figureCSVPath, CSV.render(chart.seriesTable())))
        }
        return files
    }

    /// Renders everything first, stages every file, prints stdout, then renames the files into
    /// place: a failure before the end (a file that cannot be written, stdout on a full disk, an
    /// interrupt) leaves no file at all.
    func deliver(_ outcome: Outcome, io: ToolIO) throws {
        let report = outcome.report
        let files = try files(outcome)
        let stdout: String
        switch format {
        case .table: stdout = report.text()
        case .csv: stdout = CSV.render(report.table)
        case .json: stdout = report.json.rendered() + "\n"
        }
        do {
            try AtomicFile.writeAll(files) {
                if io.isInterrupted() { throw Interrupted() }
                io.out(stdout)
                if let failure = io.outFailure() { throw InputError("cannot write to standard output: \(failure); no file written") }
            }
        } catch let error as AtomicFile.WriteError {
            throw InputError(error.description)
        }
    }
}
