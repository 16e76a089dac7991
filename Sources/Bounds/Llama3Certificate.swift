import Foundation
import NumericalCore

extension BaseBound {
    /// llama3 (NTK-by-parts) scaling as the walk sees it: every channel is hₖ(b) = g(θₖ(b)) with
    /// θₖ(b) = b^{−k/n} (n channels) and one increasing map g (transformers, `_compute_llama3_parameters`):
    /// g(θ) = θ/s below θ_lo = 2π·l/L₀ (wavelength past L₀/l), g(θ) = θ above θ_hi = 2π·h/L₀ (wavelength
    /// below L₀/h), and between them g(θ) = (1 − γ)θ/s + γθ with γ = (L₀θ/2π − l)/(h − l), that is
    /// g(θ) = θ/s + (1 − 1/s)(aθ² − cθ), a = L₀/(2π(h − l)), c = l/(h − l).
    /// g is continuous for l < h (γ = 0 at θ_lo, 1 at θ_hi), jumps at θ_lo = θ_hi for l = h (Llama 4),
    /// and is increasing in both cases.
    public struct Llama3Bands: Sendable, Equatable {
        public let factor: Double
        public let lowFreqFactor: Double
        public let highFreqFactor: Double
        public let originalContext: Double

        /// nil unless s ≥ 1 (a factor below 1 makes g decreasing in the ramp), 0 < l ≤ h (transformers
        /// only warns about h < l) and L₀ > 0: the walk then takes the chord certificate.
        public init?(factor: Double, lowFreqFactor: Double, highFreqFactor: Double, originalContext: Double) {
            guard factor >= 1, lowFreqFactor > 0, highFreqFactor >= lowFreqFactor, originalContext > 0,
                  [factor, lowFreqFactor, highFreqFactor, originalContext].allSatisfy(\.isFinite) else { return nil }
            (self.factor, self.lowFreqFactor, self.highFreqFactor, self.originalContext) = (factor, lowFreqFactor, highFreqFactor, originalContext)
        }

        var low: Double { 2 * .pi * lowFreqFactor / originalContext }
        var high: Double { 2 * .pi * highFreqFactor / originalContext }
        /// a·(1 − 1/s)·2 = g″ in the ramp (0 without one).
        var curvature: Double {
            highFreqFactor > lowFreqFactor ? 2 * originalContext / (2 * .pi * (highFreqFactor - lowFreqFactor)) * (1 - 1 / factor) : 0
        }
        /// g′(θ) in the ramp: 1/s + (1 − 1/s)(2aθ − c), increasing in θ.
        func rampSlope(_ theta: Double) -> Double {
            let span = highFreqFactor - lowFreqFactor
            return 1 / factor + (1 - 1 / factor) * (2 * originalContext * theta / (2 * .pi * span) - lowFreqFactor / span)
        }
    }

    /// The certificate of a ``Llama3Bands`` family (derived here), a sharper one than the chord's:
    /// for b′ ∈ [b, b + Δ] write K(b′) − K(b) = Σₖ [cos(m·hₖ(b′)) − cos(m·hₖ(b))].
    /// - A channel that stays in one band of g over [b, b + Δ] is smooth there: with θ′ = −xθ/b,
    ///   θ″ = x(x + 1)θ/b², h′ = g′(θ)θ′ and h″ = g″θ′² + g′θ″, and every θ(b′) ≤ θ(b), b′ ≥ b, g′
    ///   increasing within a band, its term is at most m·sin(m·hₖ)·|hₖ′(b)|·t + ½·Mₖ·t² (t = b′ − b) with
    ///   |hₖ′| ≤ Gₖ·xθₖ/b =: Sₖ (Gₖ = g′(θₖ(b)): 1 or 1/s in a flat band) and
    ///   Mₖ = m²Sₖ² + m·(g″·(xθₖ/b)² + Gₖ·x(x + 1)θₖ/b²).
    /// - A channel that crosses a band edge (the base where θₖ reaches the next edge below it is known
    ///   in closed form, b·(θₖ/edge)^{1/x}, taken with a relative margin of 10⁻⁹) takes the chord bound of
    ///   ``ChordCertificate`` with Dₖ = hₖ(b) − hₖ(b + Δ) from the family's spectrum: at most
    ///   max(0, sin m·hₖ)·m·Dₖ + (m·Dₖ)²/2 (m·Dₖ ≤ π), else min(2, m·Dₖ), for every t.
    /// The sum is a convex quadratic in t plus a constant, so K < 0 on [b, b + Δ] when it is below
    /// δ = −K(b) − errorBound at t = 0 and t = Δ. Without a crossing within the smooth step (the root
    /// of −δ + K′t + ½Mt²), that root is the step; with one, steps b·2^{−j} are tried below it.
    final class Llama3Certificate: KernelCertificate, @unchecked Sendable {
        let kernel: RoPEKernel
        let base: Double
        let family: Family
        /// By channel: Sₖ and Tₖ (Mₖ = m²Sₖ² + m·Tₖ), and the distance to the base where the channel
        /// meets the next band edge below it (∞: none); Sₖ eight channels a vector, and the sums.
        let slope: [Double], curvature: [Double], stay: [Double]
        private let slopeVectors: [SIMD8<Double>]
        private let totalSlope: Double, totalSlopeSquared: Double, totalCurvature: Double
        /// Channels by increasing `stay` (those that a step of Δ crosses are a prefix).
        private let order: [Int]
        /// The chord certificate at the same base: its drops θₖ(b) − θₖ(b + b·2^{−j}) (and the spectra
        /// behind them, which the walk reuses) are computed only when a step crosses an edge.
        private let chord: ChordCertificate

