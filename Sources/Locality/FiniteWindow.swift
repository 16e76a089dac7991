import Foundation
import NumericalCore

/// The finite-window theory of RoPE failures of Wu, Du & Peng (2026), "RoPE at the End of Its
/// Rope? Theory, Diagnosis, and Mitigation of Long-Context Failures" (arXiv 2609.39929), for one
/// spectrum and one window of M relative distances.
///
/// With h frequencies ω_n and the base-grid ratio ρ = B^(−1/h) (ω_n = ρⁿ for unscaled RoPE):
/// - Γ_ε(ρ) = 2C_F/((1 − ρ)ε) (eq. 4/12); the certified high band H_ε(M) = {n : M·ω_n ≥ Γ_ε(ρ)},
///   its complement N_ε(M) of size k_N;
/// - R_F = (Σ_n |e^{iω_n} − 1|²)^½, the full-grid adjacent gain (Corollary A.1);
/// - the local-response floor ℓ(M; ζ) = [ζ − Γ_ε√h/M]₊ / R_F (eq. 28);
/// - the reversal envelope ψ_M(r; τ̄) = [Φ(−u_M(r)/υ_M(r)) − τ̄]₊ with u_M = εr + √k_N·√(1 − r²),
///   υ_M = [c_ε r − √k_N·√(1 − r²)]₊, c_ε = √(½ − ε), ψ_M = 0 where υ_M = 0 (eqs. 26–30), and the
///   lower bound p_rev_lower(M) = ψ_M(ℓ(M; ζ));
/// - c_G(ε) = ε/√π + ln((1 − 2ε)⁻¹)/(2√(2πe)), the Gaussian-approximation error (eq. 20);
/// - δ* = [Φ(−ε/√(½ − ε)) − τ̄]₊ and M_suff = max{2, ⌈Γ_ε/ω_min⌉, ⌊Γ_ε√h/ζ⌋ + 1} (Theorem 1).
///
/// Two constant sets (``Constants``): `certified`, Lemma C.1's universal C_F = 2π with ε as given
/// (the theorems hold; the windows are very conservative), and `operational`, the paper's
/// empirical C_F^emp = 0.06 with ε_ref = 0.1 (D.2.1, eq. 167), which reproduces its reported band
/// sizes. Following the paper, the operational split uses the model's actual (scaled) frequencies
/// with ρ from the unscaled base grid.
///
/// Source: the paper's text (look-up id 71523469479; equation numbers as above). Accuracy: the
/// closed forms to rounding; Φ from GSL. Complexity: O(h) per window.
public struct FiniteWindow: Sendable {
    /// C_F and ε.
    public struct Constants: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable { case certified, operational }
        public let kind: Kind
        /// The Fourier-frame constant C_F.
        public let frameConstant: Double
        /// ε (ε_ref for the operational set), 0 < ε < ½.
        public let epsilon: Double

        /// C_F = 2π (Lemma C.1, via Montgomery–Vaughan's Hilbert inequality).
        public static func certified(epsilon: Double = 0.25) -> Constants {
            precondition(epsilon > 0 && epsilon < 0.5, "ε must be in (0, ½)")
            return Constants(kind: .certified, frameConstant: 2 * .pi, epsilon: epsilon)
        }

