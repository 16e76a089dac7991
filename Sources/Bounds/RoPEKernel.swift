import Foundation
import NumericalCore
import Rotary

/// The Men et al. kernel K(m) = Σᵢ cos(m·θᵢ) of a RoPE spectrum θ (Men, Xu, Wang et al.,
/// "Base of RoPE Bounds Context Length", NeurIPS 2024, Theorem 1: B_{m,θ}, the expected
/// attention advantage of a similar token over a random one at distance m, up to 2σ²).
///
/// Evaluation over ranges of m, the project's hot loop, uses Reinsch's modified Chebyshev
/// recurrence per channel with eight consecutive positions in the lanes of a vector, so that one
/// step advances every lane by eight positions (step angle 8θ), re-anchored at the start of every
/// block of ``blockLength`` positions with accurately reduced cos/sin of m₀θ
/// (``VectorSinCos/sinCos(multiple:of:)``, eight channels in one vector) rotated by lθ to the lanes:
///
///     Dⱼ₊₁ = Dⱼ + a·cⱼ,  cⱼ₊₁ = cⱼ + Dⱼ₊₁,  a = 2(cos 8θ − 1) = −4 sin²(4θ),
///
/// where cⱼ = cos((m₀ + 8j + l)θ) in lane l and Dⱼ = cⱼ − cⱼ₋₁. Unlike the plain three-term
/// recurrence cⱼ₊₁ = 2cos 8θ·cⱼ − cⱼ₋₁, this form does not lose the small angle (a is computed
/// from sin(4θ), not from 2cos 8θ − 2), so the error after j steps stays near j·ε for slow
/// channels too; a block takes 128 steps. Derived here (Reinsch's modification, see e.g. Oliver,
/// "An error analysis of the modified Clenshaw method", 1977). Lanes sum over channels with plain
/// vector additions (no horizontal sums), each step one fused multiply-add and two additions.
///
/// - Accuracy: block evaluation is within ``errorBound`` of K (proportional to the channel count:
///   1e-9 at d/2 = 64, 5.2e-7 at the largest head dimension's 32 768 channels; the tests check it
///   against direct evaluation at 64, 1 024 and 32 768 channels for m up to 1e9); ``value(at:)``
///   is accurate to ~1e-14·d/2 absolute (checked against mpmath).
///
/// One verdict criterion everywhere: K(m) < 0 means the direct value ``value(at:)`` is below 0.
/// ``Minimum/holds``, ``firstNegativeDistance(below:threads:progress:)`` and the acceptance test of
/// ``BaseBound`` all decide it that way; ``errorBound`` only says which block values need that direct
/// look, and how much margin a block value needs before it proves a violation by itself.
/// - Complexity: O(d/2) per position (one FMA per channel and position), plus O(d/2) vector
///   sin/cos per block.
public struct RoPEKernel: Sendable {
    /// Positions evaluated per anchored block.
    public static let blockLength = 1024
    /// The block error bound per (padded) channel: 1e-9 over 64 channels. Derived here: each
    /// channel's recurrence runs 128 steps from an anchor accurate to a few ulps, its error growing
    /// about linearly in the steps (Reinsch's form), so a channel contributes ≲ 128·4·2⁻⁵³ ≈ 6e-14
    /// plus the lane sums' rounding; 1.6e-11 per channel leaves a factor of ~100 (the tests measure
    /// the worst error at 64, 1 024 and 32 768 channels).
    public static let errorPerChannel = 1e-9 / 64

    /// A bound on the absolute error of block evaluation (``errorPerChannel`` × channels), used by
    /// certificates and to pick the positions that are evaluated directly.
    public var errorBound: Double { Self.errorPerChannel * Double(theta.count) }

    public let inverseFrequencies: [Double]
    /// Channels padded to a multiple of eight with θ = 0 channels, whose constant contribution
    /// (1 each) is subtracted.
    let padding: Int
    /// θ by channel, eight channels a vector (for direct evaluation across channels).
    let channelVectors: [SIMD8<Double>]
    /// Per padded channel: θ, a = −4 sin²(4θ), cos 8θ and sin 8θ, and cos lθ, sin lθ for the
    /// lane offsets l = 0 … 7.
    let theta: [Double]
    let recurrence: [Double]
    let cosStep: [Double]
    let sinStep: [Double]
    let cosLanes: [SIMD8<Double>]
    let sinLanes: [SIMD8<Double>]

