import Foundation
import NumericalCore
import Rotary
import Synchronization

/// Fixed content, uniform positions: the model attributed to Du et al. (2026), "RoPE Distinguishes
/// Neither Positions Nor Tokens in Long Contexts, Provably" (arXiv 2605.15514). **Reconstruction**:
/// the paper's text was not available; this follows secondary descriptions (locality.md §1.4–1.5)
/// and does not reproduce its theorems or numbers.
///
/// For a fixed query and key, s(r) = Σ_j C_j cos(rθ_j + φ_j) with C_j = |q̃_j||k̃_j| and
/// φ_j = arg(q̃_j conj(k̃_j)); the randomness is the relative distance r, uniform on {0, …, L−1}.
public struct ContentPair: Sendable, Equatable {
    public let amplitudes: [Double]
    public let phases: [Double]

    public init(amplitudes: [Double], phases: [Double]) {
        precondition(amplitudes.count == phases.count, "one amplitude and one phase per frequency block")
        self.amplitudes = amplitudes
        self.phases = phases
    }

    /// From vectors q, k of dimension d = 2h, paired as q̃_j = q_{2j} + i q_{2j+1} (RoFormer's
    /// interleaving; the half-split pairing is a permutation and changes no result).
    public init(query q: [Double], key k: [Double]) {
        precondition(q.count == k.count && q.count % 2 == 0, "q and k need the same even dimension")
        var c: [Double] = [], p: [Double] = []
        for j in 0..<(q.count / 2) {
            let (qr, qi, kr, ki) = (q[2 * j], q[2 * j + 1], k[2 * j], k[2 * j + 1])
            let re = qr * kr + qi * ki, im = qi * kr - qr * ki
            c.append((re * re + im * im).squareRoot())
            p.append(atan2(im, re))
        }
        self.init(amplitudes: c, phases: p)
    }

    /// The content of the score difference of two keys against one query, S₁ − S₂: scores are
    /// linear in the key, so it is the pair (q, k₁ − k₂), here from its complex terms
    /// d_n = C₁ₙe^{iφ₁ₙ} − C₂ₙe^{iφ₂ₙ}. O(h).
    public static func difference(_ a: ContentPair, _ b: ContentPair) -> ContentPair {
        precondition(a.amplitudes.count == b.amplitudes.count)
        var c: [Double] = [], p: [Double] = []
        for n in a.amplitudes.indices {
            let re = a.amplitudes[n] * cos(a.phases[n]) - b.amplitudes[n] * cos(b.phases[n])
            let im = a.amplitudes[n] * sin(a.phases[n]) - b.amplitudes[n] * sin(b.phases[n])
            c.append((re * re + im * im).squareRoot())
            p.append(atan2(im, re))
        }
        return ContentPair(amplitudes: c, phases: p)
    }

    /// The all-ones query and key of dimension d (s(r) = 2K(r)).
    public static func ones(dimension d: Int) -> ContentPair {
        ContentPair(query: Array(repeating: 1, count: d), key: Array(repeating: 1, count: d))
    }
}

public enum UniformPositionModel {
    /// D_L(x) = (1/L) Σ_{r<L} e^{irx} = e^{i(L−1)x/2} sin(Lx/2)/(L sin(x/2)), 1 at x ≡ 0 (mod 2π).
    static func dirichlet(_ x: Double, _ L: Int) -> (Double, Double) {
        let half = sin(x / 2)
        if abs(half) < 1e-300 { return (1, 0) }
        let magnitude = sin(Double(L) * x / 2) / (Double(L) * half)
        let angle = Double(L - 1) * x / 2
        return (magnitude * cos(angle), magnitude * sin(angle))
    }

