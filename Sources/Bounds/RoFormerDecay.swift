import Foundation

/// RoFormer's long-term decay bound (Su et al., "RoFormer", arXiv 2104.09864, §3.4.3, eqs. 35–37).
///
/// With hᵢ = q₍₂ᵢ:₂ᵢ₊₁₎k*₍₂ᵢ:₂ᵢ₊₁₎ and S_j = Σ_{k=0}^{j−1} e^{i r θ_k}, Abel summation gives
/// |Σᵢ hᵢ e^{i r θᵢ}| ≤ (maxᵢ |hᵢ₊₁ − hᵢ|) · Σ_{i=0}^{d/2−1} |S_{i+1}|, and the paper plots the
/// "relative upper bound" U(r) = (1/(d/2)) Σ_{j=1}^{d/2} |S_j(r)| against the relative distance r.
public enum RoFormerDecay {
    /// U(r) for a spectrum θ (the paper uses θ_k = 10000^{−2k/d}).
    ///
    /// - Accuracy: each phase r·θ_k is reduced accurately (``accurateCosSin``); partial sums are
    ///   accumulated in float64, so U(r) is accurate to ~1e-14 relative.
    /// - Note: U(0) = (d/2 + 1)/2 exactly, and U is not monotone (the paper claims only a trend).
    /// - Complexity: O(d).
    public static func relativeUpperBound(distance r: Int, inverseFrequencies theta: [Double]) -> Double {
        var re = 0.0, im = 0.0, total = 0.0
        for t in theta {
            let (c, s) = accurateCosSin(r, t)
            re += c
            im += s
            total += (re * re + im * im).squareRoot()
        }
        return total / Double(theta.count)
    }
}
