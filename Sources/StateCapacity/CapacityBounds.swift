import Foundation
import NumericalCore

/// Theoretical capacity of a recurrent state.
public enum CapacityBounds {
    /// The information-theoretic copy bound (Jelassi, Brandfonbrener, Kakade, Malach, ICML 2024,
    /// Cor. 2.8 [V-transcribed]): a state of b bits copies strings of L tokens from a vocabulary of V
    /// with error > 1/2 once b < L·log₂V − 1, so L_max = (b + 1)/log₂ V. Bits per element = the storage
    /// precision, the honest engineering reading of a real-valued state [R]. O(1).
    public static func copyLength(stateElements: Double, bitsPerElement: Double, vocabulary: Double) -> Double {
        (stateElements * bitsPerElement + 1) / log2(vocabulary)
    }

    /// Associative recall: any causal recurrent model needs Ω(N) bits to solve multi-query associative
    /// recall of N pairs (Based, Arora et al. 2024, Thm 3.1 [V-transcribed]); storing N arbitrary values
    /// from c choices needs at least N·log₂c bits by counting [R]. The largest N a state of b bits can
    /// hold under that count: b/log₂c. O(1).
    public static func recallPairs(stateBits: Double, valueChoices: Double) -> Double {
        stateBits / log2(valueChoices)
    }

    /// A linear fast-weight memory S = Σ wⱼ vⱼkⱼᵀ with random ±1/√d keys and ±1 values read by sign
    /// (derived, state-capacity.md §3.5): interference Σ_{j≠i}(kⱼ·kᵢ)vⱼ has variance (N−1)/d, so
    /// SNR = d/(N − 1) and the per-bit error p = Φ(−√(d/(N − 1))). O(1).
    public static func bitErrorRate(keyDim d: Double, pairs N: Double) throws -> Double {
        guard N > 1 else { return 0 }
        return try StandardNormal.cdf(-(d / (N - 1)).squareRoot())
    }

    /// N_max(ε) = 1 + d/z²_{1−ε}: the pairs storable at per-bit error ε [R]. O(1).
    public static func capacity(keyDim d: Double, bitErrorRate epsilon: Double) throws -> Double {
        let z = try StandardNormal.quantile(1 - epsilon)
        return 1 + d / (z * z)
    }

    /// With a constant decay α per step, the item at lag ℓ after t items has
    /// SNR(ℓ) = d·α^{2ℓ} / ((1 − α^{2t})/(1 − α²) − α^{2ℓ}) [R]; α = 1 gives d/(t − 1). O(1).
    public static func snr(keyDim d: Double, decay alpha: Double, lag: Double, items t: Double) -> Double {
        if alpha == 1 { return d / (t - 1) }
        let a2 = alpha * alpha
        let signal = pow(a2, lag)
        return d * signal / ((1 - pow(a2, t)) / (1 - a2) - signal)
    }

    /// The decay that maximises SNR at lag ℓ (t → ∞): α² = ℓ/(ℓ + 1) [R]; then SNR ≈ d/(e(ℓ + 1)).
    public static func optimalDecay(lag: Double) -> Double { (lag / (lag + 1)).squareRoot() }
}
