import CGSL

/// Modified Bessel functions of the second kind.
public enum BesselK {
    /// K_ν(x) for real order ν and x > 0. K is even in ν (K_{−ν} = K_ν), so any real ν is accepted.
    ///
    /// - Source: GSL `gsl_sf_bessel_Knu_e` (Temme's series for small x, Steed's continued fraction
    ///   otherwise).
    /// - Accuracy: the returned ``Estimate/error`` is GSL's bound, typically ~1e-14 relative.
    /// - Complexity: O(1) to O(x) terms.
    public static func value(order nu: Double, x: Double) throws(NumericalError) -> Estimate {
        let name = "BesselK.value"
        guard nu.isFinite else { throw .domain(function: name, detail: "order ν = \(nu) is not finite") }
        guard x > 0, x.isFinite else { throw .domain(function: name, detail: "x = \(x) must be positive and finite") }
        return try GSLRuntime.special(name) { gsl_sf_bessel_Knu_e(abs(nu), x, $0) }
    }

    /// e^x · K_ν(x), which stays representable where K_ν underflows (large x).
    ///
    /// - Source: GSL `gsl_sf_bessel_Knu_scaled_e`. Accuracy and complexity as ``value(order:x:)``.
    public static func scaled(order nu: Double, x: Double) throws(NumericalError) -> Estimate {
        let name = "BesselK.scaled"
        guard nu.isFinite else { throw .domain(function: name, detail: "order ν = \(nu) is not finite") }
        guard x > 0, x.isFinite else { throw .domain(function: name, detail: "x = \(x) must be positive and finite") }
        return try GSLRuntime.special(name) { gsl_sf_bessel_Knu_scaled_e(abs(nu), x, $0) }
    }
}
