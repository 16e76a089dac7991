import Foundation
import NumericalCore
import Rotary

/// The Men et al. kernel K(m) = Σᵢ cos(m·θᵢ) of a RoPE spectrum θ (Men, Xu, Wang et al.,
/// "Base of RoPE Bounds Context Length", NeurIPS 2024, Theorem 1: B_{m,θ}, the expected
/// attention advantage of a similar token over a random one at distance m, up to 2σ²).
///
/// Evaluation over ranges of m, the project's hot loop, uses Reinsch's modified Chebyshev
/// recurrence per channel, vectorised across channels and re-anchored at the start of every
/// block of ``blockLength`` positions with accurately reduced cos/sin (``accurateCosSin``):
///
///     Dₘ₊₁ = Dₘ + a·cₘ,  cₘ₊₁ = cₘ + Dₘ₊₁,  a = 2(cos θ − 1) = −4 sin²(θ/2),
///
/// where cₘ = cos(mθ) and Dₘ = cₘ − cₘ₋₁. Unlike the plain three-term recurrence
/// cₘ₊₁ = 2cos θ·cₘ − cₘ₋₁, this form does not lose the small angle (a is computed from
/// sin(θ/2), not from 2cos θ − 2), so the error after j steps stays near j·ε for slow channels
/// too. Derived here (Reinsch's modification, see e.g. Oliver, "An error analysis of the modified
/// Clenshaw method", 1977).
///
/// - Accuracy: absolute error of K below 1e-9 for m up to 1e9 at d/2 = 64 channels (the tests
///   check block evaluation against direct evaluation at scattered m up to 1e9 and against
///   mpmath); ``value(at:)`` is accurate to ~1e-14 absolute.
/// - Complexity: O(d/2) per position, plus O(d/2) libm calls per block.
public struct RoPEKernel: Sendable {
    /// Positions evaluated per anchored block.
    public static let blockLength = 1024
    /// A bound on the absolute error of block evaluation, used by certificates.
    public static let errorBound = 1e-9

    public let inverseFrequencies: [Double]
    /// Channels padded to a multiple of the SIMD width with θ = 0 lanes, whose constant
    /// contribution (1 each) is subtracted.
    let padded: [SIMD4<Double>]
    let padding: Int
    let cosTheta: [SIMD4<Double>]
    let sinTheta: [SIMD4<Double>]
    let recurrence: [SIMD4<Double>]

    public init(inverseFrequencies: [Double]) {
        self.inverseFrequencies = inverseFrequencies
        // Channels are processed sixteen at a time (four SIMD4 vectors); θ = 0 lanes fill the rest.
        let lanes = (inverseFrequencies.count + 15) / 16 * 16
        padding = lanes - inverseFrequencies.count
        let theta = inverseFrequencies + Array(repeating: 0, count: padding)
        func pack(_ f: (Double) -> Double) -> [SIMD4<Double>] {
            stride(from: 0, to: lanes, by: 4).map { SIMD4(f(theta[$0]), f(theta[$0 + 1]), f(theta[$0 + 2]), f(theta[$0 + 3])) }
        }
        padded = pack { $0 }
        cosTheta = pack(cos)
        sinTheta = pack(sin)
        recurrence = pack { t in let h = sin(t / 2); return -4 * h * h }
    }

    /// The kernel of the unscaled spectrum θᵢ = b^{−2i/d} (``RotarySpectrum/standardInverseFrequencies(base:rotaryDim:)``).
    public init(base: Double, rotaryDim: Int) {
        self.init(inverseFrequencies: RotarySpectrum.standardInverseFrequencies(base: base, rotaryDim: rotaryDim))
    }

    /// K(m), each term with accurately reduced arguments. O(d/2).
    public func value(at m: Int) -> Double {
        var sum = 0.0
        for t in inverseFrequencies { sum += accurateCosSin(m, t).cos }
        return sum
    }

    /// K(m) for m = start ..< start + count (count ≤ blockLength), written to `output`.
    func evaluateBlock(start: Int, count: Int, into output: UnsafeMutablePointer<Double>) {
        let accumulator = UnsafeMutablePointer<SIMD4<Double>>.allocate(capacity: count)
        defer { accumulator.deallocate() }
        accumulator.initialize(repeating: .zero, count: count)
        for v in stride(from: 0, to: padded.count, by: 4) {
            let (c0, d0) = anchor(v, start), (c1, d1) = anchor(v + 1, start)
            let (c2, d2) = anchor(v + 2, start), (c3, d3) = anchor(v + 3, start)
            var c = (c0, c1, c2, c3), d = (d0, d1, d2, d3)
            // Four independent recurrences with their state in registers hide each other's latency.
            let a = (recurrence[v], recurrence[v + 1], recurrence[v + 2], recurrence[v + 3])
            for j in 0..<count {
                accumulator[j] += (c.0 + c.1) + (c.2 + c.3)
                d.0 += a.0 * c.0; d.1 += a.1 * c.1; d.2 += a.2 * c.2; d.3 += a.3 * c.3
                c.0 += d.0; c.1 += d.1; c.2 += d.2; c.3 += d.3
            }
        }
        let constant = Double(padding)
        for j in 0..<count { output[j] = accumulator[j].sum() - constant }
    }

