import Foundation
import Synchronization

/// The process's stdout and stderr, written with write(2) so that a failure (a full disk, a closed
/// descriptor) is a value to report rather than a trap: the first failure is kept, and later
/// writes to that stream are dropped.
public final class StandardStreams: Sendable {
    public static let output = StandardStreams(descriptor: 1)
    public static let error = StandardStreams(descriptor: 2)

    private let descriptor: Int32
    private let firstFailure = Mutex<String?>(nil)

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// Why a write failed, or nil while none has.
    public var failure: String? { firstFailure.withLock { $0 } }

    public func write(_ text: String) {
        firstFailure.withLock { failure in
            guard failure == nil else { return }
            let bytes = Array(text.utf8)
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                written += n
            }
        }
    }
}
