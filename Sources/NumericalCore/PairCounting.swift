/// Exact pair counts by parallel merge sort: the pairs i < j with x[i] < x[j] (ascending pairs,
/// the complement of Kendall's discordant pairs when there are no ties), and sorting itself.
///
/// Merging takes a left element first only when it is strictly smaller than the right one, so each
/// right element taken counts exactly the left elements below it (ties are not ascending pairs;
/// Knuth, TAOCP vol. 3, §5.2.4, exercise 5.2.4-6 on counting inversions by merging). Work is split
/// into tasks that do not depend on the thread count: sorted base runs of ``baseRun`` elements,
/// then merge passes whose output is cut into pieces of ``pieceLength`` by co-ranking (the "merge
/// path" of Odeh, Green, Mwassi, Shmueli and Birk, 2012), each piece merged on its own, so every
/// pass is parallel down to the last merge. Counts are integers, so every thread count gives the
/// same count and the same sorted order.
public enum PairCounting {
    /// Elements per base run (sorted and counted by insertion).
    static let baseRun = 16
    /// Output elements per merge task.
    static let pieceLength = 1 << 15

    /// The number of pairs i < j with x[i] < x[j] (ties and NaN are not ascending pairs).
    ///
    /// - Accuracy: exact (an integer count).
    /// - Complexity: O(n log n) work over `threads` threads, 2n doubles.
    public static func ascendingPairs(_ x: [Double], threads: Int = Parallel.defaultThreads) -> Int {
        sortCounting(x, threads: threads).ascendingPairs
    }

    /// x sorted ascending (by `<`, ties keeping their order) and the number of ascending pairs of x.
    ///
    /// - Accuracy: exact (values are moved, not computed; the count is an integer).
    /// - Complexity: O(n log n) work over `threads` threads, 2n doubles.
    public static func sortCounting(_ x: [Double], threads: Int = Parallel.defaultThreads) -> (sorted: [Double], ascendingPairs: Int) {
        let n = x.count
        guard n > 1 else { return (x, 0) }
        var a = x
        var b = [Double](repeating: 0, count: n)
        var total = 0
        var width = baseRun
        let sortedInA: Bool = a.withUnsafeMutableBufferPointer { pa in
            b.withUnsafeMutableBufferPointer { pb in
                let (pa, pb) = (UncheckedPointer(pa.baseAddress!), UncheckedPointer(pb.baseAddress!))
                // Base runs, a few thousand per task.
                let runsPerTask = 256
                let runs = (n + baseRun - 1) / baseRun
                let baseCounts = Parallel.map((runs + runsPerTask - 1) / runsPerTask, threads: threads) { t -> Int in
                    var count = 0
                    for r in (t * runsPerTask)..<min(runs, (t + 1) * runsPerTask) {
                        count += insertionCounting(pa.value, r * baseRun, min(n, (r + 1) * baseRun))
                    }
                    return count
                }
                total += baseCounts.reduce(0, +)
                var (source, target) = (pa, pb)
                var inA = true
                while width < n {
                    // Every merge of two runs of `width`, its output cut into pieces.
                    var tasks: [(lo: Int, mid: Int, hi: Int, start: Int, end: Int)] = []
                    var lo = 0
                    while lo < n {
                        let mid = min(lo + width, n), hi = min(lo + 2 * width, n)
                        var start = lo
                        while start < hi {
                            let end = min(start + pieceLength, hi)
                            tasks.append((lo, mid, hi, start, end))
                            start = end
                        }
                        lo = hi
                    }
                    let (s, t, pieces) = (source, target, tasks)
                    let counts = Parallel.map(pieces.count, threads: threads) { i -> Int in
                        let task = pieces[i]
                        return mergePiece(s.value, task.lo, task.mid, task.hi, from: task.start, to: task.end, into: t.value)
                    }
                    total += counts.reduce(0, +)
                    WorkTally.add(.merge, n)
                    swap(&source, &target)
                    inA.toggle()
                    width *= 2
                }
                return inA
            }
        }
        return (sortedInA ? a : b, total)
    }

    /// Sorts x[lo..<hi] by insertion (stable) and returns its ascending pairs, counted by comparing
    /// every pair (hi − lo ≤ ``baseRun``).
    static func insertionCounting(_ x: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int) -> Int {
        var count = 0
        for j in lo..<hi {
            let v = x[j]
            for i in lo..<j { count &+= x[i] < v ? 1 : 0 }
        }
        for j in (lo + 1)..<max(hi, lo + 1) {
            let v = x[j]
            var i = j
            while i > lo && v < x[i - 1] {
                x[i] = x[i - 1]
                i -= 1
            }
            x[i] = v
        }
        return count
    }