    /// The recurrence state of channel vector v at position m: c = cos(mθ) and
    /// D = c − cos((m − 1)θ), with cos((m − 1)θ) = cos(mθ)cos θ + sin(mθ) sin θ.
    @inline(__always)
    private func anchor(_ v: Int, _ m: Int) -> (SIMD4<Double>, SIMD4<Double>) {
        var c = SIMD4<Double>.zero, s = SIMD4<Double>.zero
        for lane in 0..<4 {
            (c[lane], s[lane]) = accurateCosSin(m, padded[v][lane])
        }
        return (c, c - (c * cosTheta[v] + s * sinTheta[v]))
    }

    /// The smallest K(m) over a range of distances, where it is attained, and how far it is known.
    public struct Minimum: Sendable, Equatable {
        /// min K(m), each candidate near the minimum re-evaluated directly (``value(at:)``).
        public let value: Double
        /// The first m attaining it.
        public let argmin: Int
        /// A bound on |value − exact minimum|: the direct evaluation's error.
        public static let error = 1e-12

        /// K ≥ 0 everywhere in the range: the Men et al. condition holds. A minimum within
        /// ``error`` of zero counts as holding (no kernel of a real spectrum is that close to 0
        /// except by construction); the value is reported either way.
        public var holds: Bool { value >= -Self.error }
    }

    /// The smallest K(m) over `range` and the first m attaining it.
    ///
    /// Blocks of ``blockLength`` positions are evaluated by the recurrence (error < ``errorBound``)
    /// on up to `threads` workers; every position within 2·``errorBound`` of its block's minimum is
    /// then re-evaluated directly, so the returned value is accurate to ~1e-14 and the argmin is
    /// exact unless two minima agree that closely. Results are identical for every thread count.
    ///
    /// - Complexity: O(|range|·d/2) work spread over `threads` threads, O(|range|/1024) memory.
    /// - Throws: ``Interrupted`` when `progress` asks to stop.
    public func minimum(over range: Range<Int>, threads: Int = Parallel.defaultThreads,
                        progress: ProgressSink? = nil) throws(Interrupted) -> Minimum {
        precondition(!range.isEmpty && range.lowerBound >= 0, "minimum needs a non-empty range of m ≥ 0")
        let blocks = (range.count + Self.blockLength - 1) / Self.blockLength
        let counter = WorkCounter(total: Double(blocks), sink: progress)
        let perBlock = try Parallel.map(blocks, threads: threads) { (b: Int) throws(Interrupted) -> (Double, Int) in
            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: Self.blockLength)
            defer { buffer.deallocate() }
            let start = range.lowerBound + b * Self.blockLength
            let count = min(Self.blockLength, range.upperBound - start)
            evaluateBlock(start: start, count: count, into: buffer)
            var low = Double.infinity
            for j in 0..<count { low = min(low, buffer[j]) }
            var best = (Double.infinity, start)
            for j in 0..<count where buffer[j] <= low + 2 * Self.errorBound {
                let v = value(at: start + j)
                if v < best.0 { best = (v, start + j) }
            }
            try counter.advance()
            return best
        }
        var best = perBlock[0]
        for candidate in perBlock.dropFirst() where candidate.0 < best.0 { best = candidate }
        return Minimum(value: best.0, argmin: best.1)
    }

    /// The smallest m ≥ 0 with K(m) < 0 (`first_negative_distance`), nil when K ≥ 0 for every
    /// m < `limit`. The Men et al. condition "K(m) ≥ 0 for all m < L" holds exactly for L ≤ that m.
    ///
    /// Blocks are evaluated in waves of 16 per worker, in order; a block value below
    /// ``errorBound`` is decided by direct evaluation (accurate to ~1e-14), so no grid and no
    /// tolerance enters the answer. Identical for every thread count.
    ///
    ///     RoPEKernel(base: 26_950, rotaryDim: 128).firstNegativeDistance(below: 4096)   // 3999 (say)
    ///
    /// - Complexity: O(m·d/2) for the answer m (O(limit·d/2) when there is none).
    /// - Throws: ``Interrupted`` when `progress` asks to stop.
    public func firstNegativeDistance(below limit: Int, threads: Int = Parallel.defaultThreads,
                                      progress: ProgressSink? = nil) throws(Interrupted) -> Int? {
        precondition(limit >= 0, "the search limit must be non-negative")
        let blocks = (limit + Self.blockLength - 1) / Self.blockLength
        let wave = max(1, threads) * 16
        let counter = WorkCounter(total: Double(blocks), sink: progress)
        var first = 0
        while first < blocks {
            let count = min(wave, blocks - first), offset = first
            let found = try Parallel.map(count, threads: threads) { (i: Int) throws(Interrupted) -> Int? in
                let buffer = UnsafeMutablePointer<Double>.allocate(capacity: Self.blockLength)
                defer { buffer.deallocate() }
                let start = (offset + i) * Self.blockLength
                let n = min(Self.blockLength, limit - start)
                evaluateBlock(start: start, count: n, into: buffer)
                try counter.advance()
                for j in 0..<n where buffer[j] < Self.errorBound && value(at: start + j) < 0 { return start + j }
                return nil
            }
            if let m = found.lazy.compactMap({ $0 }).first { return m }
            first += count
        }
        return nil
    }
}
