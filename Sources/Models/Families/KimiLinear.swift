/// Kimi-Linear (`kimi_linear`): Kimi Delta Attention layers and MLA layers without a rotary module
/// (modeling_kimi_linear.py has none); the layer lists are 1-indexed in `linear_attn_config`
/// (configuration_kimi_linear.py:120-137), else full attention every fourth layer from layer 4.
extension ModelFamily {
    static let kimiLinear = ModelFamily(
        name: "kimi_linear", matches: { $0 == "kimi_linear" },
        layerSlots: { c, n throws(ConfigError) in
            guard let linear = try c.object("linear_attn_config"), linear.has("full_attn_layers"), linear.has("kda_layers") else {
                return (0..<n).map { $0 > 0 && $0 % 4 == 0 ? .attention(.full) : .recurrent }
            }
            var slots = [AttentionReader.LayerSlot?](repeating: nil, count: n)
            for i in try indices(linear, "full_attn_layers", in: 1...n, what: "layer number (1-indexed)") { slots[i - 1] = .attention(.full) }
            for i in try indices(linear, "kda_layers", in: 1...n, what: "layer number (1-indexed)") { slots[i - 1] = .recurrent }
            if let missing = slots.firstIndex(where: { $0 == nil }) {
                throw ConfigError(linear.field("kda_layers"), "layer \(missing + 1) is in neither kda_layers nor full_attn_layers")
            }
            return slots.map { $0! }
        },
        recurrentBlock: { c throws(ConfigError) in .linearAttention(try kimiDeltaAttention(c)) },
        rotates: { _ throws(ConfigError) in false })

    /// KDA: num_heads (32) × head_dim (128) square states, three short convolutions (q, k, v) of
    /// num_heads·head_dim channels, width short_conv_kernel_size (4).
    static func kimiDeltaAttention(_ c: ConfigObject) throws(ConfigError) -> LinearAttentionBlock {
        let sub = try c.object("linear_attn_config")
        func value(_ key: String, _ top: String, _ fallback: Int) throws(ConfigError) -> Int {
            if let sub, let v = try sub.int(key, in: Limits.width) { return v }
            return try RecurrentReader.optional(c, [top], default: fallback)
        }
        let heads = try value("num_heads", "linear_num_heads", 32), headDim = try value("head_dim", "linear_head_dim", 128)
        return LinearAttentionBlock(heads: heads, keyDim: headDim, valueDim: headDim, variant: "kimi_delta_attention",
                                    convolutionChannels: 3 * heads * headDim,
                                    convolutionWidth: try value("short_conv_kernel_size", "linear_conv_kernel_dim", 4))
    }
}
