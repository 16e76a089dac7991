import Foundation
import Testing
@testable import Charts

@Suite("Atomic file writes")
struct AtomicFileTests {
    @Test func writesAndReplacesWholeFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctxlimits-atomic-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.csv").path
        try AtomicFile.write("first\n", to: path)
        try AtomicFile.write("second\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"])
    }

    @Test func missingDirectoryFailsAndLeavesNothing() {
        let path = "/nonexistent-ctxlimits-dir/\(UUID())/x.svg"
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write("x", to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aFailingFileLeavesNoneOfTheOthers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctxlimits-atomic-\(UUID())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = dir.appendingPathComponent("a.csv").path
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.writeAll([(first, "a"), (dir.appendingPathComponent("sub").path, "b")]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["sub"])
        struct Abandon: Error {}
        #expect(throws: Abandon.self) { try AtomicFile.writeAll([(first, "a")]) { throw Abandon() } }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["sub"])
    }

    @Test func onlyRegularFilesAreReplaced() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctxlimits-atomic-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe").path
        mkfifo(fifo, 0o644)
        #expect(AtomicFile.refusal(fifo)?.contains("not a regular file") == true)
        #expect(AtomicFile.refusal(dir.path)?.contains("directory") == true)
        #expect(AtomicFile.refusal(dir.path + "/new/")?.contains("'/'") == true)
        #expect(AtomicFile.refusal(dir.appendingPathComponent("new.csv").path) == nil)
    }
}
