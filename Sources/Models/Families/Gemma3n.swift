/// Gemma 3n and Gemma 4 (`gemma3n*`, `gemma4*`): the last `num_kv_shared_layers` layers reuse the
/// K/V cache of the last earlier layer of their type and keep none of their own
/// (configuration_gemma3n.py:206-231 `kv_sharing_modes`, default 15; configuration_gemma4.py default 0).
/// Gemma 4's full-attention layers have their own head dimension, `global_head_dim` (512), and, with
/// `attention_k_eq_v`, `num_global_key_value_heads` K/V heads (configuration_gemma4.py:205-218).
/// Their weights: per-layer input embeddings, AltUp and LAuReL (Gemma 3n), no K/V projections in
/// the cache-sharing layers, and Gemma 4's double-wide MLPs and MoE block (below).
extension ModelFamily {
    static let gemma3n = ModelFamily(
        name: "gemma3n/gemma4", matches: { $0.hasPrefix("gemma3n") || $0.hasPrefix("gemma4") },
        cacheSharingLayers: { c throws(ConfigError) in
            let fallback = (try c.string("model_type") ?? "").hasPrefix("gemma3n") ? 15 : 0
            return try c.int("num_kv_shared_layers", in: 0...Limits.layers.upperBound) ?? fallback
        },
        layerShape: { c, kind throws(ConfigError) in
            guard kind == .full, (try c.string("model_type") ?? "").hasPrefix("gemma4") else { return (nil, nil) }
            let headDim = try c.int("global_head_dim", in: Limits.width) ?? 512
            let kvHeads = try c.bool("attention_k_eq_v") == true ? try c.int("num_global_key_value_heads", in: Limits.heads) : nil
            return (headDim, kvHeads)
        },
        mlpWeights: { c, i, hidden throws(ConfigError) in try gemmaMLP(c, i, hidden) },
        tiesWordEmbeddings: true,   // configuration_gemma3n.py:110, configuration_gemma4.py:162
        // A layer that reuses another's cache has no k_proj / v_proj (modeling_gemma3n.py:1174-1181,
        // modeling_gemma4.py:1171-1184); Gemma 4's full-attention layers with attention_k_eq_v no v_proj
        // (modeling_gemma4.py:1154, 1179-1184).
        keyValueProjections: { c, layer throws(ConfigError) in
            if layer.reusesCache { return 0 }
            guard layer.kind != .sliding, try isGemma4(c), try c.bool("attention_k_eq_v") == true else { return 2 }
            return 1
        },
        extraWeights: { c, n, hidden throws(ConfigError) in try gemmaPerLayerInputs(c, layers: n, hidden: hidden) },
        llamaCppContext: { $0.hasPrefix("gemma3") ? gemmaLlamaCppContext($0) : nil },   // Gemma 3n: Gemma-3's rules
        windowPattern: { $0.hasPrefix("gemma3") ? .gemma3 : nil },
        readsOnlyRopeType: gemma3ReadsOnlyRopeType)

    static func isGemma4(_ c: ConfigObject) throws(ConfigError) -> Bool { (try c.string("model_type") ?? "").hasPrefix("gemma4") }

    /// The gated MLP of layer `i`: Gemma 3n's intermediate_size may be one width per layer
    /// (modeling_gemma3n.py:943-946); Gemma 4 doubles it on cache-sharing layers with
    /// use_double_wide_mlp and adds, with enable_moe_block, num_experts experts of
    /// moe_intermediate_size and a router H·E (modeling_gemma4.py:1056-1062, 1255-1264, 1303, 1352-1355).
    static func gemmaMLP(_ c: ConfigObject, _ i: Int, _ hidden: Double) throws(ConfigError) -> MLPWeights {
        var width: Double
        if case .array? = c.raw("intermediate_size"), let list = try c.array("intermediate_size") {
            guard list.indices.contains(i) else { throw ConfigError(c.field("intermediate_size"), "has \(list.count) entries, none for layer \(i)") }
            width = try ConfigObject.number(list[i], c.field("intermediate_size") + "[\(i)]")
        } else {
            width = Double(try RecurrentReader.optional(c, ["intermediate_size"], default: isGemma4(c) ? 9216 : 16_384))
        }
        guard try isGemma4(c) else { return MLPWeights(dense: 3 * hidden * width) }
        let n = try RecurrentReader.required(c, ["num_hidden_layers"], "layer count")
        let shared = try gemma3n.cacheSharingLayers?(c) ?? 0
        if i >= n - shared, try c.bool("use_double_wide_mlp") == true { width *= 2 }
        var weights = MLPWeights(dense: 3 * hidden * width)
        if try c.bool("enable_moe_block") == true {
            let experts = Double(try RecurrentReader.required(c, ["num_experts"], "experts"))
            let expertWidth = Double(try RecurrentReader.required(c, ["moe_intermediate_size"], "expert width"))
            weights.experts = experts * 3 * hidden * expertWidth
            weights.router = hidden * experts
        }
        return weights
    }

    /// The per-layer inputs: a table vocab_size_per_layer_input × layers·hidden_size_per_layer_input
    /// (262144, 256) and the projection H → layers·P (modeling_gemma3n.py:1590-1600, modeling_gemma4.py:1565-1580,
    /// only with hidden_size_per_layer_input there), each layer's gate H → P and projection P → H
    /// (modeling_gemma3n.py:1266-1267, modeling_gemma4.py:1346-1349); Gemma 3n adds AltUp, 2·(altup_num_inputs − 1)
    /// H × H projections (modeling_gemma3n.py:1604-1610) and per layer its coefficients n×n, n²×n and router
    /// H → n (:992-994), and per layer LAuReL H → laurel_rank → H (:927-928). Norms and scales are left out.
    static func gemmaPerLayerInputs(_ c: ConfigObject, layers n: Int, hidden: Double) throws(ConfigError) -> (embedding: Double, linear: Double) {
        let gemma4 = try isGemma4(c)
        let width = Double(try c.int("hidden_size_per_layer_input", in: 0...Limits.width.upperBound) ?? 256)
        let vocab = Double(try RecurrentReader.optional(c, ["vocab_size_per_layer_input"], default: 262_144))
        let layers = Double(n)
        var linear = width > 0 ? hidden * layers * width + layers * 2 * hidden * width : 0
        guard !gemma4 else { return (width > 0 ? vocab * layers * width : 0, linear) }
        let streams = Double(try RecurrentReader.optional(c, ["altup_num_inputs"], default: 4))
        let rank = Double(try RecurrentReader.optional(c, ["laurel_rank"], default: 64))
        linear += 2 * (streams - 1) * hidden * hidden
        linear += layers * (streams * streams + streams * streams * streams + hidden * streams + 2 * hidden * rank)
        return (vocab * layers * width, linear)
    }
}
