import CGSL

/// Regularized incomplete gamma functions.
public enum IncompleteGamma {
    /// P(a, x) = γ(a, x)/Γ(a) = (1/Γ(a)) ∫₀ˣ t^{a−1} e^{−t} dt, for a > 0, x ≥ 0.
    ///
    /// - Source: GSL `gsl_sf_gamma_inc_P_e` (series / continued fraction / uniform asymptotics).
    /// - Accuracy: the returned ``Estimate/error`` is GSL's own bound, typically a few ulps.
    /// - Complexity: O(1) to O(√a) terms.
    public static func lower(a: Double, x: Double) throws(NumericalError) -> Estimate {
        try validate("IncompleteGamma.lower", a: a, x: x)
        return try GSLRuntime.special("IncompleteGamma.lower") { gsl_sf_gamma_inc_P_e(a, x, $0) }
    }

    /// Q(a, x) = 1 − P(a, x) = Γ(a, x)/Γ(a), computed directly (no cancellation) for a > 0, x ≥ 0.
    ///
    /// - Source: GSL `gsl_sf_gamma_inc_Q_e`. Accuracy and complexity as ``lower(a:x:)``.
    public static func upper(a: Double, x: Double) throws(NumericalError) -> Estimate {
        try validate("IncompleteGamma.upper", a: a, x: x)
        return try GSLRuntime.special("IncompleteGamma.upper") { gsl_sf_gamma_inc_Q_e(a, x, $0) }
    }

    private static func validate(_ name: String, a: Double, x: Double) throws(NumericalError) {
        guard a > 0, a.isFinite else { throw .domain(function: name, detail: "a = \(a) must be positive and finite") }
        guard x >= 0, !x.isNaN else { throw .domain(function: name, detail: "x = \(x) must be ≥ 0") }
    }
}
