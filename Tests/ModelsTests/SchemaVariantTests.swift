import Foundation
import Testing
@testable import Models
@testable import Rotary

/// The config variants of hf-rope-scaling.md §6, each as a small config written here.
@Suite("config.json schema variants")
struct SchemaVariantTests {
    func read(_ json: String) throws -> ModelDescription { try ModelReader.read(text: json, name: "test") }

    let llama = #""hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 2, "max_position_embeddings": 8192"#

    @Test func missingRopeThetaDefaultsTo10000() throws {
        let m = try read("{\(llama)}")
        #expect(m.layers[0].attention?.rotary?.base == 10_000 && m.layers[0].attention?.rotary?.rotaryDim == 128)
    }

    @Test func integersAndFloatsAreBothNumbers() throws {
        let a = try read(#"{"hidden_size": 4096.0, "num_attention_heads": 32, "num_hidden_layers": 2.0, "rope_theta": 500000}"#)
        #expect(a.layerCount == 2 && a.layers[0].attention?.rotary?.base == 5e5)
        #expect(throws: ConfigError.self) { try read(#"{"hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 2.5}"#) }
    }

    @Test func typeOrRopeTypeAndSuMeansLongrope() throws {
        let factors = Array(repeating: "1.0", count: 64).joined(separator: ",")
        for key in ["type", "rope_type"] {
            for name in ["su", "longrope"] {
                let m = try read(#"{\#(llama), "original_max_position_embeddings": 4096, "rope_scaling": {"\#(key)": "\#(name)", "short_factor": [\#(factors)], "long_factor": [\#(factors)]}}"#)
                guard case let .longrope(p)? = m.layers[0].attention?.rotary?.scaling else { Issue.record("not longrope"); continue }
                #expect(p.originalMaxPositionEmbeddings == 4096)
            }
        }
    }

    @Test func v5RopeParametersFlatAndNested() throws {
        let flat = try read(#"{\#(llama), "rope_parameters": {"rope_theta": 1000000, "rope_type": "linear", "factor": 4, "partial_rotary_factor": 0.5}, "dtype": "bfloat16"}"#)
        let r = try #require(flat.layers[0].attention?.rotary)
        #expect(r.base == 1e6 && r.scaling == .linear(factor: 4) && r.rotaryDim == 64 && flat.dtype == .bf16)
        let nested = try read(#"""
            {"hidden_size": 1152, "head_dim": 256, "num_attention_heads": 4, "num_hidden_layers": 6, "sliding_window": 512,
             "layer_types": ["sliding_attention", "sliding_attention", "sliding_attention", "sliding_attention", "sliding_attention", "full_attention"],
             "rope_parameters": {"full_attention": {"rope_type": "linear", "factor": 8.0, "rope_theta": 1000000.0},
                                 "sliding_attention": {"rope_type": "default", "rope_theta": 10000.0}}}
            """#)
        #expect(nested.attentionGroups.count == 2)
        #expect(nested.layers[5].attention?.rotary?.scaling == .linear(factor: 8) && nested.layers[0].attention?.rotary?.base == 1e4)
        #expect(nested.layers[0].attention?.window == 512 && nested.layers[5].attention?.window == nil)
    }

    @Test func nestedTextConfigAndDtypeAtTheTop() throws {
        let m = try read(#"{"model_type": "wrapper", "torch_dtype": "float32", "text_config": {\#(llama), "rope_theta": 1e6}}"#)
        #expect(m.layers[0].attention?.rotary?.base == 1e6 && m.dtype == .fp32)
    }

    @Test func explicitHeadDimWinsOverTheQuotient() throws {
        let m = try read(#"{"hidden_size": 5120, "num_attention_heads": 32, "head_dim": 128, "num_hidden_layers": 1}"#)
        #expect(m.layers[0].attention?.headDim == 128 && m.layers[0].attention?.rotary?.rotaryDim == 128)
    }

    @Test func partialRotaryKeys() throws {
        #expect(try read(#"{\#(llama), "partial_rotary_factor": 0.25}"#).layers[0].attention?.rotary?.rotaryDim == 32)
        #expect(try read(#"{\#(llama), "rotary_pct": 0.5, "rotary_emb_base": 20000}"#).layers[0].attention?.rotary == RotaryConfiguration(base: 2e4, headDim: 128, rotaryDim: 64, maxPositionEmbeddings: 8192))
        #expect(try read(#"{\#(llama), "rotary_dim": 32}"#).layers[0].attention?.rotary?.rotaryDim == 32)
    }

    @Test func topLevelOriginalMaxPositionTakesPriority() throws {
        let m = try read(#"{\#(llama), "original_max_position_embeddings": 2048, "rope_scaling": {"rope_type": "yarn", "factor": 4, "original_max_position_embeddings": 4096}}"#)
        guard case let .yarn(y)? = m.layers[0].attention?.rotary?.scaling else { Issue.record("not yarn"); return }
        #expect(y.originalMaxPositionEmbeddings == 2048 && m.originalContext == 2048)
        let fallback = try read(#"{\#(llama), "rope_scaling": {"rope_type": "yarn", "factor": 4}}"#)
        guard case let .yarn(f)? = fallback.layers[0].attention?.rotary?.scaling else { Issue.record("not yarn"); return }
        #expect(f.originalMaxPositionEmbeddings == 8192)
    }

    @Test func recurrentSpellings() throws {
        let hf2 = try read(#"{"model_type": "mamba2", "hidden_size": 768, "state_size": 128, "num_heads": 24, "head_dim": 64, "n_groups": 1, "num_hidden_layers": 24}"#)
        #expect(hf2.layers[0].recurrent == .mamba2(Mamba2Block(heads: 24, headDim: 64, stateDim: 128, groups: 1, convWidth: 4)))
        let ssm = try read(#"{"d_model": 768, "n_layer": 24, "ssm_cfg": {"layer": "Mamba2"}}"#)
        #expect(ssm.layers == hf2.layers)
        let ssm1 = try read(#"{"d_model": 768, "n_layer": 24}"#)
        #expect(ssm1.layers[0].recurrent == .mamba1(Mamba1Block(innerDim: 1536, stateDim: 16, convWidth: 4)))
        let hybrid = try read(#"{"d_model": 512, "n_layer": 4, "ssm_cfg": {"layer": "Mamba2"}, "attn_layer_idx": [1, 3], "attn_cfg": {"num_heads": 8, "rotary_emb_dim": 32}}"#)
        #expect(hybrid.attentionLayerCount == 2 && hybrid.layers[1].attention?.rotary?.rotaryDim == 32)
        let rwkv6 = try read(#"{"model_type": "rwkv6", "hidden_size": 4096, "num_hidden_layers": 32, "head_size": 64, "num_attention_heads": 1}"#)
        #expect(rwkv6.layers[0].recurrent == .rwkv(RWKVBlock(version: 6, hiddenSize: 4096, attentionHiddenSize: 4096, headSize: 64)))
        let rwkv4 = try read(#"{"model_type": "rwkv", "hidden_size": 768, "num_hidden_layers": 12, "context_length": 1024}"#)
        #expect(rwkv4.layers[0].recurrent == .rwkv(RWKVBlock(version: 4, hiddenSize: 768, attentionHiddenSize: 768, headSize: nil)))
    }

    @Test func zambaAndNemotronHybrids() throws {
        let zamba = try read(#"{"model_type": "zamba2", "hidden_size": 2048, "num_attention_heads": 32, "num_hidden_layers": 4, "mamba_d_state": 64, "n_mamba_heads": 64, "layers_block_type": ["mamba", "hybrid", "mamba", "hybrid"], "use_mem_rope": true, "rope_theta": 10000}"#)
        #expect(zamba.recurrentLayerCount == 4 && zamba.attentionLayerCount == 2)
        #expect(zamba.layers[0].recurrent == .mamba2(Mamba2Block(heads: 64, headDim: 64, stateDim: 64, groups: 1, convWidth: 4)))
        #expect(zamba.layers[1].attention?.headDim == 128 && zamba.layers[1].attention?.rotary != nil)
        let nemotron = try read(#"{"model_type": "nemotron_h", "hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128, "num_hidden_layers": 6, "hybrid_override_pattern": "M-M*-M", "mamba_num_heads": 128, "mamba_head_dim": 64, "ssm_state_size": 128, "n_groups": 8}"#)
        #expect(nemotron.layerCount == 6 && nemotron.recurrentLayerCount == 3 && nemotron.attentionLayerCount == 1)
        #expect(nemotron.layers[3].attention?.rotary == nil)
    }

    @Test func nonRotaryModels() throws {
        let gpt2 = try read(#"{"model_type": "gpt2", "n_embd": 768, "n_head": 12, "n_layer": 12, "n_positions": 1024}"#)
        #expect(gpt2.positionScheme == .learned && gpt2.rotaryLayerCount == 0 && gpt2.advertisedContext == 1024)
    }

    @Test func loadingFromFilesAndDirectories() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctxlimits-models-\(UUID())/my-model")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try "{\(llama)}".write(to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        #expect(try ConfigSource.load(dir.path).name == "my-model")
        #expect(try ConfigSource.load(dir.appendingPathComponent("config.json").path).name == "my-model")
        #expect(throws: ConfigError.self) { try ConfigSource.load(dir.deletingLastPathComponent().path) }
        #expect(throws: ConfigError.self) { try ConfigSource.load("no-such-model") }
    }

    // MARK: config families (transformers-rope-rules: DBRX, ChatGLM, Command-R, condense ratio, EXAONE 4)

    @Test func dbrxReadsItsOwnSpellings() throws {
        let m = try read(#"{"model_type": "dbrx", "d_model": 6144, "n_heads": 48, "n_layers": 40, "max_seq_len": 32768, "attn_config": {"kv_n_heads": 8, "rope_theta": 500000}}"#)
        let a = try #require(m.layers[0].attention)
        #expect(m.layerCount == 40 && a.heads == 48 && a.kvHeads == 8 && a.headDim == 128 && a.rotary?.base == 5e5 && m.advertisedContext == 32768)
        // kv_n_heads defaults to 1 (configuration_dbrx.py:42)
        let mqa = try read(#"{"model_type": "dbrx", "d_model": 512, "n_heads": 4, "n_layers": 1, "attn_config": {"rope_theta": 10000}}"#)
        #expect(mqa.layers[0].attention?.kvHeads == 1 && mqa.advertisedContext == 2048)
    }

    @Test func chatglmBaseIsTenThousandTimesRopeRatioOnHalfOfEachHead() throws {
        let glm = #""model_type": "chatglm", "hidden_size": 4096, "kv_channels": 128, "num_attention_heads": 32, "num_layers": 28, "seq_length": 131072"#
        let m = try read(#"{\#(glm), "rope_ratio": 500, "multi_query_attention": true, "multi_query_group_num": 2}"#)
        let r = try #require(m.layers[0].attention?.rotary)
        #expect(r.base == 5e6 && r.headDim == 128 && r.rotaryDim == 64 && m.layers[0].attention?.kvHeads == 2 && m.advertisedContext == 131072)
        // Without multi_query_attention the group count is not used: every head has its own keys.
        let mha = try read(#"{\#(glm), "multi_query_attention": false, "multi_query_group_num": 2}"#)
        #expect(mha.layers[0].attention?.kvHeads == 32 && mha.layers[0].attention?.rotary?.base == 10_000)
    }

    @Test func commandRModelMaxLengthWinsOverASmallerMaxPositionEmbeddings() throws {
        let cohere = #""model_type": "cohere", "hidden_size": 8192, "num_attention_heads": 64, "num_hidden_layers": 2, "max_position_embeddings": 8192"#
        #expect(try read(#"{\#(cohere), "model_max_length": 131072}"#).advertisedContext == 131072)
        #expect(try read(#"{\#(cohere), "model_max_length": 4096}"#).advertisedContext == 8192)
        #expect(try read("{\(cohere)}").layers[0].attention?.rotary?.base == 5e5)      // CohereConfig's default theta
        // Only Command-R: other families keep max_position_embeddings.
        #expect(try read(#"{\#(llama), "model_max_length": 131072}"#).advertisedContext == 8192)
    }

    @Test func ropeCondenseRatioIsLinearInterpolation() throws {
        let m = try read(#"{\#(llama), "rope_condense_ratio": 8}"#)
        #expect(m.layers[0].attention?.rotary?.scaling == .linear(factor: 8))
        // An explicit rope_scaling wins (FastChat's later adapter reads rope_scaling.factor).
        let both = try read(#"{\#(llama), "rope_condense_ratio": 8, "rope_scaling": {"rope_type": "linear", "factor": 4}}"#)
        #expect(both.layers[0].attention?.rotary?.scaling == .linear(factor: 4))
        #expect(try read(#"{\#(llama), "rope_condense_ratio": 1}"#).layers[0].attention?.rotary?.scaling == RopeScaling.none)
        #expect { try read(#"{\#(llama), "rope_condense_ratio": 0.5}"#) } throws: { ($0 as? ConfigError)?.field == "rope_condense_ratio" }
    }

    @Test func exaone4AndCohere2GlobalLayersUseNoPositions() throws {
        for type in ["exaone4", "cohere2"] {
            let m = try read(#"{"model_type": "\#(type)", "hidden_size": 512, "num_attention_heads": 4, "num_hidden_layers": 8, "sliding_window": 4096, "rope_theta": 1000000}"#)
            #expect(m.layers.map { $0.attention!.kind } == [.sliding, .sliding, .sliding, .full, .sliding, .sliding, .sliding, .full], "\(type)")
            #expect(m.layers.indices.filter { m.layers[$0].attention?.rotary == nil } == [3, 7], "\(type)")
            #expect(m.positionScheme == .rope)
        }
        // No window: every layer is full and rotates (modeling_exaone4.py:233).
        let dense = try read(#"{"model_type": "exaone4", "hidden_size": 512, "num_attention_heads": 4, "num_hidden_layers": 4}"#)
        #expect(dense.rotaryLayerCount == 4 && dense.layers.allSatisfy { $0.attention?.kind == .full })
        let pattern = try read(#"{"model_type": "exaone4", "hidden_size": 512, "num_attention_heads": 4, "num_hidden_layers": 4, "sliding_window": 128, "sliding_window_pattern": 2}"#)
        #expect(pattern.layers.indices.filter { pattern.layers[$0].attention?.rotary == nil } == [1, 3])
    }
}
