import Foundation
import Testing
import TestSupport
@testable import Rotary

/// Every rope type against transformers' own `ROPE_INIT_FUNCTIONS`
/// (Fixtures/make_hf_reference.py). transformers computes in float32, so 1e-6 relative.
@Suite("Rope spectra against Hugging Face transformers")
struct HFSweepTests {
    static let cases = Fixture.load("hf_sweeps.json", from: .module)["cases"].array

    /// The fixture's rope dict → the Rotary API (the Models module does the same from config.json).
    static func configuration(_ c: Fixture) -> (RotaryConfiguration, Int?) {
        let rope = c["rope"]
        let headDim = c["head_dim"].int
        let p = rope.optional("partial_rotary_factor")?.double ?? 1
        let rotaryDim = RotaryConfiguration.rotaryDim(headDim: headDim, partialRotaryFactor: p)
        let factor = rope.optional("factor")?.double
        let l0 = rope.optional("original_max_position_embeddings")?.int
        let scaling: RopeScaling
        switch rope["rope_type"].string {
        case "default": scaling = .none
        case "linear": scaling = .linear(factor: factor!)
        case "dynamic": scaling = .dynamic(factor: factor!)
        case "yarn":
            scaling = .yarn(.init(factor: factor, originalMaxPositionEmbeddings: l0!,
                                  betaFast: rope.optional("beta_fast")?.double, betaSlow: rope.optional("beta_slow")?.double,
                                  attentionFactor: rope.optional("attention_factor")?.double,
                                  mscale: rope.optional("mscale")?.double, mscaleAllDim: rope.optional("mscale_all_dim")?.double,
                                  truncate: rope.optional("truncate")?.bool ?? true))
        case "longrope":
            scaling = .longrope(.init(shortFactor: rope["short_factor"].doubles, longFactor: rope["long_factor"].doubles,
                                      factor: factor, originalMaxPositionEmbeddings: l0!,
                                      attentionFactor: rope.optional("attention_factor")?.double))
        case "llama3":
            scaling = .llama3(.init(factor: factor!, lowFreqFactor: rope["low_freq_factor"].double,
                                    highFreqFactor: rope["high_freq_factor"].double, originalMaxPositionEmbeddings: l0!))
        case "proportional": scaling = .proportional(factor: factor ?? 1)
        default: fatalError("unknown rope type in fixture")
        }
        let config = RotaryConfiguration(base: rope["rope_theta"].double, headDim: headDim, rotaryDim: rotaryDim,
                                         scaling: scaling, maxPositionEmbeddings: c["max_position_embeddings"].int)
        return (config, c.optional("seq_len")?.int)
    }

    /// The relative error transformers' float32 arithmetic can make at channel k, beyond which a
    /// difference is ours. `pow(b, 2k/d)` in float32 errs by up to ≈ (|ln θ_k| + 3)·u₃₂; YaRN's
    /// ramp ρ = (k − low)/(high − low), rounded to float32, moves θ_k(1 − ρ(1 − 1/s)) by
    /// θ_k(1 − 1/s)·δρ, which near ρ = 1 is large relative to the result (up to ≈ s times).
    static func float32Tolerance(_ config: RotaryConfiguration, _ k: Int, _ value: Double) -> Double {
        let u = 0x1p-24
        var bound = (abs(log(value)) + 3) * u
        if case let .yarn(y) = config.scaling {
            let s = y.factor ?? Double(config.maxPositionEmbeddings!) / Double(y.originalMaxPositionEmbeddings)
            let (low, high) = Yarn.correctionRange(betaFast: y.betaFast ?? 32, betaSlow: y.betaSlow ?? 1, rotaryDim: config.rotaryDim,
                                                   base: config.base, originalContext: Double(y.originalMaxPositionEmbeddings),
                                                   truncate: y.truncate)
            let theta = pow(config.base, -Double(2 * k) / Double(config.rotaryDim))
            bound += 2 * u * (Double(k) + low + 1) / max(high - low, 0.001) * theta * (1 - 1 / s) / value
        }
        return max(1e-6, 2 * bound)
    }

    @Test func everySweepCaseMatches() throws {
        #expect(Self.cases.count > 200)
        var worst = 0.0, beyondOnePPM = 0
        for c in Self.cases {
            let (config, seqLen) = Self.configuration(c)
            let spectrum = try config.spectrum(sequenceLength: seqLen)
            let expected = c["inv_freq"].doubles
            #expect(spectrum.inverseFrequencies.count == expected.count, "\(c["rope"])")
            for (k, (a, b)) in zip(spectrum.inverseFrequencies, expected).enumerated() {
                let error = b == 0 ? abs(a) : abs(a - b) / abs(b)
                worst = max(worst, error)
                if error > 1e-6 { beyondOnePPM += 1 }
                #expect(error <= Self.float32Tolerance(config, k, a), "\(config.scaling.ropeType.rawValue) d=\(config.rotaryDim) k=\(k): \(a) vs \(b)")
            }
            #expect(isClose(spectrum.attentionFactor, c["attention_factor"].double, .tol3), "\(c["rope"])")
        }
        #expect(worst > 0, "float32 reference should differ from float64 somewhere")
        // Only the ill-conditioned channels (YaRN ramp ends, huge bases) may exceed 1e-6.
        #expect(beyondOnePPM <= 10, "\(beyondOnePPM) values beyond 1e-6")
    }
}
