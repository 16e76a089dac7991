import CGSL

/// The cosine integral.
public enum CosineIntegral {
    /// Ci(x) = −∫ₓ^∞ cos(t)/t dt = γ + ln x + ∫₀ˣ (cos t − 1)/t dt, for x > 0.
    ///
    /// Used for the continuum limit of the Men et al. kernel,
    /// Σ_i cos(m·b^{−2i/d}) ≈ (d/2)(Ci(m) − Ci(m/b))/ln b (Su, kexue.fm/archives/10122).
    ///
    /// - Source: GSL `gsl_sf_Ci_e` (Chebyshev fits and the auxiliary functions f, g).
    /// - Accuracy: the returned ``Estimate/error`` is GSL's bound, typically a few ulps absolute.
    /// - Complexity: O(1).
    public static func value(_ x: Double) throws(NumericalError) -> Estimate {
        guard x > 0, x.isFinite else {
            throw .domain(function: "CosineIntegral.value", detail: "x = \(x) must be positive and finite")
        }
        return try GSLRuntime.special("CosineIntegral.value") { gsl_sf_Ci_e(x, $0) }
    }
}
