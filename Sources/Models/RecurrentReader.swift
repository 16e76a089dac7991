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
}