    public init(inverseFrequencies: [Double]) {
        self.inverseFrequencies = inverseFrequencies
        let lanes = (inverseFrequencies.count + 7) / 8 * 8
        padding = lanes - inverseFrequencies.count
        let padded = inverseFrequencies + Array(repeating: 0, count: padding)
        theta = padded
        channelVectors = stride(from: 0, to: lanes, by: 8).map { k in SIMD8(padded[k..<(k + 8)]) }
        // Per channel vector: sin 4θ, cos/sin 8θ and cos/sin lθ (l = 0 … 7, by rotation from
        // cos/sin θ: seven rotations of an accurately reduced pair, a few ulps).
        var recurrence = [Double](repeating: 0, count: lanes), cosStep = recurrence, sinStep = recurrence
        var cosLanes = [SIMD8<Double>](repeating: .zero, count: lanes), sinLanes = cosLanes
        for (g, v) in channelVectors.enumerated() {
            let four = VectorSinCos.sinCos(4 * v), eight = VectorSinCos.sinCos(8 * v), one = VectorSinCos.sinCos(v)
            let a = -4 * four.sin * four.sin
            var (c, s) = (SIMD8<Double>(repeating: 1), SIMD8<Double>.zero)
            for l in 0..<8 {
                for i in 0..<8 {
                    cosLanes[8 * g + i][l] = c[i]
                    sinLanes[8 * g + i][l] = s[i]
                }
                (c, s) = (c * one.cos - s * one.sin, s * one.cos + c * one.sin)
            }
            for i in 0..<8 {
                recurrence[8 * g + i] = a[i]
                cosStep[8 * g + i] = eight.cos[i]
                sinStep[8 * g + i] = eight.sin[i]
            }
        }
        (self.recurrence, self.cosStep, self.sinStep, self.cosLanes, self.sinLanes) = (recurrence, cosStep, sinStep, cosLanes, sinLanes)
    }

    /// The kernel of the unscaled spectrum θᵢ = b^{−2i/d} (``RotarySpectrum/standardInverseFrequencies(base:rotaryDim:)``).
    public init(base: Double, rotaryDim: Int) {
        self.init(inverseFrequencies: RotarySpectrum.standardInverseFrequencies(base: base, rotaryDim: rotaryDim))
    }

    /// K(m), each term with accurately reduced arguments (``VectorSinCos/sinCos(multiple:of:)``,
    /// eight channels at a time). O(d/2).
    public func value(at m: Int) -> Double {
        let mm = SIMD8<Double>(repeating: Double(m))
        var sum = SIMD8<Double>.zero
        for v in channelVectors { sum += VectorSinCos.sinCos(multiple: mm, of: v).cos }
        return sum.sum() - Double(padding)
    }

    /// cos(m·θᵢ) and sin(m·θᵢ) for every channel, accurately reduced, eight channels a vector
    /// (padding channels give cos 1, sin 0). O(d/2).
    func cosSin(at m: Int) -> [(cos: SIMD8<Double>, sin: SIMD8<Double>)] {
        let mm = SIMD8<Double>(repeating: Double(m))
        return channelVectors.map { v in let r = VectorSinCos.sinCos(multiple: mm, of: v); return (r.cos, r.sin) }
    }

