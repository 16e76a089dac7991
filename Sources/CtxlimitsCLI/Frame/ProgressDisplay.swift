import ContextLimits
import Foundation
import Synchronization

/// Shows the progress of long work on stderr: a live line (rewritten in place, at most five times
/// a second) when stderr is a terminal, else a plain line every few seconds; nothing at all for
/// work that ends within the first interval. A heartbeat thread shows the line even when the work
/// reports nothing for a while (a stage without progress of its own), so that no run stays silent
/// for longer than one interval.
final class ProgressDisplay: Sendable {
    private struct State {
        var lastShown: UInt64
        var shownLive = false
        var fraction: Double?
        var finished = false
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
        let heartbeat = Thread { [self] in
            while !state.withLock({ $0.finished }) {
                Thread.sleep(forTimeInterval: 0.1)
                show(nil)
            }
        }
        heartbeat.start()
    }

    var sink: ProgressSink {
        ProgressSink(report: { [self] fraction in show(fraction) }, isCancelled: io.isInterrupted)
    }

    /// Shows `fraction` (nil: the last one reported) when an interval has passed since the last line.
    private func show(_ fraction: Double?) {
        let now = DispatchTime.now().uptimeNanoseconds
        let interval = io.stderrIsTerminal ? Self.liveInterval : Self.plainInterval
        let line: String? = state.withLock { s in
            if let fraction { s.fraction = fraction }
            guard !s.finished, Double(now - s.lastShown) / 1e9 >= interval else { return nil }
            s.lastShown = now
            let elapsed = Double(now - start) / 1e9
            let done = s.fraction.map { "\(Int(($0 * 100).rounded(.down))) %" } ?? "working"
            let text = "\(label): \(done) after \(Int(elapsed)) s"
            if io.stderrIsTerminal { s.shownLive = true; return "\r\u{1B}[K" + text }
            return text + "\n"
        }
        if let line { io.err(line) }
    }

    /// Stops the heartbeat and clears a live line.
    func finish() {
        let live = state.withLock { s in
            s.finished = true
            return s.shownLive
        }
        if live { io.err("\r\u{1B}[K") }
    }
}
