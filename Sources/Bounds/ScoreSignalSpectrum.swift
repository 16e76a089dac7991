import Foundation
import NumericalCore

/// The phase-modulation picture made visible: the power spectrum of the score signal
/// s(m) = Σⱼ Cⱼ cos(m·θⱼ + φⱼ) sampled at positions m = 0, S, 2S, …, (W−1)S (derived here, after
/// Liu 2026's oscillator-bank view).
///
/// A Hann-windowed real FFT (FFTW) of W samples gives bins at ωₖ = 2πk/(W·S) rad/token. Two
/// limits follow from sampling theory:
/// - resolution: an oscillator whose period 2π/θ exceeds the window W·S (θ < 2π/(W·S)) completes
///   less than one cycle and merges into the DC bin: positions it separates cannot be told apart
///   inside the window;
/// - Nyquist: an oscillator faster than π/S rad/token folds to |((θS + π) mod 2π) − π|/S.
public struct ScoreSignalSpectrum: Sendable {
    public struct Line: Sendable, Equatable {
        public let channel: Int
        public let frequency: Double
        /// Where the line appears: the frequency folded into [0, π/S].
        public let apparentFrequency: Double
        public let resolved: Bool
        public let aliased: Bool
    }

    public let window: Int
    public let stride: Int
    /// Bin frequencies (rad/token) and one-sided power (|X|², Hann-windowed, normalised so a
    /// unit-amplitude resolved oscillator peaks near 1).
    public let frequencies: [Double]
    public let power: [Double]
    public let lines: [Line]

    /// The bin width 2π/(W·S): the slowest resolvable frequency.
    public var resolution: Double { 2 * .pi / Double(window * stride) }
    /// π/S: the fastest frequency represented without folding.
    public var nyquist: Double { .pi / Double(stride) }

    /// - Parameters: amplitudes Cⱼ (default 1) and phases φⱼ (default 0).
    /// - Complexity: O(W·d/2 + W log W).
    public init(inverseFrequencies theta: [Double], window: Int, stride: Int = 1,
                amplitudes: [Double]? = nil, phases: [Double]? = nil) throws {
        precondition(window >= 8 && stride >= 1, "need a window of at least 8 samples")
        self.window = window
        self.stride = stride
        let amplitude = amplitudes ?? Array(repeating: 1, count: theta.count)
        let phase = phases ?? Array(repeating: 0, count: theta.count)
        // Hann window w(n) = sin²(πn/W); its coherent gain is 1/2.
        var samples = [Double](repeating: 0, count: window)
        for n in 0..<window {
            let m = n * stride
            var s = 0.0
            for (j, t) in theta.enumerated() {
                let (c, si) = accurateCosSin(m, t)
                s += amplitude[j] * (c * cos(phase[j]) - si * sin(phase[j]))
            }
            let w = sin(.pi * Double(n) / Double(window))
            samples[n] = s * w * w
        }
        let spectrum = try RealFFT.forward(samples)
        let scale = 1 / (Double(window) / 4)          // |X| of a unit cosine, Hann-windowed, is W/4
        power = spectrum.map { $0.magnitudeSquared * scale * scale }
        frequencies = spectrum.indices.map { 2 * .pi * Double($0) / Double(window * stride) }
        let (resolution, nyquist) = (2 * Double.pi / Double(window * stride), Double.pi / Double(stride))
        lines = theta.enumerated().map { j, t in
            let folded = abs((t * Double(stride) + .pi).truncatingRemainder(dividingBy: 2 * .pi) - .pi) / Double(stride)
            return Line(channel: j, frequency: t, apparentFrequency: folded, resolved: t >= resolution, aliased: t > nyquist)
        }
    }
}
