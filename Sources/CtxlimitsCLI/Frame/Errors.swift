/// A malformed command line: unknown subcommand or option, a missing value or argument, an option
/// the chosen form of a command does not use. Exit code 2.
public struct UsageError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Input that is well formed but unusable: an option value that is not a finite number, a
/// negative size, a config file that cannot be read, a computation that failed. Exit code 1.
public struct InputError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The tool's exit codes (DESIGN.md), plus 130 for a run stopped by Ctrl-C (the shell's
/// convention, 128 + SIGINT), which writes no output file.
public enum ExitCode: Int32, Sendable {
    case success = 0
    case failure = 1
    case usage = 2
    case boundViolated = 3
    case interrupted = 130
}