    /// E_r[s(r)] = Σ_n C_n Re[e^{iφ_n} D_L(θ_n)], exact (locality.md §1.4 [D]). O(h).
    public static func mean(_ content: ContentPair, inverseFrequencies theta: [Double], context L: Int) -> Double {
        var total = 0.0
        for (n, t) in theta.enumerated() {
            let (dr, di) = dirichlet(t, L)
            total += content.amplitudes[n] * (cos(content.phases[n]) * dr - sin(content.phases[n]) * di)
        }
        return total
    }

    /// E_r[s(r)²] = Σ_n Σ_p (C_n C_p/2) Re[e^{i(φ_n−φ_p)} D_L(θ_n−θ_p) + e^{i(φ_n+φ_p)} D_L(θ_n+θ_p)],
    /// exact. O(h²).
    public static func secondMoment(_ content: ContentPair, inverseFrequencies theta: [Double], context L: Int) -> Double {
        var total = 0.0
        for n in theta.indices {
            for p in theta.indices {
                let w = content.amplitudes[n] * content.amplitudes[p] / 2
                let (d1r, d1i) = dirichlet(theta[n] - theta[p], L)
                let (d2r, d2i) = dirichlet(theta[n] + theta[p], L)
                let minus = content.phases[n] - content.phases[p], plus = content.phases[n] + content.phases[p]
                total += w * (cos(minus) * d1r - sin(minus) * d1i + cos(plus) * d2r - sin(plus) * d2i)
            }
        }
        return total
    }

    /// p̂_rev = Φ(−μ_D/σ_D): the normal predictor of the reversal rate of a score difference
    /// D(r) = Σ_n |d_n| cos(rθ_n + φ_n) over r uniform on {0, …, L−1}, oriented so that D(0) > 0,
    /// with the exact moments μ_D = ``mean(_:inverseFrequencies:context:)`` and
    /// σ_D² = ``secondMoment(_:inverseFrequencies:context:)`` − μ_D².
    ///
    /// Source: derived here (locality.md §1.4), and confirmed by Wu, Du & Peng (2026), G.1.2
    /// eq. 173, whose operational predictor it is. Accuracy: the moments to rounding; as a
    /// predictor, it is as good as the normal approximation (the paper bounds the gap by τ_G).
    /// Complexity: O(h²). Returns 0 for a difference that does not vary (σ_D = 0).
    public static func reversalPredictor(_ difference: ContentPair, inverseFrequencies theta: [Double], context L: Int) -> Double {
        let at0 = zip(difference.amplitudes, difference.phases).reduce(0) { $0 + $1.0 * cos($1.1) }
        let sign: Double = at0 < 0 ? -1 : 1
        let mu = sign * mean(difference, inverseFrequencies: theta, context: L)
        let variance = secondMoment(difference, inverseFrequencies: theta, context: L) - mu * mu
        guard variance > 1e-300 else { return 0 }
        return (try? StandardNormal.cdf(-mu / variance.squareRoot())) ?? 0
    }

    /// s(r) for r = 0 … L−1, each term C_n cos(fl(fl(r·θ_n) + φ_n)) evaluated directly (phase
    /// error ≤ r·θ·2⁻⁵³ from the argument, cos to 3·10⁻¹⁶ by ``VectorSinCos``), eight positions
    /// a vector, in chunks of 2¹⁶ positions on up to `threads` workers. Each score sums its terms in
    /// channel order, so the result does not depend on the thread count. O(L·h).
    public static func scores(_ content: ContentPair, inverseFrequencies theta: [Double], context L: Int,
                              threads: Int = Parallel.defaultThreads) -> [Double] {
        var out = [Double](repeating: 0, count: L)
        guard L > 0 else { return out }
        let chunk = 65_536
        let chunks = (L + chunk - 1) / chunk
        let amplitudes = content.amplitudes, phases = content.phases
        out.withUnsafeMutableBufferPointer { buffer in
            let base = UncheckedSendable(buffer.baseAddress!)
            _ = Parallel.map(chunks, threads: threads) { c -> Int in
                let end = min(L, (c + 1) * chunk)
                var r = c * chunk
                let lanes = SIMD8<Double>(0, 1, 2, 3, 4, 5, 6, 7)
                while r < end {
                    let positions = SIMD8<Double>(repeating: Double(r)) + lanes
                    var sum = SIMD8<Double>.zero
                    for n in theta.indices {
                        let argument = positions * SIMD8(repeating: theta[n]) + SIMD8(repeating: phases[n])
                        sum += SIMD8(repeating: amplitudes[n]) * VectorSinCos.sinCos(argument).cos
                    }
                    for lane in 0..<min(8, end - r) { base.value[r + lane] = sum[lane] }
                    r += 8
                }
                WorkTally.add(.sinCos, (end - c * chunk) * theta.count)
                return 0
            }
        }
        return out
    }

