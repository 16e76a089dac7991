import Foundation
import Testing
import TestSupport
@testable import Locality
@testable import NumericalCore
import Rotary

func spectrum(_ base: Double, _ d: Int) -> [Double] { RotarySpectrum.standardInverseFrequencies(base: base, rotaryDim: d) }

@Suite("Correlated-Gaussian content: exact, normal and Monte Carlo")
struct GaussianContentModelTests {
    /// locality.md §5.4 (d, b, m₁, m₂, ρ, μ_D, sd_D, P exact, P normal), computed there independently;
    /// moments printed to 4 decimals, probabilities to 5.
    static let table: [(Int, Double, Int, Int, Double, Double, Double, Double, Double)] = [
        (128, 1e4, 100, 100_000, 1.0, 53.9037, 16.5625, 0.99978, 0.99943),
        (128, 1e4, 1000, 100_000, 1.0, 13.1722, 16.6731, 0.78864, 0.78524),
        (128, 5e5, 1000, 100_000, 1.0, 62.8205, 18.1688, 0.99983, 0.99973),
        (128, 1e4, 1, 2, 0.5, 4.7118, 2.9022, 0.96836, 0.94776),
        (128, 1e4, 1, 1000, 0.5, 51.9160, 15.1655, 0.99995, 0.99969),
        (128, 1e4, 10, 10_000, 0.5, 44.6052, 17.0085, 0.99717, 0.99564),
        (128, 1e4, 100, 100_000, 0.5, 26.9518, 15.8994, 0.95884, 0.95498),
        (128, 1e4, 1000, 100_000, 0.5, 6.5861, 17.1727, 0.65045, 0.64933),
        (128, 5e5, 1, 1000, 0.5, 31.0813, 11.9485, 0.99846, 0.99536),
        (128, 5e5, 10, 10_000, 0.5, 36.9415, 15.3900, 0.99414, 0.99181),
        (128, 5e5, 100, 100_000, 0.5, 39.0086, 15.3715, 0.99670, 0.99442),
        (128, 5e5, 1000, 100_000, 0.5, 31.4102, 16.5203, 0.97454, 0.97137),
        (64, 1e4, 1, 1000, 0.5, 21.9909, 9.6290, 0.99523, 0.98881),
    ]

    @Test func exactNormalAndMomentsMatchTheReference() throws {
        for (d, b, m1, m2, rho, mu, sd, exact, normal) in Self.table {
            let model = GaussianContentModel(inverseFrequencies: spectrum(b, d), near: m1, far: m2, rho: rho)
            let fourDecimals = Tolerance.absolute(5e-5 + 1e-12), fiveDecimals = Tolerance.absolute(5e-6 + 1e-12)
            #expect(isClose(model.mean, mu, fourDecimals) && isClose(model.variance.squareRoot(), sd, fourDecimals), "\(d) \(b) \(m1) \(m2) \(rho)")
            let p = try model.exactProbability()
            #expect(isClose(p.value, exact, fiveDecimals) && p.error < 5e-6, "\(d) \(b) \(m1) \(m2) \(rho): \(p)")
            #expect(isClose(try model.normalApproximation(), normal, fiveDecimals))
            #expect(isClose(try model.exactInversionProbability().value, 1 - exact, fiveDecimals))
        }
    }

    @Test func uncorrelatedContentHasNoLocality() throws {
        for (m1, m2) in [(1, 1000), (1000, 100_000), (3, 5)] {
            let model = GaussianContentModel(inverseFrequencies: spectrum(1e4, 128), near: m1, far: m2, rho: 0)
            #expect(try model.exactProbability().value == 0.5)
            #expect(model.mean == 0)
            let mc = try model.monteCarlo(samples: 20_000, seed: 5, sampling: .direct)
            #expect(isClose(mc.value, 0.5, .standardErrors(4, of: mc.error)))
        }
    }

    /// Exact and Monte Carlo agree within 4 standard errors on 13 cases, for both samplers. The
    /// direct sampler's errors are 0/1 draws, so its standard error is the binomial one of the exact
    /// value, √(p(1 − p)/n) (at least that of one draw in n, for p within 1/n of 0 or 1).
    @Test func exactAgreesWithMonteCarlo() throws {
        for (i, (d, b, m1, m2, rho, _, _, _, _)) in Self.table.enumerated() {
            let model = GaussianContentModel(inverseFrequencies: spectrum(b, d), near: m1, far: m2, rho: rho)
            let exact = try model.exactProbability().value
            let conditional = try model.monteCarlo(samples: 40_000, seed: UInt64(i))
            #expect(isClose(conditional.value, exact, .standardErrors(4, of: max(conditional.error, 1e-7))), "case \(i): \(conditional) vs \(exact)")
            let n = 20_000.0
            let direct = try model.monteCarlo(samples: Int(n), seed: UInt64(i), sampling: .direct)
            let binomial = max((exact * (1 - exact) / n).squareRoot(), 1 / n)
            #expect(isClose(direct.value, exact, .standardErrors(4, of: binomial)), "case \(i): \(direct) vs \(exact)")
        }
    }

