import CGSL

/// Bracketing root finding.
public enum RootFinding {
    /// A root of f in [lower, upper], where f(lower) and f(upper) have opposite signs (or one is 0),
    /// by Brent's method (inverse quadratic interpolation safeguarded by bisection).
    ///
    /// - Source: GSL `gsl_root_fsolver_brent`; R. P. Brent, *Algorithms for Minimization without
    ///   Derivatives* (1973), ch. 4.
    /// - Accuracy: stops when the bracket [a, b] satisfies |b − a| < absoluteTolerance +
    ///   relativeTolerance·min(|a|, |b|) (`gsl_root_test_interval`); the returned
    ///   ``Estimate/error`` is half the final bracket width, a rigorous bound when f is continuous.
    /// - Complexity: superlinear convergence; at most `maxIterations` evaluations of f after the
    ///   two end points (bisection bounds it by log₂(width/tolerance)).
    /// - Throws: if the end points do not bracket a sign change, if f throws or returns a
    ///   non-finite value, or if the tolerance is not met within `maxIterations`.
    public static func brent(
        in lower: Double, _ upper: Double,
        absoluteTolerance: Double = 0,
        relativeTolerance: Double = 4 * Double.ulpOfOne,
        maxIterations: Int = 200,
        _ f: (Double) throws -> Double
    ) throws -> Estimate {
        let name = "RootFinding.brent"
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw NumericalError.domain(function: name, detail: "bracket [\(lower), \(upper)] is not a finite interval")
        }
        guard absoluteTolerance >= 0, relativeTolerance >= 0, absoluteTolerance + relativeTolerance > 0 else {
            throw NumericalError.domain(function: name, detail: "tolerances must be non-negative and not both zero")
        }
        let fLower = try f(lower), fUpper = try f(upper)
        guard fLower.isFinite, fUpper.isFinite else {
            throw NumericalError.nonFiniteCallback(function: name, at: fLower.isFinite ? upper : lower)
        }
        if fLower == 0 { return Estimate(value: lower, error: 0) }
        if fUpper == 0 { return Estimate(value: upper, error: 0) }
        guard (fLower < 0) != (fUpper < 0) else {
            throw NumericalError.domain(
                function: name, detail: "f(\(lower)) = \(fLower) and f(\(upper)) = \(fUpper) have the same sign")
        }
        return try withGSLFunction(name, f) { function in
            guard let solver = gsl_root_fsolver_alloc(ctxlimits_root_fsolver_brent()) else {
                throw NumericalError.gsl(function: name, status: Int32(GSL_ENOMEM), reason: "cannot allocate solver")
            }
            defer { gsl_root_fsolver_free(solver) }
            try GSLRuntime.check(gsl_root_fsolver_set(solver, &function, lower, upper), name)
            for _ in 0..<maxIterations {
                try GSLRuntime.check(gsl_root_fsolver_iterate(solver), name)
                let a = gsl_root_fsolver_x_lower(solver), b = gsl_root_fsolver_x_upper(solver)
                if gsl_root_test_interval(a, b, absoluteTolerance, relativeTolerance) == Int32(GSL_SUCCESS) {
                    return Estimate(value: gsl_root_fsolver_root(solver), error: (b - a) / 2)
                }
            }
            throw NumericalError.noConvergence(function: name, detail: "\(maxIterations) iterations")
        }
    }
}
