import Foundation

/// Writes whole files atomically: the text goes to a temporary file in the same directory,
/// which is then renamed over the destination, so a reader (or a failed run) never sees a
/// half-written file.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ text: String, to path: String) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WriteError(path: path, reason: "directory \(directory) does not exist")
        }
        do {
            try text.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw WriteError(path: path, reason: error.localizedDescription)
        }
    }
}
