import Foundation
import Testing
import TestSupport
@testable import Bounds
import Rotary

@Suite("Score-signal power spectrum (FFTW)")
struct ScoreSignalSpectrumTests {
    @Test func aBinCentredOscillatorPeaksAtItsBinWithUnitPower() throws {
        let W = 1024, k = 100
        let theta = 2 * Double.pi * Double(k) / Double(W)
        let s = try ScoreSignalSpectrum(inverseFrequencies: [theta], window: W)
        let peak = s.power.indices.max { s.power[$0] < s.power[$1] }!
        #expect(peak == k)
        // Hann window: |X| = W/4 at the centre bin and W/8 at its neighbours, 0 further out (the
        // window's transform has three nonzero taps), up to the FFT's rounding.
        #expect(isClose(s.power[k], 1, .tol6))
        #expect(isClose(s.power[k + 1], 0.25, .tol6))
        #expect(s.power[k + 5] < 1e-20)
    }

    /// θ = 2.5 rad/token sampled every 2 tokens turns 5 rad per sample, past π: it folds to
    /// 2π − 5 = 1.2831853 rad per sample, i.e. 0.6415927 rad/token. θ = 1e-5 completes less than
    /// one cycle in the window of 4096 tokens (2π/4096 = 1.53e-3), θ = 0.3 is resolved and below
    /// Nyquist π/2.
    @Test func foldingPastNyquistAndUnresolvedLines() throws {
        let s = try ScoreSignalSpectrum(inverseFrequencies: [2.5, 1e-5, 0.3], window: 2048, stride: 2)
        #expect(s.nyquist == .pi / 2 && isClose(s.resolution, 2 * .pi / 4096, .tol0))
        #expect(s.lines[0].aliased && isClose(s.lines[0].apparentFrequency, 0.6415926535897931, .tol2))
        #expect(!s.lines[1].resolved && s.lines[2].resolved && !s.lines[2].aliased)
        // The folded line is where the power is.
        let bin = Int((0.6415926535897931 / s.resolution).rounded())
        #expect(s.power[(bin - 2)...(bin + 2)].max()! > 0.3)
    }

    /// Base 10⁴, d = 128, a window of 4096 positions: θ_k = 10^{−4k/64} falls below 2π/4096 for
    /// k > 64·log₁₀(4096/2π)/4 = 45.03, so channels 46 … 63 (18 of them) are unresolved.
    @Test func defaultSpectrumCountsMatchTheLimits() throws {
        let theta = RotarySpectrum.standardInverseFrequencies(base: 1e4, rotaryDim: 128)
        let s = try ScoreSignalSpectrum(inverseFrequencies: theta, window: 4096)
        #expect(s.lines.filter { !$0.resolved }.map(\.channel) == Array(46...63))
        #expect(s.lines.allSatisfy { !$0.aliased })            // θ ≤ 1 < π at stride 1
    }
}
