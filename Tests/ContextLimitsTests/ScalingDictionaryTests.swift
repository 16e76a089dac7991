import Foundation
import Testing
import TestSupport
@testable import ContextLimits

@Suite("ScalingDictionary and StackCommands: one writer of the scaling, and the stacks' command lines")
struct ScalingDictionaryTests {
    /// Every parameter survives a round trip through config.json: the dictionary written for a
    /// scaling reads back (by the config reader, which follows transformers' keys) as that scaling.
    @Test func roundTripsThroughTheReader() throws {
        let longrope = RopeScaling.LongRope(shortFactor: Array(repeating: 1, count: 32), longFactor: (0..<32).map { 1 + Double($0) / 8 },
                                            factor: 32, originalMaxPositionEmbeddings: 4096, attentionFactor: 1.19)
        let scalings: [RopeScaling] = [
            .linear(factor: 4), .dynamic(factor: 2),
            .yarn(.init(factor: 40, originalMaxPositionEmbeddings: 4096, betaFast: 32, betaSlow: 1, mscale: 0.707, mscaleAllDim: 0.707)),
            .yarn(.init(factor: 32, originalMaxPositionEmbeddings: 4096, betaFast: 32, betaSlow: 1, truncate: false)),
            .llama3(.init(factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192)),
            .longrope(longrope),
        ]
        for scaling in scalings {
            let dict = try #require(ScalingDictionary.node(scaling))
            let config = JSONNode.object([("model_type", .string("llama")), ("hidden_size", .integer(512)), ("num_attention_heads", .integer(8)),
                                          ("num_hidden_layers", .integer(2)), ("max_position_embeddings", .integer(131_072)),
                                          ("rope_theta", .number(10_000)), ("rope_scaling", dict)])
            let model = try ModelReader.read(config, name: "round-trip")
            #expect(model.layers.first?.attention?.rotary?.scaling == scaling, "\(JSONWriter.compact(dict))")
        }
        #expect(ScalingDictionary.node(.none) == nil)
        #expect(ScalingDictionary.label(.yarn(.init(factor: 4, originalMaxPositionEmbeddings: 32_768))) == "yarn ×4 from 32768")
    }

    /// The command lines carry the factor, L₀ and L in each stack's spelling (vLLM docs' example:
    /// `--hf-overrides '{"rope_parameters": {…}}' --max-model-len 131072`; llama.cpp's server test:
    /// `--rope-scaling yarn --rope-scale s --yarn-orig-ctx L₀`).
    @Test func commandLines() {
        var qwen = RotaryConfiguration(base: 1e6, headDim: 128, scaling: .yarn(.init(factor: 4, originalMaxPositionEmbeddings: 32_768)),
                                       maxPositionEmbeddings: 131_072)
        let c = StackCommands(rotary: qwen, context: 131_072, v5: false)
        #expect(c.vllm == #"vllm serve MODEL --hf-overrides '{"rope_parameters": {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768, "rope_theta": 1000000.0}, "max_position_embeddings": 131072}' --max-model-len 131072"#)
        #expect(c.sglang == #"python -m sglang.launch_server --model-path MODEL --json-model-override-args '{"rope_scaling": {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768}, "max_position_embeddings": 131072}' --context-length 131072"#)
        #expect(c.llamaCpp == "llama-server -m MODEL.gguf --rope-scaling yarn --rope-scale 4 --yarn-orig-ctx 32768 --rope-freq-base 1000000 -c 131072")
        #expect(c.transformers.contains(#"rope_scaling={"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768}"#)
                && c.transformers.contains("max_position_embeddings=131072"))
        let v5 = StackCommands(rotary: qwen, context: 131_072, v5: true)
        #expect(v5.transformers.contains(#"rope_parameters={"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768, "rope_theta": 1000000.0}"#))
        qwen.scaling = .dynamic(factor: 4)
        let dynamic = StackCommands(rotary: qwen, context: 131_072, v5: false)
        #expect(dynamic.llamaCpp == nil && dynamic.llamaCppNote?.contains("no dynamic NTK") == true)
    }
}
