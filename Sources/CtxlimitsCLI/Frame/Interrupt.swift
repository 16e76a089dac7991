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
        // A parent may have spawned the tool with SIGINT blocked (the mask is inherited across
        // exec); Ctrl-C must still reach it.
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        signal(SIGINT) { _ in
            Interrupt.requested.store(true, ordering: .relaxed)
            signal(SIGINT, SIG_DFL)
        }
    }
}
