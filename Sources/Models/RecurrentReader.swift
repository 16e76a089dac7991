/// Reads recurrent blocks (Mamba-1, Mamba-2, RWKV) in the spellings of Hugging Face,
/// `mamba_ssm` and the hybrid families. Defaults are those of each family's own code
/// (cited per reader); a missing field without a default is an error naming it.
enum RecurrentReader {
    static func required(_ c: ConfigObject, _ keys: [String], _ what: String) throws(ConfigError) -> Int {
        guard let key = c.first(keys), let v = try c.int(key, in: Limits.width) else {
            throw ConfigError(c.field(keys[0]), "is required (\(what))")
        }
        return v
    }

    static func optional(_ c: ConfigObject, _ keys: [String], default value: Int) throws(ConfigError) -> Int {
        guard let key = c.first(keys) else { return value }
        return try c.int(key, in: Limits.width)!
    }

    /// HF `MambaConfig`: hidden_size, state_size (16), expand (2), conv_kernel (4),
    /// intermediate_size (expand · hidden_size).
    static func mamba1HF(_ c: ConfigObject) throws(ConfigError) -> Mamba1Block {
        let hidden = try required(c, ["hidden_size"], "model width")
        let expand = try optional(c, ["expand"], default: 2)
        return Mamba1Block(innerDim: try optional(c, ["intermediate_size"], default: expand * hidden),
                           stateDim: try optional(c, ["state_size"], default: 16),
                           convWidth: try optional(c, ["conv_kernel"], default: 4))
    }

    /// HF `Mamba2Config`: hidden_size, state_size (128), head_dim (64), num_heads
    /// (expand · hidden / head_dim), n_groups (1), conv_kernel (4).
    static func mamba2HF(_ c: ConfigObject) throws(ConfigError) -> Mamba2Block {
        let hidden = try required(c, ["hidden_size"], "model width")
        let expand = try optional(c, ["expand"], default: 2)
        let headDim = try optional(c, ["head_dim"], default: 64)
        return Mamba2Block(heads: try optional(c, ["num_heads"], default: expand * hidden / headDim), headDim: headDim,
                           stateDim: try optional(c, ["state_size"], default: 128),
                           groups: try optional(c, ["n_groups"], default: 1), convWidth: try optional(c, ["conv_kernel"], default: 4))
    }

    /// `mamba_ssm` MambaConfig (d_model, n_layer, ssm_cfg): the module defaults of
    /// `mamba_simple.py` (d_state 16, d_conv 4, expand 2) and `mamba2.py` (d_state 128, d_conv 4,
    /// expand 2, headdim 64, ngroups 1), overridden by `ssm_cfg`.
    static func mambaSSM(_ c: ConfigObject) throws(ConfigError) -> RecurrentBlock {
        let dModel = try required(c, ["d_model"], "model width")
        let ssm = try c.object("ssm_cfg")
        let layer = try ssm?.string("layer") ?? "Mamba1"
        guard layer == "Mamba1" || layer == "Mamba2" else {
            throw ConfigError(ssm!.field("layer"), "unknown SSM layer '\(layer)' (known: Mamba1, Mamba2)")
        }
        func value(_ key: String, _ fallback: Int) throws(ConfigError) -> Int {
            guard let ssm else { return fallback }
            return try ssm.int(key, in: Limits.width) ?? fallback
        }
        let expand = try value("expand", 2)
        if layer == "Mamba1" {
            return .mamba1(Mamba1Block(innerDim: expand * dModel, stateDim: try value("d_state", 16), convWidth: try value("d_conv", 4)))
        }
        let headDim = try value("headdim", 64)
        let dSSM = try value("d_ssm", expand * dModel)
        guard dSSM % headDim == 0 else { throw ConfigError(c.field("ssm_cfg.headdim"), "\(headDim) does not divide d_ssm = \(dSSM)") }
        return .mamba2(Mamba2Block(heads: dSSM / headDim, headDim: headDim, stateDim: try value("d_state", 128),
                                   groups: try value("ngroups", 1), convWidth: try value("d_conv", 4)))
    }

    /// Falcon-H1: mamba_d_ssm (expand · hidden), mamba_n_heads, mamba_d_head (d_ssm / heads),
    /// mamba_d_state, mamba_n_groups (1), mamba_d_conv (4).
    static func falconH1(_ c: ConfigObject) throws(ConfigError) -> Mamba2Block {
        let hidden = try required(c, ["hidden_size"], "model width")
        let expand = try optional(c, ["mamba_expand"], default: 2)
        let dSSM = try optional(c, ["mamba_d_ssm"], default: expand * hidden)
        let heads = try required(c, ["mamba_n_heads"], "Mamba-2 heads")
        let headDim = try optional(c, ["mamba_d_head"], default: dSSM / heads)
        return Mamba2Block(heads: heads, headDim: headDim, stateDim: try required(c, ["mamba_d_state"], "SSM state size"),
                           groups: try optional(c, ["mamba_n_groups"], default: 1), convWidth: try optional(c, ["mamba_d_conv"], default: 4))
    }

