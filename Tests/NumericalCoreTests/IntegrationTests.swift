import Foundation
import Testing
@testable import NumericalCore
import TestSupport

@Suite("Adaptive Gauss–Kronrod integration against mpmath")
struct IntegrationTests {
    @Test func finiteIntervals() throws {
        let ref = Reference.table("integrals_finite")
        let cases: [(String, Double, Double, (Double) -> Double)] = [
            ("sin_0_pi", 0, .pi, sin),
            ("log_0_1", 0, 1, log),
            ("inv_sqrt_0_1", 0, 1, { 1 / $0.squareRoot() }),
            ("gauss_m3_2", -3, 2, { exp(-$0 * $0) }),
        ]
        for (key, a, b, f) in cases {
            let e = try Integration.integrate(from: a, to: b, relativeTolerance: 1e-12, f)
            // QUADPACK at relative tolerance 1e-12 meets it within the tol4 tier (3.6e-12).
            #expect(isClose(e.value, ref[key]!, .tol4), "\(key)")
            #expect(errorEstimateCovers(value: e.value, error: e.error, reference: ref[key]!), "\(key): error estimate covers the error")
        }
    }

    @Test func semiInfiniteIntervals() throws {
        let ref = Reference.table("integrals_infinite")
        let cases: [(String, Double, (Double) -> Double)] = [
            ("exp_0_inf", 0, { exp(-$0) }),
            ("inv_1px2_0_inf", 0, { 1 / (1 + $0 * $0) }),
            ("gauss_1_inf", 1, { exp(-$0 * $0) }),
            ("x3_exp_2_inf", 2, { $0 * $0 * $0 * exp(-$0) }),
        ]
        for (key, a, f) in cases {
            let e = try Integration.integrate(from: a, toInfinity: (), relativeTolerance: 1e-12, f)
            #expect(isClose(e.value, ref[key]!, .tol4), "\(key)")
            #expect(errorEstimateCovers(value: e.value, error: e.error, reference: ref[key]!), "\(key): error estimate covers the error")
        }
    }

    @Test func failuresThrowInsteadOfAborting() {
        // Divergent: ∫₀¹ 1/x dx. GSL reports a roundoff/divergence status, which must surface as an error.
        #expect(throws: NumericalError.self) { try Integration.integrate(from: 0, to: 1) { 1 / $0 } }
        #expect(throws: NumericalError.self) { try Integration.integrate(from: 0, to: .infinity) { $0 } }
        #expect(throws: NumericalError.self) { try Integration.integrate(from: 0, to: 1, relativeTolerance: 0) { $0 } }
        #expect(throws: NumericalError.self) { try Integration.integrate(from: 0, to: 1) { $0 > 0.5 ? .infinity : 1 } }
    }
}
