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
        rotates: { _ throws(ConfigError) in false },
        // KimiLinearDeltaAttention (modeling_kimi_linear.py:647-666, forget gate :327-328): q, k, v
        // H → n·d each, the three short convolutions 3·n·d·K, the forget and output gates' low-rank
        // pairs H·d + d·n·d each, β H·n, o_proj n·d → H (A_log, dt_bias and o_norm left out).
        recurrentWeights: { _, block, hidden throws(ConfigError) in
            guard case let .linearAttention(b) = block, b.variant == "kimi_delta_attention" else { return nil }
            let d = Double(b.keyDim), nd = Double(b.heads * b.keyDim)
            return 4 * hidden * nd + Double(b.convolutionChannels * b.convolutionWidth) + 2 * (hidden * d + d * nd) + hidden * Double(b.heads)
        },
        // mlp_layer_types, else dense below first_k_dense_replace (default 1, configuration_kimi_linear.py:139-144):
        // dense KimiLinearMLP of intermediate_size; sparse: experts of moe_intermediate_size, the router,
        // shared experts of moe_intermediate_size·num_shared_experts (modeling_kimi_linear.py:849-862).
        mlpWeights: { c, i, hidden throws(ConfigError) in
            var dense = i < (try c.int("first_k_dense_replace", in: 0...Limits.layers.upperBound) ?? 1)
            if let types = try c.array("mlp_layer_types"), types.indices.contains(i) { dense = types[i] == .string("dense") }
            guard !dense else { return MLPWeights(dense: 3 * hidden * Double(try RecurrentReader.optional(c, ["intermediate_size"], default: 9216))) }
            let experts = Double(try RecurrentReader.optional(c, ["num_experts", "n_routed_experts"], default: 256))
            let width = Double(try RecurrentReader.optional(c, ["moe_intermediate_size"], default: 1024))
            let shared = Double(try RecurrentReader.optional(c, ["num_shared_experts", "n_shared_experts"], default: 1))
            return MLPWeights(dense: 3 * hidden * width * shared, experts: experts * 3 * hidden * width, router: hidden * experts)
        })

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
