import CGSL

/// The standard normal distribution N(0, 1).
public enum StandardNormal {
    /// Φ(x) = P[Z ≤ x] = ½ erfc(−x/√2).
    ///
    /// - Source: GSL `gsl_cdf_ugaussian_P` (Cody's rational approximations).
    /// - Accuracy: about 1e-15 relative where Φ(x) is not tiny; far in the lower tail use
    ///   ``survival(_:)`` with −x to avoid cancellation.
    /// - Complexity: O(1).
    /// - Throws: ``NumericalError/domain(function:detail:)`` for NaN.
    public static func cdf(_ x: Double) throws(NumericalError) -> Double {
        guard !x.isNaN else { throw .domain(function: "StandardNormal.cdf", detail: "x is NaN") }
        _ = GSLRuntime.ready
        return gsl_cdf_ugaussian_P(x)
    }

    /// 1 − Φ(x) = P[Z > x], computed without cancellation for large x.
    ///
    /// - Source: GSL `gsl_cdf_ugaussian_Q`. Accuracy ~1e-15 relative. Complexity O(1).
    public static func survival(_ x: Double) throws(NumericalError) -> Double {
        guard !x.isNaN else { throw .domain(function: "StandardNormal.survival", detail: "x is NaN") }
        _ = GSLRuntime.ready
        return gsl_cdf_ugaussian_Q(x)
    }

    /// Φ⁻¹(p), the quantile function, for 0 < p < 1.
    ///
    /// - Source: GSL `gsl_cdf_ugaussian_Pinv` (Wichura's AS 241, PPND16).
    /// - Accuracy: about 1e-16 relative (AS 241 quotes 1e-16).
    /// - Complexity: O(1).
    /// - Throws: for p outside (0, 1) or NaN: the quantile is ±∞ or undefined there.
    public static func quantile(_ p: Double) throws(NumericalError) -> Double {
        guard p > 0, p < 1 else {
            throw .domain(function: "StandardNormal.quantile", detail: "p = \(p) is not in (0, 1)")
        }
        _ = GSLRuntime.ready
        return gsl_cdf_ugaussian_Pinv(p)
    }
}