    /// Output positions [start, end) of the merge of the sorted runs x[lo..<mid] and x[mid..<hi]
    /// (relative to lo), written to target, and the ascending pairs the right elements of the
    /// piece close. The piece is cut in two halves by co-ranking, merged in one loop as two
    /// independent chains (a branch-free merge waits on its own comparisons; two hide each other's
    /// latency).
    static func mergePiece(_ x: UnsafeMutablePointer<Double>, _ lo: Int, _ mid: Int, _ hi: Int,
                           from start: Int, to end: Int, into target: UnsafeMutablePointer<Double>) -> Int {
        let split = (start + end) / 2
        let i0 = coRank(start - lo, x + lo, mid - lo, x + mid, hi - mid), j0 = (start - lo) - i0
        let i1 = coRank(split - lo, x + lo, mid - lo, x + mid, hi - mid), j1 = (split - lo) - i1
        var a = MergeState(i: lo + i0, j: mid + j0, out: target + start, outputs: split - start)
        var b = MergeState(i: lo + i1, j: mid + j1, out: target + split, outputs: end - split)
        while a.outputs > 0 && b.outputs > 0 && a.i < mid && a.j < hi && b.i < mid && b.j < hi {
            a.step(x, lo)
            b.step(x, lo)
        }
        return a.finish(x, lo, mid, hi) &+ b.finish(x, lo, mid, hi)
    }

    /// One chain of a merge: the next left and right indices, where the output goes, how many
    /// outputs remain, and the pairs closed so far.
    struct MergeState {
        var i: Int
        var j: Int
        var out: UnsafeMutablePointer<Double>
        var outputs: Int
        var count = 0

        init(i: Int, j: Int, out: UnsafeMutablePointer<Double>, outputs: Int) {
            self.i = i
            self.j = j
            self.out = out
            self.outputs = outputs
        }

        /// One output while both runs have elements, without a branch on the data: the choice is an
        /// integer 0/1 that selects by bit masks and advances the indices. Each right element taken
        /// closes (i − lo) ascending pairs.
        @inline(__always)
        mutating func step(_ x: UnsafeMutablePointer<Double>, _ lo: Int) {
            let left = x[i], right = x[j]
            let t = left < right ? 1 : 0
            let mask = UInt64(bitPattern: Int64(0 &- t))
            out.pointee = Double(bitPattern: (left.bitPattern & mask) | (right.bitPattern & ~mask))
            count &+= (1 &- t) &* (i &- lo)
            i &+= t
            j &+= 1 &- t
            out += 1
            outputs &-= 1
        }

        /// The remaining outputs of this chain, and its count.
        @inline(__always)
        mutating func finish(_ x: UnsafeMutablePointer<Double>, _ lo: Int, _ mid: Int, _ hi: Int) -> Int {
            while outputs > 0 && i < mid && j < hi { step(x, lo) }
            while outputs > 0 && i < mid { out.pointee = x[i]; out += 1; i += 1; outputs -= 1 }
            while outputs > 0 && j < hi { out.pointee = x[j]; out += 1; j += 1; outputs -= 1; count &+= mid - lo }
            return count
        }
    }

    /// The number i of left elements among the first k outputs of the merge of a[0..<m] and
    /// b[0..<n] (left first only when strictly smaller). O(log min(m, n)).
    static func coRank(_ k: Int, _ a: UnsafeMutablePointer<Double>, _ m: Int, _ b: UnsafeMutablePointer<Double>, _ n: Int) -> Int {
        var low = max(0, k - n), high = min(k, m)
        // Find the i with: a[i−1] < b[k−i] (a[i−1] precedes b[k−i]) and !(a[i] < b[k−i−1]).
        while low < high {
            let i = (low + high) / 2
            let j = k - i
            // Too few left elements if a[i] precedes b[j − 1].
            if j > 0 && i < m && a[i] < b[j - 1] { low = i + 1 } else { high = i }
        }
        return low
    }
}

/// A pointer handed to parallel tasks that touch disjoint ranges of it.
struct UncheckedPointer: @unchecked Sendable {
    let value: UnsafeMutablePointer<Double>
    init(_ value: UnsafeMutablePointer<Double>) { self.value = value }
}
