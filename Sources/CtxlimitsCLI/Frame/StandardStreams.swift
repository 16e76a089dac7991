import Charts
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
            failure = AtomicFile.writeAll(text, to: descriptor)
        }
    }
}
