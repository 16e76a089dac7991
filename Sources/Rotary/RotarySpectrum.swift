import Foundation

/// The Hugging Face rope types (transformers v5 `ROPE_INIT_FUNCTIONS` plus `default`).
public enum RopeType: String, Sendable, Equatable, Hashable, CaseIterable {
    case `default`, linear, dynamic, yarn, longrope, llama3, proportional
    /// HunYuan's fixed NTK-alpha (a `dynamic` dictionary with `alpha`; transformers names it `ntk_alpha`).
    case ntkAlpha = "ntk_alpha"
}

/// The per-channel angular frequencies of one attention layer after rope scaling.
public struct RotarySpectrum: Sendable, Equatable {
    public let ropeType: RopeType
    /// The configured base (before any scaling).
    public let base: Double
    /// The number of rotated components d; there are d/2 channels.
    public let rotaryDim: Int
    /// θ_k in rad/token, channel k = 0 … d/2 − 1, after scaling. Zero marks an unrotated channel
    /// (v5 `proportional`).
    public let inverseFrequencies: [Double]
    /// The factor HF multiplies cos and sin by; logits scale by its square.
    public let attentionFactor: Double

    public init(ropeType: RopeType, base: Double, rotaryDim: Int, inverseFrequencies: [Double], attentionFactor: Double) {
        self.ropeType = ropeType
        self.base = base
        self.rotaryDim = rotaryDim
        self.inverseFrequencies = inverseFrequencies
        self.attentionFactor = attentionFactor
    }

    /// θ_k = b^{−2k/d}, k = 0 … d/2 − 1: RoFormer's spectrum (Su et al. 2021, eq. 15), HF `default`.
    ///
    /// The one definition of the unscaled spectrum in the project; every other spectrum, kernel
    /// and locality model starts from it.
    ///
    ///     RotarySpectrum.standardInverseFrequencies(base: 10_000, rotaryDim: 4)  // [1.0, 0.01]
    ///
    /// - Accuracy: each θ_k is `pow` of doubles, within an ulp or two of the exact value.
    /// - Complexity: O(d).
    public static func standardInverseFrequencies(base: Double, rotaryDim d: Int) -> [Double] {
        precondition(d >= 2 && d % 2 == 0, "the rotary dimension must be even and at least 2")
        return (0..<(d / 2)).map { 1 / pow(base, Double(2 * $0) / Double(d)) }
    }

    /// The unscaled spectrum of base b and rotary dimension d (``standardInverseFrequencies(base:rotaryDim:)``).
    public static func standard(base: Double, rotaryDim d: Int) -> RotarySpectrum {
        RotarySpectrum(ropeType: .default, base: base, rotaryDim: d,
                       inverseFrequencies: standardInverseFrequencies(base: base, rotaryDim: d), attentionFactor: 1)
    }

    /// The inverse frequencies of the channels that rotate (θ > 0): what kernels, bounds and
    /// locality models sum over.
    public var rotatedInverseFrequencies: [Double] { inverseFrequencies.filter { $0 > 0 } }

    /// λ_k = 2π/θ_k in tokens (∞ for an unrotated channel).
    public var wavelengths: [Double] { inverseFrequencies.map { $0 > 0 ? 2 * Double.pi / $0 : .infinity } }

    /// The smallest inverse frequency over rotated channels: ω_min.
    public var minInverseFrequency: Double { inverseFrequencies.lazy.filter { $0 > 0 }.min() ?? .nan }

    /// 1/ω_min: the base a default spectrum would need to have this slowest channel (≈ b for an
    /// unscaled spectrum with large d; exactly b^{(d−2)/d}).
    public var effectiveBase: Double { 1 / minInverseFrequency }
}
