import Foundation
import Rotary

/// Bounds on the RoPE base from the phase-modulation view of Liu (2026), "Rotary Positional
/// Embeddings as Phase Modulation: Theoretical Bounds on the RoPE Base for Long-Context
/// Transformers" (arXiv 2602.10959).
///
/// **Reconstruction.** The paper's full text is not available. The four inequalities below are
/// the ones quoted by a secondary summary [S] (rope-bounds.md §1.3–1.6); their reading as
/// conditions on the slowest oscillator ω_min, the depth compounding cos(L·ω_min)^N ≥ ε, the
/// precision wall L_wall and the exact-spectrum convention are reconstructions [R], not the
/// paper's own results. ε (a coherence threshold, not machine epsilon) is a free parameter.
///
/// With ω_min the smallest rotated inverse frequency over a context of L tokens and N layers:
/// - aliasing: L < 2π/ω_min
/// - DC stability: cos(L·ω_min) ≥ ε, i.e. L·ω_min ≤ arccos ε
/// - depth: cos(L·ω_min)^N ≥ ε, i.e. L·ω_min ≤ arccos(ε^{1/N})
/// - precision: ω_min > ε_mach of the format in which angles are computed
public struct PhaseModulationBounds: Sendable, Equatable {
    /// How ω_min is obtained from a model.
    public enum Convention: String, Sendable, CaseIterable {
        /// ω_min = the smallest inverse frequency of the actual, scaled spectrum; bounds are
        /// thresholds on the effective base 1/ω_min. The default.
        case exact
        /// The paper's form as quoted: ω_min ≈ 1/base with base = rope_theta, scaling ignored.
        case paper
        /// The settings of Liu (2026)'s case study (Table 1, §4) as the one secondary account that
        /// read it reports them [S] (sources review 2026-12-04 §2.1): ε = 0.95, fp32 angles, every
        /// bound on 1/base with base = rope_theta, and a "YaRN effective base" for YaRN models whose
        /// formula the account does not give. Reconstructed here [R]: the NTK-aware base of the YaRN
        /// paper (Peng et al. 2023, arXiv 2309.00071, §3.1: b′ = b·s^{d/(d−2)}), applied to YaRN
        /// configs only; other scalings keep rope_theta, as the account mentions no other conversion.
        /// ε and the format are fixed by this convention (``liu2026Epsilon``, fp32).
        case liu2026
    }

    /// ε of Liu (2026)'s case study (Table 1, §4) [S].
    public static let liu2026Epsilon = 0.95

    /// The base Liu (2026)'s case study compares for rope_theta `b`, rotary dimension d and, for a
    /// YaRN config, its factor s: b·s^{d/(d−2)} (the NTK-aware effective base [R]), else b. O(1).
    ///
    ///     PhaseModulationBounds.liu2026Base(ropeTheta: 1e6, rotaryDim: 128, yarnFactor: 4)   // 4.09e6
    public static func liu2026Base(ropeTheta b: Double, rotaryDim d: Int, yarnFactor s: Double?) -> Double {
        guard let s, s > 1, d > 2 else { return b }
        return b * pow(s, Double(d) / Double(d - 2))
    }

    /// ε's default. Rationale: cos(L·ω_min) ≥ 1/2 lets the slowest oscillator drift by at most
    /// π/3 over the context, keeping half of its projection on its starting phasor; ε → 1 makes
    /// every bound diverge and ε → 0 only approaches the quarter-period limit π/2. With ε = 1/2
    /// the fp32 wall for 32–80 layers is 1.1–1.7 million tokens, the abstract's "≈ 1M" (§1.8).
    public static let defaultEpsilon = 0.5

    public let context: Int
    public let layers: Int
    public let epsilon: Double
    public let precision: FloatFormat

    public init(context: Int, layers: Int, epsilon: Double = defaultEpsilon, precision: FloatFormat = .fp32) {
        precondition(context >= 1 && layers >= 1 && epsilon > 0 && epsilon < 1, "need L ≥ 1, N ≥ 1, 0 < ε < 1")
        self.context = context
        self.layers = layers
        self.epsilon = epsilon
        self.precision = precision
    }

