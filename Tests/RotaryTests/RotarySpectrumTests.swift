import Foundation
import Testing
import TestSupport
@testable import Rotary

/// The float64 vectors of hf-rope-scaling.md §7 (computed from the formulas, independently of this code).
@Suite("Rope spectra: reference vectors and validation")
struct RotarySpectrumTests {
    func spectrum(_ base: Double, _ d: Int, _ scaling: RopeScaling = .none, maxPos: Int? = nil, seq: Int? = nil) throws -> RotarySpectrum {
        try RotaryConfiguration(base: base, headDim: d, scaling: scaling, maxPositionEmbeddings: maxPos).spectrum(sequenceLength: seq)
    }

    @Test func defaultAndLinear() throws {
        #expect(try spectrum(1e4, 8).inverseFrequencies.enumerated().allSatisfy { isClose($1, [1, 0.1, 0.01, 0.001][$0], .epsilons(4)) })
        let s = try spectrum(1e4, 128)
        #expect(isClose(s.inverseFrequencies[1], 0.8659643233600653, .epsilons(4)))
        #expect(isClose(s.inverseFrequencies[63], 1.1547819846894582e-4, .epsilons(4)))
        #expect(isClose(s.wavelengths[63], 54410.14, .printed(digits: 7)))
        let linear = try spectrum(1e4, 8, .linear(factor: 4)).inverseFrequencies
        #expect(zip(linear, [0.25, 0.025, 0.0025, 0.00025]).allSatisfy { isClose($0, $1, .epsilons(4)) })
    }

    @Test func dynamicNTK() throws {
        let s = try spectrum(1e4, 8, .dynamic(factor: 2), maxPos: 2048, seq: 4096)
        for (a, b) in zip(s.inverseFrequencies, [1, 0.06933612743506, 0.004807498567691, 3.333333333333e-4]) {
            #expect(isClose(a, b, .printed(digits: 13)))
        }
        // base' = 1/θ_{63}^{64/63} recovers the scaled base.
        for (seq, expected) in [(2048, 10_000.0), (4096, 10_000), (8192, 30_527.736749), (16384, 72_195.860087)] {
            let t = try spectrum(1e4, 128, .dynamic(factor: 2), maxPos: 4096, seq: seq).inverseFrequencies[63]
            #expect(isClose(pow(1 / t, 64.0 / 63.0), expected, .absolute(5e-7)), "seq \(seq)")   // printed to 6 decimals
        }
        let t = try spectrum(1e4, 128, .dynamic(factor: 4), maxPos: 4096, seq: 32768).inverseFrequencies[63]
        #expect(isClose(pow(1 / t, 64.0 / 63.0), 305_921.968074, .absolute(5e-7)))
    }

    @Test func yarn() throws {
        let s = try spectrum(1e4, 8, .yarn(.init(factor: 4, originalMaxPositionEmbeddings: 2048)))
        #expect(zip(s.inverseFrequencies, [1, 0.1, 0.00625, 0.00025]).allSatisfy { isClose($0, $1, .epsilons(32)) })
        #expect(isClose(s.attentionFactor, 1.138629436111989, .epsilons(32)))
        #expect(Yarn.correctionRange(betaFast: 32, betaSlow: 1, rotaryDim: 8, base: 1e4, originalContext: 2048, truncate: true) == (1, 3))

        let v3 = try spectrum(1e4, 64, .yarn(.init(factor: 40, originalMaxPositionEmbeddings: 4096, betaFast: 32, betaSlow: 1,
                                                    mscale: 1, mscaleAllDim: 1)))
        #expect(v3.attentionFactor == 1)
        #expect(isClose(v3.inverseFrequencies[31], 3.3338035804e-6, .printed(digits: 11)))
        let theta = try spectrum(1e4, 64).inverseFrequencies
        for (k, ratio) in [(10, 1.0), (11, 1.081081), (12, 1.176471), (20, 4.0), (23, 40.0), (31, 40.0)] {
            #expect(isClose(theta[k] / v3.inverseFrequencies[k], ratio, .printed(digits: 7)), "k = \(k)")
        }
        let noMscale = try spectrum(1e4, 64, .yarn(.init(factor: 40, originalMaxPositionEmbeddings: 4096)))
        #expect(isClose(noMscale.attentionFactor, 1.3688879454113936, .epsilons(32)))

        #expect(Yarn.correctionRange(betaFast: 32, betaSlow: 1, rotaryDim: 128, base: 1e4, originalContext: 4096, truncate: true) == (20, 46))
        let (lo, hi) = Yarn.correctionRange(betaFast: 32, betaSlow: 1, rotaryDim: 64, base: 1.5e5, originalContext: 4096, truncate: false)
        #expect(isClose(lo, 8.092779115512402, .tol2) && isClose(hi, 17.39802450158856, .tol2))
        let qwen = try spectrum(1e6, 128, .yarn(.init(factor: 4, originalMaxPositionEmbeddings: 32768)))
        #expect(isClose(qwen.inverseFrequencies[63], 3.102344401879299e-7, .tol3))
    }

