import NumericalCore

/// Which pairs of relative distances a position-inversion rate compares: the sources differ.
///
/// - `allPairs`: every pair r₁ < r₂ < L, the farther scoring higher (this tool's first reading of
///   Du et al., locality.md §1.8a; the default, so that earlier numbers keep their meaning);
/// - `halves`: a near distance in [0, L/2) against a far one in [L/2, L), independent and uniform
///   (Du et al. 2026 as a secondary account describes their Theorem 1, finite-window.md (B));
/// - `intervals`: near in {L+1, …, 2L} against far in {2L+1, …, 3L} (Wu, Du & Peng 2026, Theorem 2).
///
/// Each rate is P[s(far) > s(near)] (ties are not inversions), counted exactly in O(n log n).
public enum PositionProtocol: String, Sendable, CaseIterable {
    case allPairs = "all-pairs"
    case halves
    case intervals

    /// The number of leading distances 0 … n−1 whose scores the protocol reads at context L.
    public func span(_ L: Int) -> Int { self == .intervals ? 3 * L + 1 : L }

    /// The near and far ranges at context L (allPairs: the whole prefix for both).
    func ranges(_ L: Int) -> (near: Range<Int>, far: Range<Int>) {
        switch self {
        case .allPairs: return (0..<L, 0..<L)
        case .halves: return (0..<(L / 2), (L / 2)..<L)
        case .intervals: return ((L + 1)..<(2 * L + 1), (2 * L + 1)..<(3 * L + 1))
        }
    }

    /// The exact inversion rate at context L from scores s of at least ``span(_:)`` distances.
    ///
    /// - Complexity: O(L log L) over `threads` workers: parallel merge counting for all pairs
    ///   (``PairCounting``); for two ranges, the near scores sorted in parallel and each far score
    ///   placed by binary search, in parallel chunks. Integer counts: the same rate for every
    ///   thread count.
    public func inversionRate(_ s: [Double], context L: Int, threads: Int = Parallel.defaultThreads) -> Double {
        precondition(s.count >= span(L) && L >= 2, "the protocol needs \(span(L)) scores")
        if self == .allPairs { return UniformPositionModel.inversionRate(Array(s[0..<L]), threads: threads) }
        let (nearRange, farRange) = ranges(L)
        let near = PairCounting.sortCounting(Array(s[nearRange]), threads: threads).sorted
        let chunk = 1 << 16
        let counts = Parallel.map((farRange.count + chunk - 1) / chunk, threads: threads) { c -> Int in
            var below = 0
            for i in (farRange.lowerBound + c * chunk)..<min(farRange.upperBound, farRange.lowerBound + (c + 1) * chunk) {
                let x = s[i]
                var lo = 0, hi = near.count        // count of near scores strictly below x
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if near[mid] < x { lo = mid + 1 } else { hi = mid }
                }
                below += lo
            }
            return below
        }
        return Double(counts.reduce(0, +)) / (Double(near.count) * Double(farRange.count))
    }

    /// The same rate by Monte Carlo: `samples` independent (near, far) draws of the protocol's law
    /// (all pairs: an ordered pair r₁ < r₂ drawn uniformly), from Philox stream 0 of `seed`.
    /// Returns the rate and its standard error √(p(1−p)/n).
    ///
    /// - Complexity: O(samples).
    public func monteCarlo(_ s: [Double], context L: Int, samples: Int, seed: UInt64 = 0) -> (value: Double, error: Double) {
        precondition(s.count >= span(L) && L >= 2 && samples >= 1)
        var rng = RandomStream(seed: seed)
        func uniform(_ r: Range<Int>) -> Int { r.lowerBound + min(Int(rng.nextUniform() * Double(r.count)), r.count - 1) }
        let (nearRange, farRange) = ranges(L)
        var hits = 0
        for _ in 0..<samples {
            var near: Int, far: Int
            if self == .allPairs {
                repeat { near = uniform(0..<L); far = uniform(0..<L) } while near == far
                if near > far { swap(&near, &far) }
            } else {
                near = uniform(nearRange); far = uniform(farRange)
            }
            if s[far] > s[near] { hits += 1 }
        }
        let p = Double(hits) / Double(samples)
        return (p, (p * (1 - p) / Double(samples)).squareRoot())
    }
}