    /// K(m) for m = start ..< start + count (count ≤ blockLength), written to `output`.
    func evaluateBlock(start: Int, count: Int, into output: UnsafeMutablePointer<Double>) {
        let steps = (count + 7) / 8
        let accumulator = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: steps)
        defer { accumulator.deallocate() }
        accumulator.initialize(repeating: .zero, count: steps)
        for (g, v) in channelVectors.enumerated() {
            // cos and sin of start·θ for the eight channels of the pass, in one vector.
            let (s, c) = VectorSinCos.sinCos(multiple: SIMD8(repeating: Double(start)), of: v)
            accumulateEight(8 * g, c, s, steps, accumulator)
        }
        WorkTally.add(.fusedMultiplyAdd, steps * 8 * theta.count)
        WorkTally.add(.sinCos, theta.count)
        let constant = Double(padding)
        let flat = UnsafeMutableRawPointer(accumulator).assumingMemoryBound(to: Double.self)
        for j in 0..<count { output[j] = flat[j] - constant }
    }

    /// Adds channels k … k + 7 to the accumulator of one block whose first position has cos and
    /// sin `c`, `s` (channel k + i in lane i): eight independent recurrences with their state in
    /// registers hide each other's latency.
    @inline(__always)
    private func accumulateEight(_ k: Int, _ c: SIMD8<Double>, _ s: SIMD8<Double>, _ steps: Int,
                                 _ accumulator: UnsafeMutablePointer<SIMD8<Double>>) {
        typealias V = SIMD8<Double>
        var (c0, d0) = anchor(k, c[0], s[0]), (c1, d1) = anchor(k + 1, c[1], s[1])
        var (c2, d2) = anchor(k + 2, c[2], s[2]), (c3, d3) = anchor(k + 3, c[3], s[3])
        var (c4, d4) = anchor(k + 4, c[4], s[4]), (c5, d5) = anchor(k + 5, c[5], s[5])
        var (c6, d6) = anchor(k + 6, c[6], s[6]), (c7, d7) = anchor(k + 7, c[7], s[7])
        let a0 = V(repeating: recurrence[k]), a1 = V(repeating: recurrence[k + 1])
        let a2 = V(repeating: recurrence[k + 2]), a3 = V(repeating: recurrence[k + 3])
        let a4 = V(repeating: recurrence[k + 4]), a5 = V(repeating: recurrence[k + 5])
        let a6 = V(repeating: recurrence[k + 6]), a7 = V(repeating: recurrence[k + 7])
        for j in 0..<steps {
            accumulator[j] += ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7))
            d0 = d0.addingProduct(a0, c0); d1 = d1.addingProduct(a1, c1)
            d2 = d2.addingProduct(a2, c2); d3 = d3.addingProduct(a3, c3)
            d4 = d4.addingProduct(a4, c4); d5 = d5.addingProduct(a5, c5)
            d6 = d6.addingProduct(a6, c6); d7 = d7.addingProduct(a7, c7)
            c0 += d0; c1 += d1; c2 += d2; c3 += d3
            c4 += d4; c5 += d5; c6 += d6; c7 += d7
        }
    }

    /// The recurrence state of channel k in the lanes of positions m₀ + l from c₀ = cos(m₀θ) and
    /// s₀ = sin(m₀θ): c = cos((m₀ + l)θ) = c₀ cos lθ − s₀ sin lθ, s = sin((m₀ + l)θ) likewise, and
    /// D = c − cos((m − 8)θ) with cos((m − 8)θ) = c cos 8θ + s sin 8θ. One rotation of an accurately
    /// reduced pair: a few ulps.
    @inline(__always)
    private func anchor(_ k: Int, _ c0: Double, _ s0: Double) -> (SIMD8<Double>, SIMD8<Double>) {
        typealias V = SIMD8<Double>
        let (cl, sl) = (cosLanes[k], sinLanes[k])
        let (cv, sv) = (V(repeating: c0), V(repeating: s0))
        let c = (cv * cl).addingProduct(-sv, sl)
        let s = (sv * cl).addingProduct(cv, sl)
        return (c, c - (c * V(repeating: cosStep[k])).addingProduct(s, V(repeating: sinStep[k])))
    }

    /// The smallest K(m) over a range of distances, where it is attained, and how far it is known.
    public struct Minimum: Sendable, Equatable {
        /// min K(m), each candidate near the minimum re-evaluated directly (``value(at:)``).
        public let value: Double
        /// The first m attaining it.
        public let argmin: Int
        /// A bound on |value − exact minimum| for up to 64 channels: the direct evaluation's error
        /// (used by tests as the tolerance against mpmath).
        public static let error = 1e-12

        /// K ≥ 0 everywhere in the range: the Men et al. condition holds. The one criterion of every
        /// kernel verdict: the directly evaluated minimum is not below 0.
        public var holds: Bool { value >= 0 }
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
            for j in 0..<count where buffer[j] <= low + 2 * errorBound {
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
                for j in 0..<n where buffer[j] < errorBound && value(at: start + j) < 0 { return start + j }
                return nil
            }
            if let m = found.lazy.compactMap({ $0 }).first { return m }
            first += count
        }
        return nil
    }
}
