/// LFM2 (`lfm2`, `lfm2_moe`): gated short-convolution `conv` layers, full attention on
/// `full_attn_idxs` (configuration_lfm2.py:82-87; default: every layer). A conv layer's cache is
/// conv_L_cache (3) columns of hidden_size channels (modeling_lfm2.py `Lfm2ShortConv`).
extension ModelFamily {
    static let lfm2 = ModelFamily(
        name: "lfm2", matches: { $0.hasPrefix("lfm2") },
        classDefaults: [
            "lfm2": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 128_000, tieWordEmbeddings: true),     // configuration_lfm2.py:56,64,71
            "lfm2_moe": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 128_000, tieWordEmbeddings: true), // configuration_lfm2_moe.py:63,75,73
        ],
        layerSlots: { c, n throws(ConfigError) in
            guard c.has("full_attn_idxs") else { return Array(repeating: .attention(.full), count: n) }
            let full = Set(try indices(c, "full_attn_idxs", in: 0...(n - 1), what: "layer index"))
            return (0..<n).map { full.contains($0) ? .attention(.full) : .convolution }
        },
        // Lfm2ShortConv: in_proj H → 3·H, a depthwise convolution H·conv_L_cache, out_proj H·H
        // (modeling_lfm2.py:383-392).
        recurrentWeights: { _, block, hidden throws(ConfigError) in
            guard case let .shortConvolution(b) = block else { return nil }
            return 4 * hidden * hidden + Double(b.channels * b.width)
        },
        mlpWeights: { c, i, hidden throws(ConfigError) in
            if (try c.string("model_type")) == "lfm2_moe" {
                // Lfm2MoeDecoderLayer: a dense MLP of intermediate_size below num_dense_layers (2), else
                // num_experts (32) experts of moe_intermediate_size and the router (modeling_lfm2_moe.py:513-515, 140-141).
                guard i >= (try c.int("num_dense_layers", in: 0...Limits.layers.upperBound) ?? 2) else {
                    return MLPWeights(dense: 3 * hidden * Double(try RecurrentReader.optional(c, ["intermediate_size"], default: 7168)))
                }
                let experts = Double(try RecurrentReader.optional(c, ["num_experts"], default: 32))
                let width = Double(try RecurrentReader.optional(c, ["moe_intermediate_size"], default: 1792))
                return MLPWeights(experts: experts * 3 * hidden * width, router: hidden * experts)
            }
            return MLPWeights(dense: 3 * hidden * Double(try lfm2FeedForwardWidth(c)))
        },
        tieEmbeddingKey: "tie_embedding")   // wins over tie_word_embeddings (configuration_lfm2.py:90)

    /// Lfm2MLP's width (modeling_lfm2.py:114-122): with block_auto_adjust_ff_dim (true) ⌊2·I/3⌋, then
    /// with block_ffn_dim_multiplier (1.0) ⌊m·I⌋ rounded up to block_multiple_of (256).
    static func lfm2FeedForwardWidth(_ c: ConfigObject) throws(ConfigError) -> Int {
        var width = try RecurrentReader.optional(c, ["intermediate_size"], default: 12288)
        guard try c.bool("block_auto_adjust_ff_dim") ?? true else { return width }
        width = 2 * width / 3
        if case .null? = c.raw("block_ffn_dim_multiplier") { return width }
        let multiplier = try c.double("block_ffn_dim_multiplier") ?? 1
        let multiple = try RecurrentReader.optional(c, ["block_multiple_of"], default: 256)
        width = Int(multiplier * Double(width))
        return multiple * ((width + multiple - 1) / multiple)
    }

    static func lfm2Convolution(_ c: ConfigObject) throws(ConfigError) -> ShortConvolutionBlock {
        ShortConvolutionBlock(channels: try RecurrentReader.required(c, ["hidden_size"], "model width"),
                              width: try RecurrentReader.optional(c, ["conv_L_cache"], default: 3))
    }
}
