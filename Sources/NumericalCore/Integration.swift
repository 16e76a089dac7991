import CGSL

/// Adaptive Gauss–Kronrod quadrature.
public enum Integration {
    /// ∫ₐᵇ f(x) dx on a finite interval.
    ///
    /// - Source: GSL `gsl_integration_qags` (QUADPACK QAGS: 21-point Gauss–Kronrod rule with
    ///   adaptive bisection and Wynn's ε-algorithm to accelerate integrable end-point singularities).
    /// - Accuracy: stops when the estimated error ≤ max(absoluteTolerance, relativeTolerance·|I|);
    ///   the returned ``Estimate/error`` is QUADPACK's error estimate (conservative in practice,
    ///   not a rigorous bound).
    /// - Complexity: 21 evaluations of f per subinterval, at most `maxSubintervals` subintervals.
    /// - Throws: if the tolerance cannot be met (GSL status), or f throws / returns a non-finite value.
    public static func integrate(
        from a: Double, to b: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
        maxSubintervals: Int = 1000,
        _ f: (Double) throws -> Double
    ) throws -> Estimate {
        let name = "Integration.integrate"
        guard a.isFinite, b.isFinite else {
            throw NumericalError.domain(function: name, detail: "limits [\(a), \(b)] must be finite; use integrate(from:toInfinity:)")
        }
        try validate(name, absoluteTolerance, relativeTolerance, maxSubintervals)
        return try withWorkspace(name, maxSubintervals) { workspace in
            try withGSLFunction(name, f) { function in
                var result = 0.0, error = 0.0
                let status = gsl_integration_qags(
                    &function, a, b, absoluteTolerance, relativeTolerance, maxSubintervals, workspace, &result, &error)
                try GSLRuntime.check(status, name)
                return Estimate(value: result, error: error)
            }
        }
    }

    /// ∫ₐ^∞ f(x) dx.
    ///
    /// - Source: GSL `gsl_integration_qagiu`: the substitution x = a + (1−t)/t maps [a, ∞) onto
    ///   (0, 1], which is then integrated by QAGS (15-point Gauss–Kronrod rule).
    /// - Accuracy, complexity and errors as ``integrate(from:to:absoluteTolerance:relativeTolerance:maxSubintervals:_:)``.
    ///   Strongly oscillating integrands with slow decay should be split at their zeros instead.
    public static func integrate(
        from a: Double, toInfinity: Void = (),
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
        maxSubintervals: Int = 1000,
        _ f: (Double) throws -> Double
    ) throws -> Estimate {
        let name = "Integration.integrate(toInfinity)"
        guard a.isFinite else { throw NumericalError.domain(function: name, detail: "lower limit \(a) must be finite") }
        try validate(name, absoluteTolerance, relativeTolerance, maxSubintervals)
        return try withWorkspace(name, maxSubintervals) { workspace in
            try withGSLFunction(name, f) { function in
                var result = 0.0, error = 0.0
                let status = gsl_integration_qagiu(
                    &function, a, absoluteTolerance, relativeTolerance, maxSubintervals, workspace, &result, &error)
                try GSLRuntime.check(status, name)
                return Estimate(value: result, error: error)
            }
        }
    }

    private static func validate(_ name: String, _ abs: Double, _ rel: Double, _ limit: Int) throws {
        guard abs >= 0, rel >= 0, abs > 0 || rel >= 50 * Double.ulpOfOne else {
            throw NumericalError.domain(function: name, detail: "tolerances must be ≥ 0, with relative ≥ 50·ε or absolute > 0")
        }
        guard limit >= 1, limit <= 1_000_000 else {
            throw NumericalError.domain(function: name, detail: "maxSubintervals = \(limit) is not in 1…1000000")
        }
    }

    private static func withWorkspace<R>(
        _ name: String, _ limit: Int, _ body: (UnsafeMutablePointer<gsl_integration_workspace>) throws -> R
    ) throws -> R {
        _ = GSLRuntime.ready
        guard let workspace = gsl_integration_workspace_alloc(limit) else {
            throw NumericalError.gsl(function: name, status: Int32(GSL_ENOMEM), reason: "cannot allocate workspace")
        }
        defer { gsl_integration_workspace_free(workspace) }
        return try body(workspace)
    }
}
