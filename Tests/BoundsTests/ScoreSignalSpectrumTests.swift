import Foundation
import Testing
@testable import Bounds

@Suite("Score-signal power spectrum (FFTW)")
struct ScoreSignalSpectrumTests {
    @Test func aBinCentredOscillatorPeaksAtItsBinWithUnitPower() throws {
        let W = 1024, k = 100
        let theta = 2 * Double.pi * Double(k) / Double(W)
        let s = try ScoreSignalSpectrum(inverseFrequencies: [theta], window: W)
        let peak = s.power.indices.max { s.power[$0] < s.power[$1] }!
        #expect(peak == k)
        #expect(abs(s.power[k] - 1) < 1e-9)                   // Hann: |X| = W/4 at the centre bin
        #expect(abs(s.power[k + 1] - 0.25) < 1e-9)            // and W/8 at its neighbours
        #expect(s.power[k + 5] < 1e-20)
    }

    @Test func foldingPastNyquistAndUnresolvedLines() throws {
        let s = try ScoreSignalSpectrum(inverseFrequencies: [2.5, 1e-5, 0.3], window: 2048, stride: 2)
        #expect(s.nyquist == .pi / 2 && abs(s.resolution - 2 * .pi / 4096) < 1e-18)
        let folded = abs((5 + Double.pi).truncatingRemainder(dividingBy: 2 * .pi) - .pi) / 2
        #expect(s.lines[0].aliased && abs(s.lines[0].apparentFrequency - folded) < 1e-12)
        #expect(!s.lines[1].resolved && s.lines[2].resolved && !s.lines[2].aliased)
        // The folded line is where the power is.
        let bin = Int((folded / s.resolution).rounded())
        #expect(s.power[(bin - 2)...(bin + 2)].max()! > 0.3)
    }

    @Test func defaultSpectrumCountsMatchTheLimits() throws {
        let theta = RoPEKernel(base: 1e4, rotaryDim: 128).inverseFrequencies
        let s = try ScoreSignalSpectrum(inverseFrequencies: theta, window: 4096)
        #expect(s.lines.filter { !$0.resolved }.count == theta.filter { $0 < 2 * .pi / 4096 }.count)
        #expect(s.lines.allSatisfy { !$0.aliased })            // θ ≤ 1 < π at stride 1
    }
}
