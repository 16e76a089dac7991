import CGSL

/// The regularized incomplete beta function.
public enum IncompleteBeta {
    /// I_x(a, b) = B(x; a, b)/B(a, b) = (1/B(a, b)) ∫₀ˣ t^{a−1}(1−t)^{b−1} dt, for a, b > 0, 0 ≤ x ≤ 1.
    ///
    /// - Source: GSL `gsl_sf_beta_inc_e` (continued fraction, with the symmetry
    ///   I_x(a, b) = 1 − I_{1−x}(b, a) chosen for convergence).
    /// - Accuracy: the returned ``Estimate/error`` is GSL's bound, typically ~1e-14 relative.
    /// - Complexity: O(√max(a, b)) continued-fraction terms.
    public static func regularized(a: Double, b: Double, x: Double) throws(NumericalError) -> Estimate {
        let name = "IncompleteBeta.regularized"
        guard a > 0, a.isFinite, b > 0, b.isFinite else {
            throw .domain(function: name, detail: "a = \(a), b = \(b) must be positive and finite")
        }
        guard x >= 0, x <= 1 else { throw .domain(function: name, detail: "x = \(x) is not in [0, 1]") }
        return try GSLRuntime.special(name) { gsl_sf_beta_inc_e(a, b, x, $0) }
    }
}
