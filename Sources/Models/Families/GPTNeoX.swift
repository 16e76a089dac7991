/// GPT-NeoX (`gpt_neox`; transformers models/gpt_neox); llama.cpp names it `gptneox`.
extension ModelFamily {
    static let gptNeoX = ModelFamily(
        name: "gpt_neox", matches: { $0 == "gpt_neox" }, ggufArchitectures: ["gptneox": "gpt_neox"],
        classDefaults: ["gpt_neox": .init(partialRotaryFactor: 0.25, maxPositionEmbeddings: 2048)],   // configuration_gpt_neox.py:70,97-98
        gatedMLP: false,   // GPTNeoXMLP: dense_h_to_4h, dense_4h_to_h
        lintWarnings: { text, _, _ throws(ConfigError) in
            guard !text.has("rotary_emb_base") || !text.has("rotary_pct"), text.has("rope_theta") || text.has("partial_rotary_factor") else { return [] }
            return [ConfigWarning(.neoxKeys, text.field(text.has("rope_theta") ? "rope_theta" : "partial_rotary_factor"),
                                  "GPT-NeoX reads only rotary_emb_base and rotary_pct; transformers uses base 10000 and 0.25 where they are absent")]
        })
}
