import Foundation
import Synchronization

/// Deterministic parallel loops: work is split into indexed tasks, run on up to `threads` workers,
/// and results come back in index order, so that any reduction over them gives the same bits for
/// every thread count.
public enum Parallel {
    /// The number of workers to use by default: the count set by ``withThreads(_:_:)`` around the
    /// current work (the command line's `--threads`), else the environment variable
    /// CTXLIMITS_THREADS when it is a positive integer (so that a whole process can be pinned to a
    /// thread count), else the machine's active processors.
    public static var defaultThreads: Int { threadOverride ?? environmentThreads ?? ProcessInfo.processInfo.activeProcessorCount }

    /// Runs `work` with ``defaultThreads`` equal to `threads`, nested parallel loops included (the
    /// workers of ``map(_:threads:_:)`` inherit the setting). Scoped, so concurrent callers with
    /// different settings do not see each other's.
    public static func withThreads<T>(_ threads: Int, _ work: () throws -> T) rethrows -> T {
        try $threadOverride.withValue(max(1, threads), operation: work)
    }

    @TaskLocal private static var threadOverride: Int?

    private static let environmentThreads: Int? = {
        guard let text = ProcessInfo.processInfo.environment["CTXLIMITS_THREADS"], let n = Int(text), n >= 1 else { return nil }
        return min(n, 1024)
    }()

    /// `body(i)` for i in 0 ..< count on up to `threads` workers (task i goes to worker i mod
    /// threads), results in index order. The first error thrown (lowest index) is rethrown after
    /// every worker has stopped; workers stop taking tasks once one has failed.
    ///
    /// - Complexity: the work of the tasks, plus O(count) bookkeeping.
    public static func map<T: Sendable, E: Error>(_ count: Int, threads: Int = defaultThreads,
                                                  _ body: @Sendable (Int) throws(E) -> T) throws(E) -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        if workers == 1 {
            var out: [T] = []
            out.reserveCapacity(count)
            for i in 0..<count { out.append(try body(i)) }
            return out
        }
        let results = Mutex<[T?]>(Array(repeating: nil, count: count))
        let failure = Mutex<(index: Int, error: E)?>(nil)
        let failed = Atomic<Bool>(false)
        let inherited = threadOverride
        DispatchQueue.concurrentPerform(iterations: workers) { worker in $threadOverride.withValue(inherited) {
            var i = worker
            while i < count, !failed.load(ordering: .relaxed) {
                do throws(E) {
                    let value = try body(i)
                    results.withLock { $0[i] = value }
                } catch {
                    failed.store(true, ordering: .relaxed)
                    failure.withLock { current in
                        if let earlier = current, earlier.index < i { return }
                        current = (i, error)
                    }
                    return
                }
                i += workers
            }
        } }
        if let (_, error) = failure.withLock({ $0 }) { throw error }
        return results.withLock { $0.map { $0! } }
    }
}
