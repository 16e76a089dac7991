import Foundation

/// Input files are regular files (or directories where a directory is meant): reading a FIFO
/// blocks until a writer comes, and a device such as /dev/zero never ends, so both are refused
/// before they are opened.
public enum RegularFile {
    /// Why `path` cannot be read as an input file, or nil when it can be (a regular file, a
    /// directory, or nothing at all, which the caller reports in its own words).
    public static func refusal(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return errno == EACCES ? "\(path) cannot be read (permission denied)" : nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFIFO: return "\(path) is a named pipe (FIFO), not a regular file"
        case S_IFCHR, S_IFBLK: return "\(path) is a device, not a regular file"
        case S_IFSOCK: return "\(path) is a socket, not a regular file"
        default: return "\(path) is not a regular file"
        }
    }
}
