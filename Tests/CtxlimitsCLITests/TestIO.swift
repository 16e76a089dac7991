import Foundation
import Synchronization
@testable import CtxlimitsCLI

/// Captures what the tool writes.
final class Capture: Sendable {
    private let buffers = Mutex<(out: String, err: String)>(("", ""))
    /// Whether the user has (as if) pressed Ctrl-C.
    let interrupted: Bool
    init(interrupted: Bool = false) { self.interrupted = interrupted }
    var out: String { buffers.withLock { $0.out } }
    var err: String { buffers.withLock { $0.err } }
    var io: ToolIO {
        let interrupted = self.interrupted
        return ToolIO(out: { text in self.buffers.withLock { $0.out += text } },
                      err: { text in self.buffers.withLock { $0.err += text } }, isInterrupted: { interrupted })
    }
}

/// Runs the tool in-process with the real registry (or `commands`) and returns (code, stdout, stderr).
func runTool(_ arguments: [String], commands: [Subcommand] = Registry.commands) -> (code: Int32, out: String, err: String) {
    let capture = Capture()
    let code = Tool.run(arguments, io: capture.io, commands: commands)
    return (code, capture.out, capture.err)
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctxlimits-test-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

import Models

/// The bundled example names, for parameterised tests.
enum ConfigSourceNames {
    static let all = ConfigSource.bundledNames
}

enum BundledExample {
    static func text(_ name: String) throws -> String { try ConfigSource.load(name).text }
}
