/// Gemma 3n and Gemma 4 (`gemma3n*`, `gemma4*`): the last `num_kv_shared_layers` layers reuse the
/// K/V cache of the last earlier layer of their type and keep none of their own
/// (configuration_gemma3n.py:206-231 `kv_sharing_modes`, default 15; configuration_gemma4.py default 0).
/// Gemma 4's full-attention layers have their own head dimension, `global_head_dim` (512), and, with
/// `attention_k_eq_v`, `num_global_key_value_heads` K/V heads (configuration_gemma4.py:205-218).
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
        })
}