    @Test func llama3() throws {
        let scaling = RopeScaling.llama3(.init(factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192))
        let s = try spectrum(5e5, 128, scaling), theta = try spectrum(5e5, 128).inverseFrequencies
        let ratios = zip(theta, s.inverseFrequencies).map { $0 / $1 }
        #expect(ratios.filter { $0 == 1 }.count == 29 && ratios.filter { isClose($0, 8, .epsilons(4)) }.count == 29)
        #expect(isClose(s.inverseFrequencies[30], 1.3718935678e-3, .printed(digits: 11)) && isClose(ratios[30], 1.553415, .printed(digits: 7)))
        #expect(isClose(s.inverseFrequencies[63], 3.0689259889e-7, .printed(digits: 11)))
        #expect(isClose(s.effectiveBase, 3.2585e6, .printed(digits: 5)))
        let small = try spectrum(5e5, 8, scaling).inverseFrequencies
        for (a, b) in zip(small, [1, 0.03760603093086, 5.248461609930e-4, 6.647869871181e-6]) { #expect(isClose(a, b, .printed(digits: 13))) }
    }

    @Test func longropeAttentionFactor() throws {
        let p = RopeScaling.LongRope(shortFactor: Array(repeating: 1, count: 48), longFactor: Array(repeating: 2, count: 48),
                                     factor: nil, originalMaxPositionEmbeddings: 4096)
        let s = try RotaryConfiguration(base: 1e4, headDim: 96, scaling: .longrope(p), maxPositionEmbeddings: 131072).spectrum()
        #expect(isClose(s.attentionFactor, 1.1902380714238083, .epsilons(4)))
        let long = try RotaryConfiguration(base: 1e4, headDim: 96, scaling: .longrope(p), maxPositionEmbeddings: 131072)
            .spectrum(sequenceLength: 4097)
        #expect(long.inverseFrequencies[0] == 0.5 && s.inverseFrequencies[0] == 1)
    }

    @Test func partialAndProportional() throws {
        #expect(RotaryConfiguration.rotaryDim(headDim: 96, partialRotaryFactor: 0.25) == 24)
        #expect(RotaryConfiguration.rotaryDim(headDim: 128, partialRotaryFactor: 0.75) == 96)
        let p = try RotaryConfiguration(base: 1e6, headDim: 128, rotaryDim: 32, scaling: .proportional(factor: 1)).spectrum()
        #expect(p.inverseFrequencies.count == 64 && p.inverseFrequencies[16] == 0 && p.inverseFrequencies[15] > 0)
        #expect(isClose(p.minInverseFrequency, pow(1e6, -30.0 / 128), .epsilons(32)))
        #expect(p.wavelengths[20] == .infinity)
    }

    @Test(arguments: [
        (RotaryConfiguration(base: 1, headDim: 128), "rope_theta"),
        (RotaryConfiguration(base: .nan, headDim: 128), "rope_theta"),
        (RotaryConfiguration(base: 1e4, headDim: 128, rotaryDim: 31), "rotary dimension"),
        (RotaryConfiguration(base: 1e4, headDim: 0), "head_dim"),
        (RotaryConfiguration(base: 1e4, headDim: 128, scaling: .linear(factor: 0)), "rope_scaling.factor"),
        (RotaryConfiguration(base: 1e4, headDim: 128, scaling: .dynamic(factor: 2)), "max_position_embeddings"),
        (RotaryConfiguration(base: 1e4, headDim: 128, scaling: .yarn(.init(factor: 4, originalMaxPositionEmbeddings: 4096,
                                                                              betaFast: -1, betaSlow: 32))), "rope_scaling.beta_fast"),
        (RotaryConfiguration(base: 1e4, headDim: 8, scaling: .longrope(.init(shortFactor: [1, 1], longFactor: [1, 1, 1, 1],
                                                                              factor: 2, originalMaxPositionEmbeddings: 4096))),
         "rope_scaling.short_factor"),
        (RotaryConfiguration(base: 1e4, headDim: 4, scaling: .longrope(.init(shortFactor: [1, 1], longFactor: [1, .nan],
                                                                              factor: 2, originalMaxPositionEmbeddings: 4096))),
         "rope_scaling.long_factor[1]"),
        (RotaryConfiguration(base: 1e4, headDim: 128, scaling: .llama3(.init(factor: 8, lowFreqFactor: 4, highFreqFactor: 0,
                                                                               originalMaxPositionEmbeddings: 8192))),
         "rope_scaling.high_freq_factor"),
    ])
    func invalidConfigurationsNameTheField(config: RotaryConfiguration, field: String) {
        #expect(throws: RotaryError.self) { try config.spectrum() }
        do { _ = try config.spectrum() } catch { #expect(error.parameter.hfKey == field, "\(error)") }
    }
}
