import Foundation
import Testing
import TestSupport
@testable import ContextLimits

@Suite("ModelReport: every bound of one model")
struct ModelReportTests {
    /// Llama-2-7B at 4096 (rope-bounds.md §6.1, exact convention, ε = 0.5, fp32): base 10⁴, d = 128,
    /// so ω_min = 10^{−4·126/128}, effective base 10^{4·126/128} = 8659.6; the depth bound for N = 32
    /// is 19 750.4 (so it fails), aliasing 651.9 and DC 3911.4 hold, the fp32 ceiling 2²³ holds;
    /// the kernel over m < 4096 goes negative (b*(4096) ≈ 26 952 > 10⁴).
    @Test func llama2AtItsContext() throws {
        let r = try ModelReport(input: try ModelInput.load("llama-2-7b"), context: 4096)
        let g = try #require(r.groups.first)
        #expect(r.depth == 32 && g.span == 4096)
        #expect(isClose(g.spectrum.spectrum.effectiveBase, pow(1e4, 126.0 / 128), .epsilons(8)))
        #expect(g.violations == [.depth, .kernel] && r.violations == [.depth, .kernel] && !r.feasible)
        #expect(isClose(g.bounds.depthMinBase, 19_750.4, .absolute(0.05)))
        #expect(g.kernel.value < 0 && !g.holds(.kernel) && g.holds(.aliasing) && g.holds(.precision))
    }

    /// The kernel verdict is the kernel's own minimum over the group's span, not over L: Gemma-3's
    /// sliding layers see 512 tokens.
    @Test func windowsSetTheSpanOfEveryBound() throws {
        let r = try ModelReport(input: try ModelInput.load("gemma-3-1b-it"), context: 32768)
        let sliding = try #require(r.groups.first { $0.label.hasPrefix("sliding") })
        #expect(sliding.span == 512 && sliding.bounds.context == 512)
        let minimum = try RoPEKernel(inverseFrequencies: sliding.spectrum.spectrum.rotatedInverseFrequencies).minimum(over: 0..<512)
        #expect(sliding.kernel == minimum)
    }

    @Test func modelsWithoutRoPEAreRefusedByName() {
        #expect(throws: ModelReport.Failure.self) { try ModelReport(input: try ModelInput.load("mamba2-370m"), context: 4096) }
    }

    /// Settings change the verdicts as the bounds say: bf16's ceiling 2⁷ = 128 is below any real base.
    @Test func precisionAndEpsilonAreTheReportsOwn() throws {
        let input = try ModelInput.load("llama-3-8b")
        let fp32 = try ModelReport(input: input, context: 8192)
        let bf16 = try ModelReport(input: input, context: 8192, settings: BoundSettings(precision: .bf16))
        #expect(fp32.feasible && !bf16.feasible && bf16.violations == [.precision])
        #expect(bf16.precisionWalls.first { $0.format == .bf16 }!.wall == PhaseModulationBounds.precisionWall(epsilon: 0.5, layers: 32, precision: .bf16))
    }
}

@Suite("RecurrentReport: state against cache")
struct RecurrentReportTests {
    /// Linear attention is a block of its own: heads × d_k × d_v fast weights, no convolution.
    @Test func linearAttentionBlocks() {
        let block = RecurrentBlock.linearAttention(LinearAttentionBlock(heads: 8, keyDim: 64, valueDim: 128))
        let model = ModelDescription(name: "gla", modelType: nil, dtypeName: nil, dtype: nil, advertisedContext: nil, originalContext: nil,
                                     hiddenSize: nil, layers: Array(repeating: LayerDescription(recurrent: block), count: 3), positionScheme: .none)
        let r = RecurrentReport(model: model)
        #expect(r.stateElements == 3 * 8 * 64 * 128 && r.stateElementsWithConvolution == r.stateElements && r.keyDim == 64)
    }

    /// RWKV models count copies over the World tokenizer's 65 536 tokens; others over GPT-NeoX's 50 277.
    @Test func vocabularyDefaultsFollowTheFamily() throws {
        #expect(RecurrentReport(model: try ModelInput.load("rwkv6-finch-7b").model).vocabulary == 65_536)
        #expect(RecurrentReport(model: try ModelInput.load("mamba2-130m").model).vocabulary == 50_277)
    }
}
