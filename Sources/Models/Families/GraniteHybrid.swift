/// Granite-4.0-H (`granitemoehybrid`): Mamba-2 layers (legacy `mamba` in `layer_types`, remapped
/// to linear_attention) beside attention layers, all Mamba by default
/// (configuration_granitemoehybrid.py:96-117); a rotary module only for
/// `position_embedding_type` "rope" (modeling_granitemoehybrid.py:1167).
extension ModelFamily {
    static let graniteHybrid = ModelFamily(
        name: "granitemoehybrid", matches: { $0 == "granitemoehybrid" },
        layerSlots: { _, n throws(ConfigError) in Array(repeating: .recurrent, count: n) },
        recurrentBlock: { c throws(ConfigError) in .mamba2(try graniteMamba(c)) },
        rotates: { c throws(ConfigError) in try c.string("position_embedding_type") == "rope" },
        recurrentWeights: { _, block, hidden throws(ConfigError) in ParameterCount.mamba2Weights(block, hidden: hidden) },
        // Every layer has the shared MLP, input_linear H → 2·shared_intermediate_size and output_linear
        // back (modeling_granitemoehybrid.py:867-874), and with num_local_experts > 0 (default 8) the
        // experts' gate_up_proj E·2·I·H and down_proj E·H·I (:956-962) and the router E·H (:943).
        mlpWeights: { c, _, hidden throws(ConfigError) in
            let shared = Double(try RecurrentReader.optional(c, ["shared_intermediate_size"], default: 1024))
            let experts = Double(try c.int("num_local_experts", in: 0...Limits.width.upperBound) ?? 8)
            let width = Double(try RecurrentReader.optional(c, ["intermediate_size"], default: 11008))
            return MLPWeights(dense: 3 * hidden * shared, experts: experts * 3 * hidden * width, router: hidden * experts)
        })

    /// mamba_n_heads (128), mamba_d_head ("auto" = expand·hidden / heads), mamba_d_state (256),
    /// mamba_n_groups (1), mamba_d_conv (4), mamba_expand (2).
    static func graniteMamba(_ c: ConfigObject) throws(ConfigError) -> Mamba2Block {
        let hidden = try RecurrentReader.required(c, ["hidden_size"], "model width")
        let expand = try RecurrentReader.optional(c, ["mamba_expand"], default: 2)
        let heads = try RecurrentReader.optional(c, ["mamba_n_heads"], default: 128)
        guard (expand * hidden) % heads == 0 else {
            throw ConfigError(c.field("mamba_n_heads"), "\(heads) does not divide mamba_expand·hidden_size = \(expand * hidden)")
        }
        var headDim = expand * hidden / heads
        if case .number? = c.raw("mamba_d_head") { headDim = try RecurrentReader.optional(c, ["mamba_d_head"], default: headDim) }
        return Mamba2Block(heads: heads, headDim: headDim, stateDim: try RecurrentReader.optional(c, ["mamba_d_state"], default: 256),
                           groups: try RecurrentReader.optional(c, ["mamba_n_groups"], default: 1),
                           convWidth: try RecurrentReader.optional(c, ["mamba_d_conv"], default: 4))
    }
}