    /// Jamba's Mamba-1 layers: mamba_expand (2), mamba_d_state (16), mamba_d_conv (4).
    static func jamba(_ c: ConfigObject) throws(ConfigError) -> Mamba1Block {
        let hidden = try required(c, ["hidden_size"], "model width")
        return Mamba1Block(innerDim: try optional(c, ["mamba_expand"], default: 2) * hidden,
                           stateDim: try optional(c, ["mamba_d_state"], default: 16), convWidth: try optional(c, ["mamba_d_conv"], default: 4))
    }

    /// Zamba2 (HF `Zamba2Config`): mamba_d_state (64), mamba_d_conv (4), mamba_expand (2),
    /// mamba_ngroups (1), n_mamba_heads (8), mamba_headdim = expand · hidden / n_mamba_heads.
    static func zamba2(_ c: ConfigObject) throws(ConfigError) -> Mamba2Block {
        let hidden = try required(c, ["hidden_size"], "model width")
        let expand = try optional(c, ["mamba_expand"], default: 2)
        let heads = try optional(c, ["n_mamba_heads"], default: 8)
        return Mamba2Block(heads: heads, headDim: try optional(c, ["mamba_headdim"], default: expand * hidden / heads),
                           stateDim: try optional(c, ["mamba_d_state"], default: 64), groups: try optional(c, ["mamba_ngroups"], default: 1),
                           convWidth: try optional(c, ["mamba_d_conv"], default: 4))
    }

    /// Nemotron-H (HF `NemotronHConfig`): mamba_num_heads (128), mamba_head_dim (64),
    /// ssm_state_size (128), n_groups (8), conv_kernel (4).
    static func nemotronH(_ c: ConfigObject) throws(ConfigError) -> Mamba2Block {
        Mamba2Block(heads: try optional(c, ["mamba_num_heads"], default: 128), headDim: try optional(c, ["mamba_head_dim"], default: 64),
                    stateDim: try optional(c, ["ssm_state_size"], default: 128), groups: try optional(c, ["n_groups", "mamba_n_groups"], default: 8),
                    convWidth: try optional(c, ["conv_kernel", "mamba_d_conv"], default: 4))
    }

    /// RWKV: `rwkv` (v4) or `rwkv5`/`rwkv6`/`rwkv7` with head_size (64) and attention_hidden_size
    /// (hidden_size). `num_attention_heads` is not read: in some RWKV configs it is a misnomer.
    static func rwkv(_ c: ConfigObject, version: Int) throws(ConfigError) -> RWKVBlock {
        let hidden = try required(c, ["hidden_size", "n_embd"], "model width")
        let attention = try optional(c, ["attention_hidden_size", "dim_att"], default: hidden)
        var headSize: Int?
        if version >= 5 {
            let h = try optional(c, ["head_size", "head_size_a"], default: 64)
            guard attention % h == 0 else { throw ConfigError(c.field("head_size"), "\(h) does not divide attention_hidden_size = \(attention)") }
            headSize = h
        }
        return RWKVBlock(version: version, hiddenSize: hidden, attentionHiddenSize: attention, headSize: headSize)
    }

    /// The recurrent block of a `linear_attention` layer, by family (transformers 5.25 modelling code).
    static func linearAttention(_ c: ConfigObject, modelType: String) throws(ConfigError) -> RecurrentBlock {
        switch modelType {
        case let t where t.hasPrefix("qwen3_next") || t.hasPrefix("qwen3_5"):
            return .linearAttention(try gatedDeltaNet(c))
        case "kimi_linear":
            return .linearAttention(try kimiDeltaAttention(c))
        case "minimax":
            return .linearAttention(try lightningAttention(c))
        case "granitemoehybrid":
            return .mamba2(try graniteMamba(c))
        default:
            throw ConfigError(c.field("layer_types"), "has linear_attention layers, but \(modelType.isEmpty ? "a config without model_type" : "model_type '\(modelType)'") has no recurrent block this tool knows (known: qwen3_next, qwen3_5, kimi_linear, minimax, granitemoehybrid)")
        }
    }