        init(kernel: RoPEKernel, base b: Double, family: Family, bands: Llama3Bands) {
            self.kernel = kernel
            self.base = b
            self.family = family
            let h = kernel.inverseFrequencies, n = Double(h.count)
            var slope = [Double](repeating: 0, count: h.count), curvature = slope, stay = slope
            let margin = 1e-9
            for k in h.indices {
                let x = Double(k) / n
                guard x > 0 else { stay[k] = .infinity; continue }      // θ₀ = 1 whatever the base
                let theta = pow(b, -x)
                let (lo, hi) = (bands.low, bands.high)
                let g: Double, g2: Double, edge: Double?
                if theta < lo * (1 - margin) {
                    (g, g2, edge) = (1 / bands.factor, 0, nil)
                } else if theta > hi * (1 + margin) {
                    (g, g2, edge) = (1, 0, hi)
                } else if bands.highFreqFactor > bands.lowFreqFactor, theta > lo * (1 + margin), theta < hi * (1 - margin) {
                    (g, g2, edge) = (bands.rampSlope(theta), bands.curvature, lo)
                } else {
                    // Within the margin of an edge: every step crosses it (the chord bound).
                    (g, g2, edge) = (1, 0, theta * 2)
                }
                slope[k] = g * x * theta / b
                curvature[k] = g2 * (x * theta / b) * (x * theta / b) + g * x * (x + 1) * theta / (b * b)
                stay[k] = edge.map { e in e >= theta ? 0 : b * (pow(theta / e, 1 / x) * (1 - margin) - 1) } ?? .infinity
            }
            (self.slope, self.curvature, self.stay) = (slope, curvature, stay)
            let padded = slope + Array(repeating: 0, count: kernel.padding)
            slopeVectors = stride(from: 0, to: padded.count, by: 8).map { SIMD8(padded[$0..<($0 + 8)]) }
            order = h.indices.sorted { stay[$0] < stay[$1] }
            totalSlope = slope.reduce(0, +)
            totalSlopeSquared = slope.reduce(0) { $0 + $1 * $1 }
            totalCurvature = curvature.reduce(0, +)
            chord = ChordCertificate(kernel: kernel, base: b, family: family)
        }

        func prepareRanking() {}
        func spectrum(at b: Double) -> [Double]?? { chord.spectrum(at: b) }

        func linearStep(value: Double, at m: Int) -> Double {
            let delta = -value - kernel.errorBound
            return delta > 0 && m > 0 ? delta / (Double(m) * max(totalSlope, 1e-300)) : 0
        }

        func step(at m: Int, beyond floor: Double) -> Double {
            guard m > 0 else { return 0 }
            let mm = Double(m), position = SIMD8<Double>(repeating: mm)
            var values = SIMD8<Double>.zero, slopes = SIMD8<Double>.zero
            for (v, weight) in zip(kernel.channelVectors, slopeVectors) {
                let (s, c) = VectorSinCos.sinCos(multiple: position, of: v)
                values += c
                slopes = slopes.addingProduct(s, weight)
            }
            let delta = -(values.sum() - Double(kernel.padding)) - kernel.errorBound
            guard delta > 0 else { return 0 }
            let linear = mm * slopes.sum(), quadratic = mm * mm * totalSlopeSquared + mm * totalCurvature
            // K′ plus a margin for its rounding, as the power-law certificate.
            let rounding = 1e-12 * mm * totalSlope
            func root(_ gap: Double, _ b1: Double, _ a2: Double) -> Double {
                a2 > 0 ? (-b1 + (b1 * b1 + 2 * a2 * gap).squareRoot()) / a2 : (b1 > 0 ? gap / b1 : .infinity)
            }
            // At most b, the chord certificate's largest step too.
            let smooth = min(root(delta, linear + rounding, quadratic), base)
            // Before the first crossing the smooth bound holds as it is.
            let first = stay[order[0]]
            if smooth <= first { return smooth }
            let best = first
            // Past it: the crossed channels move from the quadratic to the chord bound.
            var j = max(0, Int((-log2(smooth / base)).rounded(.up)))
            while j <= ChordCertificate.finestStep {
                let step = chord.farBase(j) - base
                if step <= max(best, floor) { break }
                // nil: no spectrum there, or a channel grew (the chord bound needs every θₖ non-increasing).
                guard let drops = chord.drops(j) else { j += 1; continue }
                var (lin, quad, rise) = (linear, quadratic, 0.0)
                for k in order {
                    guard stay[k] <= step else { break }
                    let sine = sin(mm * kernel.inverseFrequencies[k])
                    lin -= mm * sine * slope[k]
                    quad -= mm * mm * slope[k] * slope[k] + mm * curvature[k]
                    let md = mm * drops[k / 8][k % 8]
                    rise += md > .pi ? min(2, md) : max(0, sine) * md + 0.5 * md * md
                }
                if rise < delta, -delta + rise + (lin + rounding) * step + 0.5 * max(quad, 0) * step * step < 0 { return step }
                j += 1
            }
            return best
        }
    }
}
