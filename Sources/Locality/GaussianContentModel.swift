import Foundation
import NumericalCore

/// RoPE score ordering under correlated Gaussian content (derived in locality.md §3.3, checked
/// there by Monte Carlo): q ~ N(0, I_d), k = ρq + √(1 − ρ²)ξ, s(m) = (R_m q)ᵀk, and
/// D = s(m₁) − s(m₂) for a near position m₁ and a far position m₂.
///
/// Per frequency block j, with R_j = |q̃_j|² ~ χ²₂, a_j = cos(m₁θ_j) − cos(m₂θ_j) and
/// c_j = 2 − 2cos((m₂ − m₁)θ_j): D | q ~ N(ρ Σ R_j a_j, (1 − ρ²) Σ R_j c_j), so
///
///     φ_D(t) = Π_j [1 − 2iρ a_j t + (1 − ρ²) c_j t²]^{−1},
///     E D = 2ρ (K(m₁) − K(m₂)),  Var D = 4[(1 − ρ²)(h − K(Δ)) + ρ² Σ_j a_j²].
///
/// ρ = 0 gives P[D > 0] = 1/2 exactly (φ_D is real and even), whatever m₁, m₂, b and d.
public struct GaussianContentModel: Sendable {
    public let inverseFrequencies: [Double]
    public let near: Int
    public let far: Int
    public let rho: Double
    let a: [Double]
    let c: [Double]

    public init(inverseFrequencies theta: [Double], near: Int, far: Int, rho: Double) {
        precondition(rho >= 0 && rho <= 1, "ρ must be in [0, 1]")
        inverseFrequencies = theta
        self.near = near
        self.far = far
        self.rho = rho
        a = theta.map { cos(Double(near) * $0) - cos(Double(far) * $0) }
        c = theta.map { 2 - 2 * cos(Double(far - near) * $0) }
    }

    /// E D = 2ρ Σ a_j. O(h).
    public var mean: Double { 2 * rho * a.reduce(0, +) }
    /// Var D = Σ_j [4ρ² a_j² + 2(1 − ρ²) c_j] (each χ²₂ block has variance 4). O(h).
    public var variance: Double {
        zip(a, c).reduce(0) { $0 + 4 * rho * rho * $1.0 * $1.0 + 2 * (1 - rho * rho) * $1.1 }
    }

    /// The characteristic function φ_D(t). O(h).
    public func characteristic(_ t: Double) -> (re: Double, im: Double) {
        var re = 1.0, im = 0.0
        for (aj, cj) in zip(a, c) {
            // 1/(x + iy) = (x − iy)/(x² + y²) with x = 1 + (1 − ρ²)c t², y = −2ρ a t.
            let x = 1 + (1 - rho * rho) * cj * t * t, y = -2 * rho * aj * t
            let n = x * x + y * y
            (re, im) = ((re * x + im * y) / n, (im * x - re * y) / n)
        }
        return (re, im)
    }

    /// Φ(E D/√Var D): the normal approximation of P[s(m₁) > s(m₂)]. O(h).
    public func normalApproximation() throws -> Double {
        let v = variance
        guard v > 0 else { return mean > 0 ? 1 : mean < 0 ? 0 : 0.5 }
        return try StandardNormal.cdf(mean / v.squareRoot())
    }