    /// Blocks of samples have their own Philox streams: the estimate does not depend on the
    /// number of threads, bit for bit, for both samplers.
    @Test func monteCarloDoesNotDependOnTheThreadCount() throws {
        let model = GaussianContentModel(inverseFrequencies: spectrum(1e4, 64), near: 10, far: 5000, rho: 0.5)
        for sampling in [GaussianContentModel.Sampling.conditional, .direct] {
            let one = try model.monteCarlo(samples: 30_001, seed: 7, sampling: sampling, threads: 1)
            let two = try model.monteCarlo(samples: 30_001, seed: 7, sampling: sampling, threads: 2)
            #expect(one == two)
        }
    }

    /// The closed-form mean and variance of D against direct Monte Carlo of the rotated dot product.
    @Test func closedFormMomentsMatchMonteCarlo() {
        let theta = spectrum(1e4, 64)
        for (m1, m2, rho) in [(1, 1000, 0.5), (10, 300, 0.9), (5, 50_000, 0.2)] {
            let model = GaussianContentModel(inverseFrequencies: theta, near: m1, far: m2, rho: rho)
            var rng = RandomStream(seed: 11, stream: UInt64(m2))
            let n = 40_000
            var values: [Double] = []
            for _ in 0..<n {
                var d = 0.0
                for t in theta {
                    let q0 = rng.nextNormal(), q1 = rng.nextNormal()
                    let k0 = rho * q0 + (1 - rho * rho).squareRoot() * rng.nextNormal()
                    let k1 = rho * q1 + (1 - rho * rho).squareRoot() * rng.nextNormal()
                    // s(m) = (R_m q)·k with R_m the rotation by mθ in each block.
                    func s(_ m: Int) -> Double {
                        let (c, si) = (cos(Double(m) * t), sin(Double(m) * t))
                        return (c * q0 - si * q1) * k0 + (si * q0 + c * q1) * k1
                    }
                    d += s(m1) - s(m2)
                }
                values.append(d)
            }
            let mean = values.reduce(0, +) / Double(n)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
            // Standard errors of a sample mean, √(Var/n), and of a sample variance, Var·√(2/n) for a
            // normal law, doubled for D's heavier (χ²-mixed) tails.
            #expect(isClose(mean, model.mean, .standardErrors(4, of: (model.variance / Double(n)).squareRoot())), "mean \(mean) vs \(model.mean)")
            #expect(isClose(variance, model.variance, .standardErrors(4, of: 2 * model.variance * (2 / Double(n)).squareRoot())),
                    "variance \(variance) vs \(model.variance)")
        }
    }
}

@Suite("Distribution of the score difference by FFT inversion")
struct ScoreDifferenceDistributionTests {
    @Test func densityIntegratesToOneAndMatchesTheExactProbability() throws {
        for (m1, m2, rho) in [(1000, 100_000, 1.0), (100, 100_000, 0.5), (1, 1000, 0.5)] {
            let model = GaussianContentModel(inverseFrequencies: spectrum(1e4, 128), near: m1, far: m2, rho: rho)
            let dist = try ScoreDifferenceDistribution(model: model)
            // The trapezoid CDF over ±16σ on 4096 points: mass and P[D > 0] to the grid's
            // resolution (the density is smooth on the scale of Δx = σ/128).
            #expect(isClose(dist.cdf.last!, 1, .absolute(1e-6)))
            #expect(isClose(dist.probabilityPositive, try model.exactProbability().value, .absolute(1e-4)), "\(m1) \(m2) \(rho)")
            #expect(dist.truncationError < 1e-8)
            // The density's mean and variance reproduce the closed forms.
            let dx = dist.x[1] - dist.x[0]
            let mean = zip(dist.x, dist.density).reduce(0) { $0 + $1.0 * $1.1 } * dx
            let variance = zip(dist.x, dist.density).reduce(0) { $0 + ($1.0 - mean) * ($1.0 - mean) * $1.1 } * dx
            #expect(isClose(mean, model.mean, .absolute(1e-6 * model.variance.squareRoot() + 1e-9)))
            #expect(isClose(variance, model.variance, .absolute(1e-6 * model.variance)))
        }
    }

    /// ρ = 0, m₁ = m₂ + Δ: D is symmetric, and at ρ = 0 with one block it is a Laplace law.
    @Test func symmetricCaseAndAKnownLaw() throws {
        let symmetric = try ScoreDifferenceDistribution(model: GaussianContentModel(inverseFrequencies: spectrum(1e4, 128), near: 5, far: 900, rho: 0))
        #expect(isClose(symmetric.probabilityPositive, 0.5, .absolute(1e-9)))
        // One block, ρ = 0: φ(t) = 1/(1 + c t²) is the Laplace law with scale √c.
        let theta = [2.0]
        let model = GaussianContentModel(inverseFrequencies: theta, near: 0, far: 1, rho: 0)
        let c = 2 - 2 * cos(2.0)
        let dist = try ScoreDifferenceDistribution(model: model, points: 8192, width: 24)
        for (xv, f) in zip(dist.x, dist.density) where abs(xv) > 0.5 && abs(xv) < 6 {
            #expect(isClose(f, exp(-abs(xv) / c.squareRoot()) / (2 * c.squareRoot()), .absolute(1e-4)))
        }
    }
}
