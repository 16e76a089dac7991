/// Qwen3-Next, Qwen3.5 / Qwen3.6, Qwen3-Coder-Next (`qwen3_next`, `qwen3_5`, `qwen3_5_text`,
/// `qwen3_5_moe_text`): Gated DeltaNet `linear_attention` layers and full attention every
/// `full_attention_interval`-th layer (configuration_qwen3_next.py:123-131, configuration_qwen3_5.py:109-116).
extension ModelFamily {
    static let qwen3Next = ModelFamily(
        name: "qwen3_next/qwen3_5", matches: { $0.hasPrefix("qwen3_next") || $0.hasPrefix("qwen3_5") },
        classDefaults: ["qwen3_next": .init(partialRotaryFactor: 0.25, headDim: 256, maxPositionEmbeddings: 32768)],
        layerSlots: { c, n throws(ConfigError) in
            let interval = try c.int("full_attention_interval", in: 1...Limits.layers.upperBound) ?? 4
            return (0..<n).map { ($0 + 1) % interval == 0 ? .attention(.full) : .recurrent }
        },
        recurrentBlock: { c throws(ConfigError) in .linearAttention(try gatedDeltaNet(c)) },
        // Gated attention: q_proj is hidden → heads·head_dim·2 whatever attn_output_gate says
        // (modeling_qwen3_next.py:241-243, modeling_qwen3_5.py:836-838).
        gatedQueryProjection: true,
        // Qwen3NextGatedDeltaNet: q, k (n_k·d_k each), v and the output gate z (n_v·d_v each), β and α
        // (n_v each) from the hidden state, the depthwise convolution, and the output projection.
        recurrentWeights: { _, block, hidden throws(ConfigError) in
            guard case let .linearAttention(b) = block, b.variant == "gated_deltanet" else { return nil }
            let keys = Double(b.convolutionChannels - b.heads * b.valueDim) / 2, values = Double(b.heads * b.valueDim)
            return hidden * (2 * keys + 2 * values + 2 * Double(b.heads)) + Double(b.convolutionChannels * b.convolutionWidth) + values * hidden
        })

    /// Gated DeltaNet (configuration_qwen3_next.py defaults; modeling_qwen3_next.py `conv_dim`): a
    /// linear_key_head_dim × linear_value_head_dim state per value head (linear_num_value_heads, 32;
    /// key heads 16, dims 128), and a causal convolution of width linear_conv_kernel_dim (4) over
    /// 2·n_k·d_k + n_v·d_v channels.
    static func gatedDeltaNet(_ c: ConfigObject) throws(ConfigError) -> LinearAttentionBlock {
        let keyHeads = try RecurrentReader.optional(c, ["linear_num_key_heads"], default: 16)
        let valueHeads = try RecurrentReader.optional(c, ["linear_num_value_heads"], default: 32)
        let keyDim = try RecurrentReader.optional(c, ["linear_key_head_dim"], default: 128)
        let valueDim = try RecurrentReader.optional(c, ["linear_value_head_dim"], default: 128)
        guard valueHeads % keyHeads == 0 else {
            throw ConfigError(c.field("linear_num_key_heads"), "\(keyHeads) does not divide linear_num_value_heads (\(valueHeads))")
        }
        return LinearAttentionBlock(heads: valueHeads, keyDim: keyDim, valueDim: valueDim, variant: "gated_deltanet",
                                    convolutionChannels: 2 * keyHeads * keyDim + valueHeads * valueDim,
                                    convolutionWidth: try RecurrentReader.optional(c, ["linear_conv_kernel_dim"], default: 4))
    }
}