    /// P[s(m₁) > s(m₂)] exactly, by Gil-Pelaez: 1/2 + (1/π)∫₀^∞ Im φ_D(t)/t dt, integrated by
    /// adaptive Gauss–Kronrod on log-spaced panels up to 64/σ_D and QAGIU beyond.
    ///
    /// - Returns: the probability and an error estimate (the sum of QUADPACK's estimates / π).
    /// - Complexity: O(h) per integrand evaluation, a few thousand evaluations.
    public func exactProbability() throws -> Estimate {
        if rho == 0 { return Estimate(value: 0.5, error: 0) }
        let sigma = variance.squareRoot()
        guard sigma > 0 else { return Estimate(value: 0.5, error: 0) }
        let integrand: (Double) -> Double = { t in
            t == 0 ? self.mean : self.characteristic(t).im / t
        }
        // Panels [0, s/64], [s/64, s/32], …, [s·32, s·64] in units of 1/σ capture the oscillation
        // scales; the remainder beyond 64/σ, where |φ| is negligible, goes to QAGIU.
        var total = 0.0, error = 0.0
        var edges = [0.0]
        var edge = 1 / (64 * sigma)
        while edge < 64 / sigma { edges.append(edge); edge *= 2 }
        edges.append(64 / sigma)
        for (lo, hi) in zip(edges, edges.dropFirst()) {
            let e = try Integration.integrate(from: lo, to: hi, absoluteTolerance: 1e-13, relativeTolerance: 1e-10, integrand)
            total += e.value
            error += e.error
        }
        let tail = try Integration.integrate(from: 64 / sigma, toInfinity: (), absoluteTolerance: 1e-13, relativeTolerance: 1e-8, integrand)
        total += tail.value
        error += tail.error
        return Estimate(value: min(1, max(0, 0.5 + total / .pi)), error: error / .pi)
    }

    /// P[s(m₂) > s(m₁)], the probability that the far key scores higher (`inversion_probability`),
    /// exactly (``exactProbability()``, its complement, same error). O(h) per integrand evaluation.
    public func exactInversionProbability() throws -> Estimate {
        let p = try exactProbability()
        return Estimate(value: 1 - p.value, error: p.error)
    }

    /// P[s(m₂) > s(m₁)] by the normal approximation Φ(−E D/√Var D). O(h).
    public func normalInversionProbability() throws -> Double { 1 - (try normalApproximation()) }

    /// P[s(m₂) > s(m₁)] by Monte Carlo (``monteCarlo(samples:seed:sampling:threads:progress:)``, its
    /// complement, same standard error).
    public func monteCarloInversionProbability(samples: Int, seed: UInt64 = 0, sampling: Sampling = .conditional,
                                               threads: Int = Parallel.defaultThreads, progress: ProgressSink? = nil) throws -> Estimate {
        let p = try monteCarlo(samples: samples, seed: seed, sampling: sampling, threads: threads, progress: progress)
        return Estimate(value: 1 - p.value, error: p.error)
    }

    /// How Monte Carlo draws the content.
    public enum Sampling: Sendable {
        /// q and ξ as full d-dimensional Gaussian vectors; D from the rotated dot product.
        case direct
        /// Only what D depends on: R_j = |q̃_j|² = −2 ln U_j (χ²₂) per block, then
        /// P[D > 0 | R] = Φ(ρΣR_j a_j / √((1−ρ²)ΣR_j c_j)) averaged (conditional Monte Carlo:
        /// unbiased, lower variance, 64 draws per sample instead of 256; the logarithms by
        /// ``VectorLog``, eight channels at a time).
        case conditional
    }

    /// Samples per Philox stream: block b of the samples draws from stream b of the seed, so the
    /// result is the same for every number of threads.
    public static let monteCarloBlock = 4096

