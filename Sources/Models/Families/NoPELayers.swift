/// The families whose attention reads `no_rope_layers` / `no_rope_layer_interval`; each attention
/// module sets `use_rope = config.no_rope_layers[layer_idx]` (transformers 5.25).
extension ModelFamily {
    /// SmolLM3 (configuration_smollm3.py:100-111): a NoPE layer slides when `use_sliding_window`
    /// and a window are set.
    static let smolLM3 = ModelFamily(
        name: "smollm3", matches: { $0 == "smollm3" },
        classDefaults: ["smollm3": .init(ropeTheta: 2_000_000, maxPositionEmbeddings: 32768, tieWordEmbeddings: true)],
        layerSlots: { c, n throws(ConfigError) in
            let rope = try ropeUsingLayers(c, count: n, rule: .onePerLayer)
            let slides = try c.bool("use_sliding_window") == true && c.has("sliding_window")
            return (0..<n).map { .attention(slides && !rope[$0] ? .sliding : .full) }
        },
        noRopeLayers: .onePerLayer)

    /// Llama-4 (configuration_llama4.py:169-191): the RoPE layers are chunked when
    /// `attention_chunk_size` is set, the NoPE layers global.
    static let llama4 = ModelFamily(
        name: "llama4", matches: { $0.hasPrefix("llama4") },
        classDefaults: ["llama4_text": .init(ropeTheta: 500_000, headDim: 128, maxPositionEmbeddings: 131_072)],
        layerSlots: { c, n throws(ConfigError) in
            let rope = try ropeUsingLayers(c, count: n, rule: .atLeastOnePerLayer)
            let chunked = c.has("attention_chunk_size")
            return (0..<n).map { .attention(rope[$0] && chunked ? .chunked : .full) }
        },
        noRopeLayers: .atLeastOnePerLayer)

    /// Mistral-Large-4 (configuration_mistral_large4.py:150-154).
    static let mistralLarge4 = ModelFamily(name: "mistral_large4", matches: { $0 == "mistral_large4" }, noRopeLayers: .onePerLayer)
}
