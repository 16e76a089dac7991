/// Nemotron-H (`nemotron_h`): a layer is a Mamba-2 mixer, attention, an MLP or a mixture of experts,
/// never two of them (modeling_nemotron_h.py:1051-1052 `MIXER_TYPES[block_type]`).
extension ModelFamily {
    static let nemotronH = ModelFamily(
        name: "nemotron_h", matches: { $0 == "nemotron_h" },
        recurrentWeights: { _, block, hidden throws(ConfigError) in ParameterCount.mamba2Weights(block, hidden: hidden) },
        mlpWeights: { c, i, hidden throws(ConfigError) in
            let blocks = try nemotronHBlocks(c)
            guard blocks.indices.contains(i) else { return MLPWeights() }
            switch blocks[i] {
            case "mlp":     // NemotronHMLP: up and down, no gate (modeling_nemotron_h.py:754-755)
                return MLPWeights(dense: 2 * hidden * Double(try RecurrentReader.optional(c, ["intermediate_size"], default: 21504)))
            case "moe":     // NemotronHMoE (modeling_nemotron_h.py:763-852): up/down experts on the latent width, router, shared MLP
                let experts = Double(try RecurrentReader.optional(c, ["n_routed_experts", "num_local_experts"], default: 8))
                let width = Double(try RecurrentReader.optional(c, ["moe_intermediate_size"], default: 7688))
                let shared = Double(try RecurrentReader.optional(c, ["moe_shared_expert_intermediate_size"], default: 7688))
                let latent = try c.int("moe_latent_size", in: Limits.width).map(Double.init)
                return MLPWeights(dense: 2 * hidden * shared + (latent.map { 2 * hidden * $0 } ?? 0),
                                  experts: experts * 2 * (latent ?? hidden) * width, router: hidden * experts)
            default:        // a Mamba-2 or attention layer has no MLP
                return MLPWeights()
            }
        },
        positionScheme: PositionScheme.none,   // no rotary embedding in any layer
        // M = Mamba-2, * = attention, - or E = MLP / MoE only.
        layerList: { c, reader throws(ConfigError) in
            let block = RecurrentBlock.mamba2(try RecurrentReader.nemotronH(c))
            let attention = try reader.sharedLayer()
            return try nemotronHBlocks(c).map { code in
                code == "mamba" ? LayerDescription(recurrent: block) : code == "attention" ? LayerDescription(attention: attention) : LayerDescription()
            }
        })

    /// The block of each layer, from `hybrid_override_pattern` (M = mamba, * = attention, - = mlp,
    /// E = moe) or `layers_block_type`.
    static func nemotronHBlocks(_ c: ConfigObject) throws(ConfigError) -> [String] {
        guard let pattern = try c.string("hybrid_override_pattern") else {
            return try ModelReader.blockTypes(c, key: "layers_block_type", allowed: ["mamba", "attention", "mlp", "moe"])
        }
        guard !pattern.isEmpty else { throw ConfigError(c.field("hybrid_override_pattern"), "is empty") }
        let names: [Character: String] = ["M": "mamba", "*": "attention", "-": "mlp", "E": "moe"]
        return try pattern.map { ch throws(ConfigError) in
            guard let name = names[ch] else {
                throw ConfigError(c.field("hybrid_override_pattern"), "unknown layer code '\(ch)' (known: M, *, -, E)")
            }
            return name
        }
    }
}
