import Foundation

/// One run of the built `ctxlimits` executable in its own process, so that a trap, an abort or a
/// hang is observed as such (an in-process run would take the test runner down with it).
struct ProcessRun {
    let code: Int32
    /// True when the process ended by a signal (a trap is SIGILL, an abort SIGABRT).
    let signalled: Bool
    let timedOut: Bool
    let seconds: Double
    let out: String
    let err: String

    /// The executable beside the test bundle (`swift test` builds every product into one directory),
    /// or $CTXLIMITS_EXECUTABLE (to run the corpus against another build, e.g. main's, for comparison).
    static let executable: String? = {
        if let other = ProcessInfo.processInfo.environment["CTXLIMITS_EXECUTABLE"] { return other }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("ctxlimits").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        let built = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../.build/debug/ctxlimits").standardized.path
        return FileManager.default.isExecutableFile(atPath: built) ? built : nil
    }()

    /// Runs `arguments` in `directory` with stdin from /dev/null, stdout to `stdout` (a file path,
    /// or a capture file when nil), killing the process after `limit` seconds. `interruptAfter`
    /// sends one SIGINT after that many seconds (Ctrl-C).
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:], stdout: String? = nil,
                    limit: Double = ReliabilityCorpus.timeLimit, interruptAfter: Double? = nil) throws -> ProcessRun {
        guard let executable else { throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "ctxlimits executable not built"]) }
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("ctxlimits-run-\(UUID())")
        try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: capture) }
        let outPath = capture.appendingPathComponent("out").path, errPath = capture.appendingPathComponent("err").path
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CTXLIMITS_THREADS")
        env["CTXLIMITS_THREADS"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        guard let outHandle = FileHandle(forWritingAtPath: stdout ?? outPath), let errHandle = FileHandle(forWritingAtPath: errPath) else {
            throw CocoaError(.fileWriteUnknown)
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let start = Date()
        try process.run()
        var timedOut = false
        if let interruptAfter, done.wait(timeout: .now() + interruptAfter) == .timedOut {
            kill(process.processIdentifier, SIGINT)
        }
        if done.wait(timeout: .now() + limit) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            done.wait()
        }
        let seconds = Date().timeIntervalSince(start)
        try? outHandle.close()
        try? errHandle.close()
        let out = stdout == nil ? ((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "") : ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return ProcessRun(code: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                          timedOut: timedOut, seconds: seconds, out: out, err: err)
    }
}
