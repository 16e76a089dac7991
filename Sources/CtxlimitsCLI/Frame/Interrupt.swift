import Foundation
import Synchronization

/// Ctrl-C: the first SIGINT sets a flag that long computations poll (through their
/// ``ProgressSink``) so that they stop between blocks, and the tool exits with code 130 before
/// writing any file; a second SIGINT ends the process at once (the default action).
public enum Interrupt {
    private static let requested = Atomic<Bool>(false)

    public static var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Installs the handler (once, from the executable).
    public static func install() {
        signal(SIGINT) { _ in
            Interrupt.requested.store(true, ordering: .relaxed)
            signal(SIGINT, SIG_DFL)
        }
    }
}
