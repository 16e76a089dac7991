import Foundation

/// Writes whole files atomically, several at once: every text goes first to a temporary file in
/// its destination's directory, and only when all of them are written are they renamed over
/// their destinations, so a reader (or a failed run) never sees a half-written file, and a run
/// whose second file fails leaves neither. Only regular files are ever replaced: a destination
/// that is a directory, a device, a FIFO or a socket is refused before anything is written.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes one file atomically.
    public static func write(_ text: String, to path: String) throws(WriteError) {
        let staged = try stageAll([(path, text)])
        try commit(staged)
    }

    /// Why `path` cannot be a destination, or nil when it can: it must name a file (no trailing
    /// `/`), its directory must exist, and whatever is there already must be a regular file.
    public static func refusal(_ path: String) -> String? {
        if path.hasSuffix("/") { return "the path ends in '/', which names a directory; give a file name" }
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        let parent = directory.isEmpty ? "." : directory
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "directory \(parent) does not exist"
        }
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }     // nothing there yet
        switch status.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "it is a directory; give a file name inside it"
        default: return "it is not a regular file (a device, FIFO or socket), which ctxlimits never replaces"
        }
    }

    /// Writes every `(path, text)` atomically and together: all are staged in temporary files
    /// beside their destinations, then `beforeCommit` runs (it may print, or throw to abandon the
    /// write), then all are renamed into place. On any failure before the renames, every
    /// temporary file is removed and no destination is touched.
    public static func writeAll(_ files: [(path: String, text: String)],
                                beforeCommit: () throws -> Void = {}) throws {
        let staged = try stageAll(files)
        do { try beforeCommit() } catch {
            for s in staged { unlink(s.temporary) }
            throw error
        }
        try commit(staged)
    }

    /// Stages every file (refusing a destination that is not a regular file); on a failure,
    /// removes what it staged.
    private static func stageAll(_ files: [(path: String, text: String)]) throws(WriteError) -> [(temporary: String, path: String)] {
        var staged: [(temporary: String, path: String)] = []
        do throws(WriteError) {
            for (path, text) in files {
                if let reason = refusal(path) { throw WriteError(path: path, reason: reason) }
                staged.append((try stage(text, beside: path), path))
            }
        } catch {
            for s in staged { unlink(s.temporary) }
            throw error
        }
        return staged
    }

    /// Renames every staged file into place.
    private static func commit(_ staged: [(temporary: String, path: String)]) throws(WriteError) {
        for (index, s) in staged.enumerated() where rename(s.temporary, s.path) != 0 {
            let reason = String(cString: strerror(errno))
            for rest in staged[index...] { unlink(rest.temporary) }
            let done = staged[..<index].map(\.path)
            throw WriteError(path: s.path, reason: reason + (done.isEmpty ? "" : " (already written: \(done.joined(separator: ", ")))"))
        }
    }

    /// The process's file-creation mask, read once (umask can only be read by setting it).
    private static let creationMode: mode_t = {
        let mask = umask(0o022)
        umask(mask)
        return 0o666 & ~mask
    }()

    /// Writes all of `text` to the descriptor with write(2), retrying interrupted and partial writes;
    /// the reason (strerror) when a write fails, nil when every byte was written.
    public static func writeAll(_ text: String, to fd: Int32) -> String? {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            written += n
        }
        return nil
    }

    /// Writes `text` to a new temporary file in the directory of `path` and returns its path.
    private static func stage(_ text: String, beside path: String) throws(WriteError) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var template = Array(((directory.isEmpty ? "" : directory + "/") + ".\(name).ctxlimits-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure = writeAll(text, to: fd)
        if failure == nil, fchmod(fd, creationMode) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw WriteError(path: path, reason: failure)
        }
        return temporary
    }
}
