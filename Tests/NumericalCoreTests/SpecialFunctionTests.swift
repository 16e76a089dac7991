import Testing
@testable import NumericalCore
import TestSupport

/// Each wrapper against mpmath at 50 digits (Fixtures/make_numerics_reference.py).
@Suite("Special functions against mpmath")
struct SpecialFunctionTests {
    @Test func normalCDFAndSurvival() throws {
        for row in Reference.rows("normal_cdf") {
            #expect(isClose(try StandardNormal.cdf(row[0]), row[1], .epsilons(45)), "Φ(\(row[0]))")
        }
        for row in Reference.rows("normal_survival") {
            #expect(isClose(try StandardNormal.survival(row[0]), row[1], .epsilons(45)), "Q(\(row[0]))")
        }
    }

    @Test func normalQuantile() throws {
        for row in Reference.rows("normal_quantile") {
            // Φ⁻¹(1/2) = 0: relative error is meaningless there, so ±1e-15 absolute near the centre.
            let tolerance: Tolerance = abs(row[1]) < 0.1 ? .absolute(1e-15) : .epsilons(45)
            #expect(isClose(try StandardNormal.quantile(row[0]), row[1], tolerance), "Φ⁻¹(\(row[0]))")
        }
    }

    @Test func incompleteGamma() throws {
        for row in Reference.rows("gamma_p") {
            let e = try IncompleteGamma.lower(a: row[0], x: row[1])
            #expect(isClose(e.value, row[2], .tol3), "P(\(row[0]), \(row[1]))")
            #expect(errorEstimateCovers(value: e.value, error: e.error, reference: row[2]), "P(\(row[0]), \(row[1])): error estimate covers the error")
        }
        for row in Reference.rows("gamma_q") {
            let e = try IncompleteGamma.upper(a: row[0], x: row[1])
            #expect(isClose(e.value, row[2], .tol3), "Q(\(row[0]), \(row[1]))")
            #expect(errorEstimateCovers(value: e.value, error: e.error, reference: row[2]))
        }
    }

    @Test func incompleteBeta() throws {
        for row in Reference.rows("beta_inc") {
            let e = try IncompleteBeta.regularized(a: row[0], b: row[1], x: row[2])
            #expect(isClose(e.value, row[3], .tol4), "I(\(row[0]), \(row[1]), \(row[2]))")
            #expect(errorEstimateCovers(value: e.value, error: e.error, reference: row[3]))
        }
    }

    @Test func besselK() throws {
        for row in Reference.rows("bessel_k") {
            let e = try BesselK.value(order: row[0], x: row[1])
            #expect(isClose(e.value, row[2], .tol2), "K_\(row[0])(\(row[1]))")
            #expect(errorEstimateCovers(value: e.value, error: e.error, reference: row[2]), "K_\(row[0])(\(row[1])): error estimate")
        }
        for row in Reference.rows("bessel_k_scaled") {
            #expect(isClose(try BesselK.scaled(order: row[0], x: row[1]).value, row[2], .tol2))
        }
    }

    @Test func cosineIntegral() throws {
        for row in Reference.rows("cosine_integral") {
            // Near its zeros Ci has no relative accuracy: ±1e-16 absolute there.
            let e = try CosineIntegral.value(row[0])
            #expect(isClose(e.value, row[1], .tol2) || isClose(e.value, row[1], .absolute(1e-16)), "Ci(\(row[0]))")
            #expect(errorEstimateCovers(value: e.value, error: e.error, reference: row[1]), "Ci(\(row[0])): error estimate")
        }
    }

    @Test(arguments: [
        { _ = try StandardNormal.quantile(0) },
        { _ = try StandardNormal.quantile(1.5) },
        { _ = try StandardNormal.cdf(.nan) },
        { _ = try IncompleteGamma.lower(a: 0, x: 1) },
        { _ = try IncompleteGamma.upper(a: 1, x: -1) },
        { _ = try IncompleteBeta.regularized(a: 1, b: 1, x: 1.5) },
        { _ = try IncompleteBeta.regularized(a: -1, b: 1, x: 0.5) },
        { _ = try BesselK.value(order: 1, x: 0) },
        { _ = try BesselK.value(order: .infinity, x: 1) },
        { _ = try CosineIntegral.value(-1) },
        { _ = try CosineIntegral.value(.nan) },
    ] as [@Sendable () throws -> Void])
    func badArgumentsThrow(call: @Sendable () throws -> Void) {
        #expect(throws: NumericalError.self) { try call() }
    }

    /// With GSL's default handler this would abort the process: K_ν underflows for huge x.
    @Test func gslFailureIsAThrownError() {
        #expect(throws: NumericalError.self) { _ = try BesselK.value(order: 0, x: 1e6) }
    }
}