    /// Gated DeltaNet (Qwen3-Next, Qwen3.5; configuration_qwen3_next.py defaults): a
    /// linear_key_head_dim × linear_value_head_dim state per value head (linear_num_value_heads, 32;
    /// key heads 16, dims 128), and a causal convolution of width linear_conv_kernel_dim (4) over
    /// 2·n_k·d_k + n_v·d_v channels (modeling_qwen3_next.py `conv_dim`).
    static func gatedDeltaNet(_ c: ConfigObject) throws(ConfigError) -> LinearAttentionBlock {
        let keyHeads = try optional(c, ["linear_num_key_heads"], default: 16)
        let valueHeads = try optional(c, ["linear_num_value_heads"], default: 32)
        let keyDim = try optional(c, ["linear_key_head_dim"], default: 128)
        let valueDim = try optional(c, ["linear_value_head_dim"], default: 128)
        guard valueHeads % keyHeads == 0 else {
            throw ConfigError(c.field("linear_num_key_heads"), "\(keyHeads) does not divide linear_num_value_heads (\(valueHeads))")
        }
        return LinearAttentionBlock(heads: valueHeads, keyDim: keyDim, valueDim: valueDim, variant: "gated_deltanet",
                                    convolutionChannels: 2 * keyHeads * keyDim + valueHeads * valueDim,
                                    convolutionWidth: try optional(c, ["linear_conv_kernel_dim"], default: 4))
    }

    /// Kimi Delta Attention (Kimi-Linear; configuration_kimi_linear.py:120-123): linear_attn_config
    /// num_heads (32) × head_dim (128) square states, and three short convolutions (q, k, v) of
    /// num_heads·head_dim channels, width short_conv_kernel_size (4).
    static func kimiDeltaAttention(_ c: ConfigObject) throws(ConfigError) -> LinearAttentionBlock {
        let sub = try c.object("linear_attn_config")
        func value(_ key: String, _ top: String, _ fallback: Int) throws(ConfigError) -> Int {
            if let sub, let v = try sub.int(key, in: Limits.width) { return v }
            return try optional(c, [top], default: fallback)
        }
        let heads = try value("num_heads", "linear_num_heads", 32), headDim = try value("head_dim", "linear_head_dim", 128)
        return LinearAttentionBlock(heads: heads, keyDim: headDim, valueDim: headDim, variant: "kimi_delta_attention",
                                    convolutionChannels: 3 * heads * headDim,
                                    convolutionWidth: try value("short_conv_kernel_size", "linear_conv_kernel_dim", 4))
    }

    /// MiniMax lightning attention (modeling_minimax.py `MiniMaxLightningAttention`): a head_dim ×
    /// head_dim key–value state per attention head (head_dim, else hidden_size / heads), no convolution.
    static func lightningAttention(_ c: ConfigObject) throws(ConfigError) -> LinearAttentionBlock {
        let heads = try required(c, ["num_attention_heads"], "attention heads")
        var headDim = try c.int("head_dim", in: Limits.width)
        if headDim == nil { headDim = try required(c, ["hidden_size"], "model width") / heads }
        return LinearAttentionBlock(heads: heads, keyDim: headDim!, valueDim: headDim!, variant: "lightning_attention")
    }

    /// Granite-4.0-H's Mamba-2 layers (configuration_granitemoehybrid.py:96-113): mamba_n_heads (128),
    /// mamba_d_head ("auto" = expand·hidden / heads), mamba_d_state (256), mamba_n_groups (1),
    /// mamba_d_conv (4), mamba_expand (2).
    static func graniteMamba(_ c: ConfigObject) throws(ConfigError) -> Mamba2Block {
        let hidden = try required(c, ["hidden_size"], "model width")
        let expand = try optional(c, ["mamba_expand"], default: 2)
        let heads = try optional(c, ["mamba_n_heads"], default: 128)
        guard (expand * hidden) % heads == 0 else {
            throw ConfigError(c.field("mamba_n_heads"), "\(heads) does not divide mamba_expand·hidden_size = \(expand * hidden)")
        }
        var headDim = expand * hidden / heads
        if case .number? = c.raw("mamba_d_head") { headDim = try optional(c, ["mamba_d_head"], default: headDim) }
        return Mamba2Block(heads: heads, headDim: headDim, stateDim: try optional(c, ["mamba_d_state"], default: 256),
                           groups: try optional(c, ["mamba_n_groups"], default: 1), convWidth: try optional(c, ["mamba_d_conv"], default: 4))
    }

    /// LFM2's `conv` layers (configuration_lfm2.py; modeling_lfm2.py `Lfm2ShortConv`): a cache of
    /// conv_L_cache (3) columns over hidden_size channels.
    static func lfm2Convolution(_ c: ConfigObject) throws(ConfigError) -> ShortConvolutionBlock {
        ShortConvolutionBlock(channels: try required(c, ["hidden_size"], "model width"), width: try optional(c, ["conv_L_cache"], default: 3))
    }
}