        /// C_F^emp = 0.06, ε_ref = 0.1 (D.2.1).
        public static let operational = Constants(kind: .operational, frameConstant: 0.06, epsilon: 0.1)
    }

    public let inverseFrequencies: [Double]
    /// ρ = B^(−1/h) of the unscaled base grid.
    public let ratio: Double
    public let window: Int
    public let constants: Constants
    /// ζ, the response a window must retain (positional insensitivity threshold).
    public let zeta: Double
    /// τ̄_G, the allowed Gaussian-approximation error.
    public let tau: Double

    public init(inverseFrequencies: [Double], base: Double, window M: Int, constants: Constants, zeta: Double = 0.5, tau: Double = 0) {
        precondition(!inverseFrequencies.isEmpty && base > 1 && M >= 1 && zeta > 0 && tau >= 0 && tau < 0.5, "a spectrum, a base above 1, a window ≥ 1, ζ > 0, 0 ≤ τ̄ < ½")
        self.inverseFrequencies = inverseFrequencies
        ratio = pow(base, -1 / Double(inverseFrequencies.count))
        window = M
        self.constants = constants
        self.zeta = zeta
        self.tau = tau
    }

    public var h: Int { inverseFrequencies.count }
    /// Γ_ε(ρ) = 2C_F/((1 − ρ)ε).
    public var gamma: Double { Self.gamma(ratio: ratio, constants: constants) }

    public static func gamma(ratio rho: Double, constants c: Constants) -> Double { 2 * c.frameConstant / ((1 - rho) * c.epsilon) }

    /// H_ε(M): the channels with M·ω_n ≥ Γ_ε, in channel order.
    public var highBand: [Int] { inverseFrequencies.indices.filter { Double(window) * inverseFrequencies[$0] >= gamma } }
    /// k_N = h − |H_ε(M)|.
    public var lowBandSize: Int { h - highBand.count }

    /// R_F = (Σ_n |e^{iω_n} − 1|²)^½ = (Σ_n 4 sin²(ω_n/2))^½.
    public var adjacentGain: Double { inverseFrequencies.reduce(0) { $0 + 4 * pow(sin($1 / 2), 2) }.squareRoot() }

    /// ℓ(M; ζ) = [ζ − Γ_ε√h/M]₊ / R_F, the high-band norm share a window needs to keep response ζ.
    public var responseFloor: Double { max(zeta - gamma * Double(h).squareRoot() / Double(window), 0) / adjacentGain }

    /// ψ_M(r; τ̄), the reversal envelope at high-band share r ∈ [0, 1].
    public func reversalEnvelope(_ r: Double) -> Double {
        let eps = constants.epsilon, low = Double(lowBandSize).squareRoot() * (1 - r * r).squareRoot()
        let u = eps * r + low, v = max((0.5 - eps).squareRoot() * r - low, 0)
        guard v > 0 else { return 0 }
        return max(((try? StandardNormal.cdf(-u / v)) ?? 0) - tau, 0)
    }

    /// p_rev_lower(M) = ψ_M(ℓ(M; ζ)).
    public var reversalLowerBound: Double { reversalEnvelope(min(responseFloor, 1)) }

    /// c_G(ε) = ε/√π + ln(1/(1 − 2ε))/(2√(2πe)).
    public static func gaussianError(epsilon e: Double) -> Double { e / Double.pi.squareRoot() + log(1 / (1 - 2 * e)) / (2 * (2 * .pi * M_E).squareRoot()) }

    /// δ* = [Φ(−ε/√(½ − ε)) − τ̄]₊.
    public var deltaStar: Double {
        let e = constants.epsilon
        return max(((try? StandardNormal.cdf(-e / (0.5 - e).squareRoot())) ?? 0) - tau, 0)
    }

    /// M_suff = max{2, ⌈Γ_ε/ω_min⌉, ⌊Γ_ε√h/ζ⌋ + 1}: a window this long crosses δ < δ* (Theorem 1).
    public var sufficientWindow: Double {
        let omegaMin = inverseFrequencies.min()!
        return max(2, (gamma / omegaMin).rounded(.up), (gamma * Double(h).squareRoot() / zeta).rounded(.down) + 1)
    }

    /// r_H(z; M) = U_H/U for content with amplitudes |z_n|: the high band's share of the norm.
    public func highBandShare(amplitudes: [Double]) -> Double {
        precondition(amplitudes.count == h, "one amplitude per frequency")
        let total = amplitudes.reduce(0) { $0 + $1 * $1 }
        guard total > 0 else { return 0 }
        return (highBand.reduce(0) { $0 + amplitudes[$1] * amplitudes[$1] } / total).squareRoot()
    }

    /// The largest window M ≤ `limit` with p_rev_lower(M) ≤ δ, by bisection on the integers
    /// (p_rev_lower is non-decreasing in M, Theorem 1): Theorem 1's M_max over every window.
    /// nil when even M = 1 exceeds δ; `limit` when no window up to it does.
    ///
    /// - Complexity: O(h · log limit).
    public static func maximalWindow(inverseFrequencies theta: [Double], base: Double, constants: Constants, delta: Double,
                                     zeta: Double = 0.5, tau: Double = 0, limit: Int = 1 << 50) -> Int? {
        func ok(_ M: Int) -> Bool {
            FiniteWindow(inverseFrequencies: theta, base: base, window: M, constants: constants, zeta: zeta, tau: tau).reversalLowerBound <= delta
        }
        guard ok(1) else { return nil }
        if ok(limit) { return limit }
        var good = 1, bad = limit
        while bad - good > 1 {
            let mid = good + (bad - good) / 2
            if ok(mid) { good = mid } else { bad = mid }
        }
        return good
    }

    /// M_max = max{M in `windows` : p_rev_lower(M) ≤ δ} (Theorem 1), nil when none is.
    public static func maximalWindow(inverseFrequencies theta: [Double], base: Double, windows: [Int], constants: Constants,
                                     delta: Double, zeta: Double = 0.5, tau: Double = 0) -> Int? {
        windows.filter { FiniteWindow(inverseFrequencies: theta, base: base, window: $0, constants: constants, zeta: zeta, tau: tau).reversalLowerBound <= delta }.max()
    }
}

/// Positional insensitivity (Wu, Du & Peng 2026, eqs. 3, 15, 174): how much a score moves between
/// adjacent relative distances, relative to the content's norm.
public enum PositionalSensitivity {
    /// g_z(m) = |S(m+1) − S(m)| / U(z) for m = 0 … M−2, with S(m) = Σ_n |z_n| cos(mω_n + φ_n) and
    /// U(z) = ‖z‖₂. O(M·h).
    public static func adjacentResponse(_ content: ContentPair, inverseFrequencies theta: [Double], window M: Int) -> [Double] {
        precondition(M >= 2, "a window of at least two distances")
        let s = UniformPositionModel.scores(content, inverseFrequencies: theta, context: M)
        let norm = content.amplitudes.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return (0..<(M - 1)).map { abs(s[$0 + 1] - s[$0]) / norm }
    }

    /// max_m g_z(m) and the Positional Score P(z; M) = mean_m g_z(m) over the window.
    public static func summary(_ content: ContentPair, inverseFrequencies theta: [Double], window M: Int) -> (maximum: Double, score: Double) {
        let g = adjacentResponse(content, inverseFrequencies: theta, window: M)
        return (g.max()!, g.reduce(0, +) / Double(g.count))
    }
}