    /// The fraction of pairs r₁ < r₂ < L with s(r₁) < s(r₂): the farther copy scores higher
    /// (position inversion), counted exactly by parallel merge sort (``PairCounting``) in
    /// O(L log L); the count is an integer, so every thread count gives the same rate.
    public static func inversionRate(_ s: [Double], threads: Int = Parallel.defaultThreads) -> Double {
        let L = s.count
        guard L >= 2 else { return 0 }
        let ascending = PairCounting.ascendingPairs(s, threads: threads)
        return Double(ascending) / (Double(L) * Double(L - 1) / 2)
    }

    /// The fraction of pairs r₁ ≠ r₂ whose scores are equal after rounding to `format`
    /// (position aliasing), counted exactly by sorting (rounding and sorting in parallel). O(L log L).
    public static func aliasingRate(_ s: [Double], format: FloatFormat, threads: Int = Parallel.defaultThreads) -> Double {
        let L = s.count
        guard L >= 2 else { return 0 }
        let rounded = PairCounting.sortCounting(rounded(s, format, threads: threads), threads: threads).sorted
        var pairs = 0, run = 1
        for i in 1..<L {
            if rounded[i] == rounded[i - 1] { run += 1 } else { pairs += run * (run - 1) / 2; run = 1 }
        }
        pairs += run * (run - 1) / 2
        return Double(pairs) / (Double(L) * Double(L - 1) / 2)
    }

    /// s rounded to `format`, in parallel chunks.
    static func rounded(_ s: [Double], _ format: FloatFormat, threads: Int) -> [Double] {
        let chunk = 1 << 16
        let parts = Parallel.map((s.count + chunk - 1) / chunk, threads: threads) { c in
            s[(c * chunk)..<min(s.count, (c + 1) * chunk)].map(format.round)
        }
        return Array(parts.joined())
    }

    /// Token events for two keys against one query: the fraction of r < L at which the order of
    /// s₁ and s₂ differs from their order at r = 0 (token inversion), and at which they are equal
    /// after rounding to `format` (token aliasing). Counted in parallel chunks (integer counts,
    /// the same for every thread count). O(L).
    public static func tokenEvents(_ s1: [Double], _ s2: [Double], format: FloatFormat,
                                   threads: Int = Parallel.defaultThreads) -> (inversion: Double, aliasing: Double) {
        precondition(s1.count == s2.count && !s1.isEmpty)
        let sign0 = s1[0] > s2[0]
        let chunk = 1 << 16
        let counts = Parallel.map((s1.count + chunk - 1) / chunk, threads: threads) { c -> (Int, Int) in
            var inversions = 0, aliased = 0
            for r in (c * chunk)..<min(s1.count, (c + 1) * chunk) {
                if (s1[r] > s2[r]) != sign0 && s1[r] != s2[r] { inversions += 1 }
                if format.round(s1[r]) == format.round(s2[r]) { aliased += 1 }
            }
            return (inversions, aliased)
        }
        let inversions = counts.reduce(0) { $0 + $1.0 }, aliased = counts.reduce(0) { $0 + $1.1 }
        return (Double(inversions) / Double(s1.count), Double(aliased) / Double(s1.count))
    }
}
