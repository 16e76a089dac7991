import Foundation

/// The collisions refused before a run starts: two outputs on one file, or an output onto a file
/// the command reads. Files are compared by device and inode when they exist (so a symlink or a
/// second spelling of a path is caught), else by their absolute, standardized paths.
enum OutputPaths {
    /// The identity of a path: its (device, inode) when something is there, else its standardized absolute path.
    enum Identity: Hashable {
        case file(device: UInt64, inode: UInt64)
        case path(String)
    }

    static func identity(_ path: String) -> Identity {
        var status = stat()
        if stat(path, &status) == 0 { return .file(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)) }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let url = URL(fileURLWithPath: absolute).standardizedFileURL
        let directory = url.deletingLastPathComponent().resolvingSymlinksInPath().path
        return .path(directory + "/" + url.lastPathComponent)
    }

    /// Refuses two outputs on one path and any output onto an input. `inputs` are the command's
    /// other arguments (positionals and option values, list values split at commas); those that
    /// name an existing regular file are the files it may read.
    static func refuseCollisions(_ outputs: [(option: String, path: String)], inputs: [(label: String, text: String)]) throws(InputError) {
        var seen: [Identity: String] = [:]
        for output in outputs {
            let id = identity(output.path)
            if let earlier = seen[id] {
                throw InputError("--\(output.option): \(output.path) is also the path of --\(earlier); give each output its own file")
            }
            seen[id] = output.option
        }
        for input in inputs {
            for text in [input.text] + (input.text.contains(",") ? input.text.split(separator: ",").map(String.init) : []) {
                var status = stat()
                guard stat(text, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
                if let option = seen[.file(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))] {
                    throw InputError("--\(option): \(text) is \(input.label.hasPrefix("--") ? "the file of \(input.label)" : input.label); writing there would overwrite it: give another file")
                }
            }
        }
    }
}
