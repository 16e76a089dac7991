import ContextLimits
import Foundation
import Synchronization

/// Shows the progress of long work on stderr: a live line (rewritten in place, at most five times
/// a second) when stderr is a terminal, else a plain line every few seconds; nothing at all for
/// work that ends within the first interval.
final class ProgressDisplay: Sendable {
    private struct State {
        var lastShown: UInt64
        var shownLive = false
    }
    private let label: String
    private let io: ToolIO
    private let start: UInt64
    private let state: Mutex<State>
    /// Seconds between plain lines when stderr is not a terminal.
    static let plainInterval = 5.0
    static let liveInterval = 0.2

    init(_ label: String, io: ToolIO) {
        self.label = label
        self.io = io
        start = DispatchTime.now().uptimeNanoseconds
        state = Mutex(State(lastShown: start))
    }

    var sink: ProgressSink {
        ProgressSink(report: { [self] fraction in show(fraction) }, isCancelled: io.isInterrupted)
    }

    private func show(_ fraction: Double) {
        let now = DispatchTime.now().uptimeNanoseconds
        let interval = io.stderrIsTerminal ? Self.liveInterval : Self.plainInterval
        let line: String? = state.withLock { s in
            guard Double(now - s.lastShown) / 1e9 >= interval else { return nil }
            s.lastShown = now
            let elapsed = Double(now - start) / 1e9
            let text = "\(label): \(Int((fraction * 100).rounded(.down))) % after \(Int(elapsed)) s"
            if io.stderrIsTerminal { s.shownLive = true; return "\r\u{1B}[K" + text }
            return text + "\n"
        }
        if let line { io.err(line) }
    }

    /// Clears a live line.
    func finish() {
        if state.withLock({ $0.shownLive }) { io.err("\r\u{1B}[K") }
    }
}
