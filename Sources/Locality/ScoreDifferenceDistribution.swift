import Foundation
import NumericalCore

/// The whole distribution of D = s(m₁) − s(m₂) under the correlated-Gaussian model, by FFT
/// inversion of its characteristic function (derived here):
///
///     f(x) = (1/2π) ∫ φ_D(t) e^{−itx} dt  ≈  (Δt/2π) Σ_{|k| ≤ N/2} φ_D(kΔt) e^{−ikΔt x}
///
/// on the grid x_j = x₀ + jΔx, Δt·Δx = 2π/N, computed with one complex-to-real FFT (FFTW) of the
/// Hermitian coefficients conj(φ_D(t_k) e^{−ikΔt x₀}). Two errors are controlled and reported:
/// - aliasing: the FFT returns the periodisation Σₙ f(x + nNΔx); the window [μ − wσ, μ + wσ]
///   with w = 16 leaves outside mass below the Chebyshev bound 1/w² and, for these light-tailed
///   laws (mixtures of normals with χ²-distributed variances), far less;
/// - truncation: frequencies beyond t_max = π/Δx are dropped; the error in f is at most
///   (1/π)∫_{t_max}^∞ |φ_D| dt, estimated by adaptive quadrature.
/// The CDF is the cumulative trapezoid of the density.
public struct ScoreDifferenceDistribution: Sendable {
    public let x: [Double]
    public let density: [Double]
    public let cdf: [Double]
    /// The normal approximation N(E D, Var D) on the same grid.
    public let normalDensity: [Double]
    public let truncationError: Double
    public let windowHalfWidth: Double

    public init(model: GaussianContentModel, points: Int = 4096, width: Double = 16) throws {
        precondition(points >= 16 && points % 2 == 0, "need an even number of grid points")
        let mu = model.mean, sigma = model.variance.squareRoot()
        precondition(sigma > 0, "D is degenerate")
        windowHalfWidth = width * sigma
        let x0 = mu - windowHalfWidth
        let dx = 2 * windowHalfWidth / Double(points)
        let dt = 2 * Double.pi / (Double(points) * dx)
        var coefficients: [FourierCoefficient] = []
        coefficients.reserveCapacity(points / 2 + 1)
        for k in 0...(points / 2) {
            let t = Double(k) * dt
            let (re, im) = model.characteristic(t)
            let (c, s) = (cos(t * x0), -sin(t * x0))          // e^{−itx₀}
            let gr = re * c - im * s, gi = re * s + im * c
            coefficients.append(FourierCoefficient(gr, -gi))               // conj: c2r computes Σ X_k e^{+2πijk/N}
        }
        let signal = try RealFFT.inverse(coefficients, count: points)   // (1/N) Σ …
        let scale = dt / (2 * .pi) * Double(points)
        x = (0..<points).map { x0 + Double($0) * dx }
        density = signal.map { max(0, $0 * scale) }
        var running = 0.0
        var cumulative = [0.0]
        for j in 1..<points { running += (density[j - 1] + density[j]) / 2 * dx; cumulative.append(running) }
        cdf = cumulative.map { min(1, $0) }
        normalDensity = x.map { exp(-0.5 * pow(($0 - mu) / sigma, 2)) / (sigma * (2 * Double.pi).squareRoot()) }
        let tMax = Double(points / 2) * dt
        let tail = try Integration.integrate(from: tMax, toInfinity: (), absoluteTolerance: 1e-15, relativeTolerance: 1e-6) { t in
            let (re, im) = model.characteristic(t)
            return (re * re + im * im).squareRoot()
        }
        truncationError = tail.value / .pi
    }

    /// P[D > 0] read off the CDF (linear interpolation at 0).
    public var probabilityPositive: Double {
        guard let j = x.firstIndex(where: { $0 >= 0 }), j > 0 else { return x.first! >= 0 ? 1 : 0 }
        let w = (0 - x[j - 1]) / (x[j] - x[j - 1])
        return 1 - (cdf[j - 1] + w * (cdf[j] - cdf[j - 1]))
    }
}
