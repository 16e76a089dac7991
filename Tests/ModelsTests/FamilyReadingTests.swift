import Foundation
import Testing
import TestSupport
@testable import Models
@testable import Rotary

/// The 2025–2026 families read as transformers 5.25 reads them: each case is a small config in the
/// family's own spelling, checked against the rule of its modelling code (cited per test) and, where
/// a number is compared, against the value transformers itself computes (family_cases.json, written
/// by make_family_reference.py beside it).
@Suite("2025–2026 families")
struct FamilyReadingTests {
    func read(_ json: String) throws -> ModelDescription { try ModelReader.read(text: json, name: "test") }

    func field(_ json: String) -> String? {
        do { _ = try read(json); return nil } catch let error as ConfigError { return error.field } catch { return "\(error)" }
    }

    static let reference = Fixture.load("family_cases.json", from: .module)

    static func config(_ name: String) throws -> String {
        try String(contentsOf: Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/families")!, encoding: .utf8)
    }

    // MARK: NTK-alpha (HunYuan)

    static let hunyuan = #"""
        {"model_type": "hunyuan_v1_dense", "num_hidden_layers": 32, "hidden_size": 4096, "head_dim": 128,
         "num_attention_heads": 32, "num_key_value_heads": 8, "max_position_embeddings": 262144,
         "rope_theta": 10000, "rope_scaling": {"type": "dynamic", "alpha": 1000, "factor": 1}}
        """#

    /// modeling_hunyuan_v1_dense.py:298-305,342-358: a `dynamic` dictionary with `alpha` is a fixed
    /// base θ·α^(d/(d−2)), whatever the sequence length and factor.
    @Test func hunyuanAlphaStretchesTheBase() throws {
        let rotary = try #require(try read(Self.hunyuan).layers[0].attention?.rotary)
        #expect(rotary.scaling == .ntkAlpha(alpha: 1000))
        let reference = Self.reference["cases"]["hunyuan-7b-shaped"]["groups"]["full_attention"]
        let spectrum = try rotary.spectrum()
        for (value, expected) in zip(spectrum.inverseFrequencies, reference["inv_freq"].doubles) {
            #expect(isClose(value, expected, .float32(8)))
        }
        // Fixed: the same at every sequence length, and no max_position_embeddings needed.
        #expect(try rotary.spectrum(sequenceLength: 1_000_000) == spectrum)
        let noLength = Self.hunyuan.replacingOccurrences(of: #""max_position_embeddings": 262144,"#, with: "")
        #expect(try read(noLength).layers[0].attention?.rotary?.scaling == .ntkAlpha(alpha: 1000))
    }

    @Test func hunyuanAlphaMustBePositive() throws {
        for bad in ["0", "-2"] {
            #expect(field(Self.hunyuan.replacingOccurrences(of: #""alpha": 1000"#, with: #""alpha": \#(bad)"#)) == "rope_scaling.alpha")
        }
        // Other families do not read alpha: a Llama config keeps its dynamic NTK.
        let llama = Self.hunyuan.replacingOccurrences(of: "hunyuan_v1_dense", with: "llama")
        #expect(try read(llama).layers[0].attention?.rotary?.scaling == .dynamic(factor: 1))
    }

    // MARK: DeepSeek Sparse Attention

    /// configuration_utils.py ALLOWED_ATTN_LAYER_TYPES and _LEGACY_LAYER_TYPE_REMAP: a DSA layer is
    /// `indexed_attention` (older spelling `deepseek_sparse_attention`), attention over every
    /// cached position with the model's rope; configuration_deepseek_v32.py:134-135 writes it for
    /// every layer when the file has no `layer_types` (the bundled DeepSeek-V3.2 and GLM-5.1).
    @Test func sparseIndexedLayersAttendEverywhere() throws {
        let config = #"{"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 256, "num_attention_heads": 4,"#
            + #" "max_position_embeddings": 4096, "rope_theta": 10000, "layer_types": [KIND, KIND]}"#
        for spelling in ["indexed_attention", "deepseek_sparse_attention"] {
            let model = try read(config.replacingOccurrences(of: "KIND", with: "\"\(spelling)\""))
            #expect(model.layers.allSatisfy { $0.attention?.kind == .indexed && $0.attention?.window == nil && $0.attention?.rotary != nil })
        }
        let dsa = try ConfigSource.model("deepseek-v3.2")
        #expect(dsa.layers.count == 61 && dsa.layers.allSatisfy { $0.attention?.kind == .indexed })
    }

    // MARK: per-layer NoPE

    /// configuration_smollm3.py:100-103 and modeling_smollm3.py:192: 1 = RoPE, 0 = NoPE, one entry per layer.
    @Test func smolLM3NoRopeLayers() throws {
        let pattern = (0..<36).map { ($0 + 1) % 4 == 0 ? "0" : "1" }.joined(separator: ",")
        let json = #"{"model_type": "smollm3", "hidden_size": 2048, "num_attention_heads": 16, "num_key_value_heads": 4, "num_hidden_layers": 36, "rope_theta": 5000000.0, "max_position_embeddings": 65536, "no_rope_layers": [\#(pattern)]}"#
        let m = try read(json)
        #expect(m.rotaryLayerCount == 27 && m.attentionLayerCount == 36)
        #expect((0..<36).filter { m.layers[$0].attention?.rotary == nil } == [3, 7, 11, 15, 19, 23, 27, 31, 35])
        // Without the list: every no_rope_layer_interval-th layer (default 4).
        let interval = try read(json.replacingOccurrences(of: #""no_rope_layers": [\#(pattern)]"#, with: #""no_rope_layer_interval": 3"#))
        #expect(interval.rotaryLayerCount == 24)
        #expect(field(json.replacingOccurrences(of: "[\(pattern)]", with: "[1,1,1,0]")) == "no_rope_layers")
        #expect(field(json.replacingOccurrences(of: "[\(pattern)]", with: "[\(pattern),1]")) == "no_rope_layers")
        #expect(field(json.replacingOccurrences(of: #""no_rope_layers": [\#(pattern)]"#, with: #""no_rope_layer_interval": 0"#)) == "no_rope_layer_interval")
        // A family that does not read the key (Qwen3) keeps RoPE in every layer, as transformers does.
        let qwen = try read(json.replacingOccurrences(of: "smollm3", with: "qwen3"))
        #expect(qwen.rotaryLayerCount == 36)
    }

    // MARK: hybrid linear attention and other layer types

    /// Gated DeltaNet (modeling_qwen3_next.py): state n_v × d_k × d_v per layer, conv over
    /// 2·n_k·d_k + n_v·d_v channels of width linear_conv_kernel_dim; no RoPE on those layers.
    @Test func qwen35GatedDeltaNet() throws {
        let m = try read(try Self.config("qwen3.5-moe-shaped"))
        #expect(m.recurrentLayerCount == 30 && m.attentionLayerCount == 10 && m.rotaryLayerCount == 10)
        guard case let .linearAttention(b)? = m.layers[0].recurrent else { Issue.record("layer 0 is not linear attention"); return }
        #expect(b.variant == "gated_deltanet" && b.heads == 32 && b.keyDim == 128 && b.valueDim == 128)
        #expect(b.convolutionChannels == 2 * 16 * 128 + 32 * 128 && b.convolutionWidth == 4)
        let a = try #require(m.layers[3].attention)
        #expect(a.rotary?.rotaryDim == 64 && a.multimodalSections == [11, 11, 10] && a.multimodalInterleaved)
        #expect(m.layers[0].attention == nil)
    }

    @Test func mropeSectionMustCoverTheHalfDimension() throws {
        let json = try Self.config("qwen3.5-moe-shaped")
        #expect(field(json.replacingOccurrences(of: "[11, 11, 10]", with: "[11, 11, 11]")) == "text_config.rope_parameters.mrope_section")
        #expect(field(json.replacingOccurrences(of: "[11, 11, 10]", with: "[11, 11, -10]")) == "text_config.rope_parameters.mrope_section[2]")
    }

    @Test func unknownLayerTypesAreNamedNeverCountedAsAttention() throws {
        let json = try Self.config("qwen3.5-moe-shaped")
        let bad = json.replacingOccurrences(of: #"["linear_attention", "linear_attention", "linear_attention", "full_attention""#,
                                            with: #"["linear_attention", "retention", "linear_attention", "full_attention""#)
        do {
            _ = try read(bad)
            Issue.record("an unknown layer type was accepted")
        } catch let error as ConfigError {
            #expect(error.field == "text_config.layer_types[1]" && error.problem.contains("'retention'"))
        }
        // linear_attention in a family with no known recurrent block is refused, naming model_type.
        let llama = #"{"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4, "num_hidden_layers": 2, "layer_types": ["linear_attention", "full_attention"]}"#
        #expect(field(llama) == "layer_types")
    }

    /// Kimi-Linear (configuration_kimi_linear.py:126-137): 1-indexed kda/full lists; MLA without
    /// rotation (the model has no rotary module).
    @Test func kimiLinear() throws {
        let m = try read(try Self.config("kimi-linear-shaped"))
        #expect(m.recurrentLayerCount == 6 && m.attentionLayerCount == 2 && m.rotaryLayerCount == 0 && m.positionScheme == .nope)
        #expect(m.layers[3].attention != nil && m.layers[7].attention != nil)
        guard case let .linearAttention(b)? = m.layers[0].recurrent else { Issue.record("not KDA"); return }
        #expect(b.variant == "kimi_delta_attention" && b.heads == 32 && b.keyDim == 128 && b.convolutionChannels == 3 * 32 * 128)
        #expect(m.layers[3].attention?.latentCacheWidth == 512 + 64)
    }

    /// MiniMax (configuration_minimax.py:119-122): even layers softmax attention, odd layers lightning.
    @Test func miniMaxLightning() throws {
        let m = try read(try Self.config("minimax-shaped"))
        #expect(m.attentionLayerCount == 4 && m.recurrentLayerCount == 4 && m.layers[0].attention != nil && m.layers[1].recurrent != nil)
        guard case let .linearAttention(b)? = m.layers[1].recurrent else { Issue.record("not lightning"); return }
        #expect(b.variant == "lightning_attention" && b.heads == 64 && b.keyDim == 128 && b.convolutionChannels == 0)
    }

    /// LFM2 (configuration_lfm2.py, modeling_lfm2.py): `conv` layers keep conv_L_cache columns of hidden_size.
    @Test func lfm2Convolutions() throws {
        let m = try read(try Self.config("lfm2-shaped"))
        #expect(m.attentionLayerCount == 6 && m.recurrentLayerCount == 10)
        #expect(m.layers[0].recurrent == .shortConvolution(ShortConvolutionBlock(channels: 2048, width: 3)))
    }

    /// Granite-4.0-H (configuration_granitemoehybrid.py; modeling: rotary only when
    /// position_embedding_type == "rope"): Mamba-2 and attention layers from the legacy names.
    @Test func graniteHybrid() throws {
        let m = try read(try Self.config("granite-4.0-h-shaped"))
        #expect(m.attentionLayerCount == 2 && m.recurrentLayerCount == 6 && m.rotaryLayerCount == 0 && m.positionScheme == .nope)
        guard case let .mamba2(b)? = m.layers[0].recurrent else { Issue.record("not Mamba-2"); return }
        #expect(b.heads == 48 && b.headDim == 64 && b.stateDim == 128 && b.groups == 1 && b.convWidth == 4)
    }
}

@Suite("YaRN aliases")
struct YarnAliasTests {
    /// Sarvam / Kimi checkpoints written for remote code say `deepseek_yarn`; transformers 5.25
    /// (configuration_sarvam_mla.py:137-141) reads it as rope_type "yarn" with the same keys.
    @Test func deepseekYarnIsYarn() throws {
        func scaling(_ type: String) throws -> RopeScaling? {
            let json = #"{"model_type": "deepseek_v3", "hidden_size": 7168, "num_attention_heads": 64, "num_hidden_layers": 2, "qk_rope_head_dim": 64, "qk_nope_head_dim": 128, "v_head_dim": 128, "kv_lora_rank": 512, "max_position_embeddings": 131072, "rope_theta": 50000, "rope_scaling": {"type": "\#(type)", "factor": 32, "original_max_position_embeddings": 4096, "beta_fast": 32, "beta_slow": 1, "mscale": 1.0, "mscale_all_dim": 1.0}}"#
            return try ModelReader.read(text: json, name: "t").layers[0].attention?.rotary?.scaling
        }
        let yarn = try scaling("yarn")
        guard case .yarn? = yarn else { Issue.record("not yarn"); return }
        #expect(try scaling("deepseek_yarn") == yarn)
    }
}
