import Foundation

/// The per-channel angular frequencies of one attention layer after rope scaling.
public struct RotarySpectrum: Sendable, Equatable {
    /// HF `rope_type`.
    public let ropeType: String
    /// The configured base (before any scaling).
    public let base: Double
    /// The number of rotated components d; there are d/2 channels.
    public let rotaryDim: Int
    /// θ_k in rad/token, channel k = 0 … d/2 − 1, after scaling. Zero marks an unrotated channel
    /// (v5 `proportional`).
    public let inverseFrequencies: [Double]
    /// The factor HF multiplies cos and sin by; logits scale by its square.
    public let attentionFactor: Double

    public init(ropeType: String, base: Double, rotaryDim: Int, inverseFrequencies: [Double], attentionFactor: Double) {
        self.ropeType = ropeType
        self.base = base
        self.rotaryDim = rotaryDim
        self.inverseFrequencies = inverseFrequencies
        self.attentionFactor = attentionFactor
    }

    /// λ_k = 2π/θ_k in tokens (∞ for an unrotated channel).
    public var wavelengths: [Double] { inverseFrequencies.map { $0 > 0 ? 2 * Double.pi / $0 : .infinity } }

    /// The smallest inverse frequency over rotated channels: ω_min.
    public var minInverseFrequency: Double { inverseFrequencies.filter { $0 > 0 }.min() ?? .nan }

    /// 1/ω_min: the base a default spectrum would need to have this slowest channel (≈ b for an
    /// unscaled spectrum with large d; exactly b^{(d−2)/d}).
    public var effectiveBase: Double { 1 / minInverseFrequency }
}
