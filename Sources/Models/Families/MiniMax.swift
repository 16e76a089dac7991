/// MiniMax-Text-01 / M1 (`minimax`): softmax attention on even layers, lightning attention on odd
/// ones (configuration_minimax.py:119-122). transformers 5.25 rotates the whole head_dim
/// (modeling_minimax.py `compute_default_rope_parameters`); the remote code's `rotary_dim` is not read.
extension ModelFamily {
    static let miniMax = ModelFamily(
        name: "minimax", matches: { $0 == "minimax" },
        classDefaults: ["minimax": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 131_072)],
        layerSlots: { _, n throws(ConfigError) in (0..<n).map { $0 % 2 == 0 ? .attention(.full) : .recurrent } },
        recurrentBlock: { c throws(ConfigError) in .linearAttention(try lightningAttention(c)) },
        // MiniMaxLightningAttention: qkv_proj H → 3·n·d, output_gate H → n·d, out_proj n·d → H
        // (modeling_minimax.py:137-139); its MLP is the generic mixture of experts.
        recurrentWeights: { _, block, hidden throws(ConfigError) in
            guard case let .linearAttention(b) = block, b.variant == "lightning_attention" else { return nil }
            return 5 * hidden * Double(b.heads * b.valueDim)
        })

    /// Lightning attention (`MiniMaxLightningAttention`): a head_dim × head_dim key–value state per
    /// attention head (head_dim, else hidden_size / heads), no convolution.
    static func lightningAttention(_ c: ConfigObject) throws(ConfigError) -> LinearAttentionBlock {
        let heads = try RecurrentReader.required(c, ["num_attention_heads"], "attention heads")
        var headDim = try c.int("head_dim", in: Limits.width)
        if headDim == nil { headDim = try RecurrentReader.required(c, ["hidden_size"], "model width") / heads }
        return LinearAttentionBlock(heads: heads, keyDim: headDim!, valueDim: headDim!, variant: "lightning_attention")
    }
}