    /// P[s(m₁) > s(m₂)] by Monte Carlo with its standard error, in blocks of
    /// ``monteCarloBlock`` samples with independent Philox streams (same seed → same result, for
    /// every thread count). O(samples·h).
    ///
    /// - Throws: ``Interrupted`` when `progress` asks to stop (checked once per block).
    public func monteCarlo(samples: Int, seed: UInt64 = 0, sampling: Sampling = .conditional,
                           threads: Int = Parallel.defaultThreads, progress: ProgressSink? = nil) throws -> Estimate {
        precondition(samples >= 2, "need at least two samples")
        let block = Self.monteCarloBlock
        let blocks = (samples + block - 1) / block
        let counter = WorkCounter(total: Double(blocks), sink: progress)
        // Per-block weights of the rotated dot product: D = Σ_j Re(q̃_j conj(k̃_j) w_j), w_j = e^{im₁θ} − e^{im₂θ}.
        let w = inverseFrequencies.map { t in (cos(Double(near) * t) - cos(Double(far) * t), sin(Double(near) * t) - sin(Double(far) * t)) }
        let scale = (1 - rho * rho).squareRoot()
        let channels = inverseFrequencies.count
        let groups = (channels + 7) / 8
        func lanes(_ x: [Double]) -> [SIMD8<Double>] {
            let padded = x + Array(repeating: 0, count: 8 * groups - channels)
            return (0..<groups).map { SIMD8(padded[(8 * $0)..<(8 * $0 + 8)]) }
        }
        let aLanes = lanes(a), cLanes = lanes(c)
        let partial = try Parallel.map(blocks, threads: threads) { (b: Int) throws -> (Double, Double) in
            var rng = RandomStream(seed: seed, stream: UInt64(b))
            let count = min(block, samples - b * block)
            let moments: (Double, Double)
            switch sampling {
            case .conditional:
                moments = try Self.conditionalBlock(&rng, count: count, channels: channels, aLanes: aLanes, cLanes: cLanes, rho: rho)
            case .direct:
                moments = Self.directBlock(&rng, count: count, w: w, rho: rho, scale: scale)
            }
            try counter.advance()
            return moments
        }
        let sum = partial.reduce(0) { $0 + $1.0 }, sumSquares = partial.reduce(0) { $0 + $1.1 }
        let n = Double(samples)
        let mean = sum / n
        return Estimate(value: mean, error: max(0, (sumSquares / n - mean * mean) / (n - 1)).squareRoot())
    }

    /// Σx and Σx² of one block of conditional samples: R_j = −2 ln(1 − U_j) for the channels in
    /// stream order, eight channels a vector (padding lanes draw nothing and weigh 0). A named
    /// function rather than the task closure, so that the compiler keeps its full vector width.
    @inline(never)
    static func conditionalBlock(_ rng: inout RandomStream, count: Int, channels: Int, aLanes: [SIMD8<Double>], cLanes: [SIMD8<Double>],
                                 rho: Double) throws -> (Double, Double) {
        let groups = aLanes.count
        let uniforms = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: groups)
        defer { uniforms.deallocate() }
        uniforms.initialize(repeating: SIMD8(repeating: 0.5), count: groups)
        let flat = UnsafeMutableRawPointer(uniforms).assumingMemoryBound(to: Double.self)
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<count {
            rng.fillUniforms(flat, count: channels)
            var mv = SIMD8<Double>.zero, vv = SIMD8<Double>.zero
            for g in 0..<groups {
                let r = -2 * VectorLog.log(1 - uniforms[g])
                mv = mv.addingProduct(r, aLanes[g])
                vv = vv.addingProduct(r, cLanes[g])
            }
            let m = mv.sum() * rho
            let v = vv.sum() * (1 - rho * rho)
            let x = v > 0 ? try StandardNormal.cdf(m / v.squareRoot()) : (m > 0 ? 1 : m < 0 ? 0 : 0.5)
            sum += x
            sumSquares += x * x
        }
        WorkTally.add(.chiSquare, count * channels)
        return (sum, sumSquares)
    }

    /// Σx and Σx² of one block of direct samples: per sample and channel, in stream order, q0, q1
    /// and the noise of k0, k1.
    @inline(never)
    static func directBlock(_ rng: inout RandomStream, count: Int, w: [(Double, Double)], rho: Double, scale: Double) -> (Double, Double) {
        let channels = w.count
        let normals = UnsafeMutablePointer<Double>.allocate(capacity: 4 * channels)
        defer { normals.deallocate() }
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<count {
            rng.fillNormals(normals, count: 4 * channels)
            var d = 0.0
            for (j, (wr, wi)) in w.enumerated() {
                let q0 = normals[4 * j], q1 = normals[4 * j + 1]
                let k0 = rho * q0 + scale * normals[4 * j + 2], k1 = rho * q1 + scale * normals[4 * j + 3]
                // q̃ conj(k̃) = (q0 k0 + q1 k1) + i(q1 k0 − q0 k1)
                let pr = q0 * k0 + q1 * k1, pi = q1 * k0 - q0 * k1
                d += pr * wr - pi * wi
            }
            let x: Double = d > 0 ? 1 : 0
            sum += x
            sumSquares += x * x
        }
        WorkTally.add(.normal, count * 4 * channels)
        return (sum, sumSquares)
    }
}
