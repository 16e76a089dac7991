import Synchronization

/// Where long computations report how far they are and learn that they should stop: the
/// command line shows the fraction on stderr and sets `isCancelled` on Ctrl-C; library callers
/// that do not care pass nil.
public struct ProgressSink: Sendable {
    /// Called with the fraction done in [0, 1]; may be called from any thread, often.
    public let report: @Sendable (Double) -> Void
    /// True once the work should stop; checked between blocks of work.
    public let isCancelled: @Sendable () -> Bool

    public init(report: @escaping @Sendable (Double) -> Void, isCancelled: @escaping @Sendable () -> Bool = { false }) {
        self.report = report
        self.isCancelled = isCancelled
    }

    /// A sink for the part [start, start + width] of a larger task.
    public func stage(_ start: Double, _ width: Double) -> ProgressSink {
        ProgressSink(report: { report(start + width * min(max($0, 0), 1)) }, isCancelled: isCancelled)
    }
}

/// Thrown when a computation stopped because its ``ProgressSink`` asked it to.
public struct Interrupted: Error, Equatable, CustomStringConvertible, Sendable {
    public init() {}
    public var description: String { "interrupted" }
}

/// Counts finished units of one task of known size and forwards the fraction to a sink.
/// Thread-safe; a nil sink makes every call a no-op.
public final class WorkCounter: Sendable {
    private let total: Double
    private let done = Mutex<Double>(0)
    private let sink: ProgressSink?

    public init(total: Double, sink: ProgressSink?) {
        self.total = max(total, 1)
        self.sink = sink
    }

    /// Records `amount` more units, then throws ``Interrupted`` if the sink asks to stop.
    public func advance(by amount: Double = 1) throws(Interrupted) {
        guard let sink else { return }
        let fraction = done.withLock { d -> Double in d += amount; return d / total }
        sink.report(min(fraction, 1))
        if sink.isCancelled() { throw Interrupted() }
    }

    /// Throws ``Interrupted`` if the sink asks to stop.
    public func checkCancellation() throws(Interrupted) {
        if let sink, sink.isCancelled() { throw Interrupted() }
    }
}