    /// L/(2π): the smallest (effective) base for which the slowest channel does not wrap within L.
    public var aliasingMinBase: Double { Double(context) / (2 * .pi) }
    /// L/arccos ε.
    public var dcMinBase: Double { Double(context) / acos(epsilon) }
    /// L/arccos(ε^{1/N}); always the largest lower bound (N ≥ 1, 0 < ε < 1).
    public var depthMinBase: Double { Double(context) / acos(pow(epsilon, 1 / Double(layers))) }
    /// 1/ε_mach: above it the slowest channel's per-token phase increment is below the format's
    /// resolution near 1.
    public var precisionMaxBase: Double { Self.precisionCeiling(precision) }

    /// The precision ceiling 1/ε_mach of a format (2²³ for fp32): the one place it is derived.
    public static func precisionCeiling(_ format: FloatFormat) -> Double { 1 / format.machineEpsilon }

    /// The feasible ("Goldilocks") interval of effective bases [depthMinBase, precisionMaxBase),
    /// nil when empty. O(1).
    public var feasibleInterval: ClosedRange<Double>? {
        depthMinBase < precisionMaxBase ? depthMinBase...precisionMaxBase : nil
    }

    /// L_wall(ε, N, format) = arccos(ε^{1/N})/ε_mach: the longest context with a non-empty
    /// feasible interval [R].
    public static func precisionWall(epsilon: Double, layers: Int, precision: FloatFormat) -> Double {
        acos(pow(epsilon, 1 / Double(layers))) * precisionCeiling(precision)
    }

    /// The same bounds as thresholds on rope_theta for an unscaled spectrum of rotary dimension
    /// d, where ω_min = b^{−(d−2)/d} exactly: b_min = B^{d/(d−2)} for an effective-base bound B.
    public static func ropeTheta(forEffectiveBase b: Double, rotaryDim d: Int) -> Double {
        pow(b, Double(d) / Double(d - 2))
    }

    /// One verdict.
    public struct Check: Sendable, Equatable {
        public let phase: PhaseBound
        /// The threshold (a lower bound when `isLowerBound`), in the units of `value`.
        public let threshold: Double
        /// The base compared: the effective base (exact convention) or the nominal base (paper, liu2026).
        public let value: Double
        public let holds: Bool

        public var bound: Bound { phase.bound }
        public var isLowerBound: Bool { phase.isLowerBound }
    }

    /// The verdicts of a spectrum under a convention, in ``PhaseBound/allCases`` order. The
    /// aliasing bound is strict (L < 2π/ω).
    ///   - nominalBase: the base the `paper` and `liu2026` conventions compare (rope_theta, or for
    ///     liu2026 ``liu2026Base(ropeTheta:rotaryDim:yarnFactor:)``); the exact convention uses 1/ω.
    public func checks(minInverseFrequency omega: Double, nominalBase: Double, convention: Convention) -> [Check] {
        let value = convention == .exact ? 1 / omega : nominalBase
        return PhaseBound.allCases.map { phase in
            let threshold = self.threshold(phase)
            return Check(phase: phase, threshold: threshold, value: value, holds: Self.holds(phase, effectiveBase: value, threshold: threshold))
        }
    }

    /// The threshold on the (effective) base of a phase-modulation bound.
    public func threshold(_ bound: PhaseBound) -> Double {
        switch bound {
        case .aliasing: return aliasingMinBase
        case .dcStability: return dcMinBase
        case .depth: return depthMinBase
        case .precision: return precisionMaxBase
        }
    }

    /// Whether a base meets a threshold: strictly above for aliasing (L < 2π/ω), at least for DC
    /// stability and depth, strictly below for precision (ω > ε_mach).
    public static func holds(_ bound: PhaseBound, effectiveBase b: Double, threshold: Double) -> Bool {
        switch bound {
        case .aliasing: return b > threshold
        case .dcStability, .depth: return b >= threshold
        case .precision: return b < threshold
        }
    }

    /// cos(L·ω_min): the coherence of the slowest oscillator across the context.
    public func dcCoherence(minInverseFrequency omega: Double) -> Double { cos(Double(context) * omega) }

    /// cos(L·ω_min)^N, and 0 once L·ω_min ≥ π/2 (the slowest oscillator has turned a quarter).
    public func depthCoherence(minInverseFrequency omega: Double) -> Double {
        let phase = Double(context) * omega
        return phase >= .pi / 2 ? 0 : pow(cos(phase), Double(layers))
    }
}
