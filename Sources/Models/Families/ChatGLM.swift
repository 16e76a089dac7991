/// ChatGLM (`chatglm`): remote code (configuration_chatglm.py shipped on the Hub).
/// `multi_query_group_num` counts only with `multi_query_attention` (transformers'
/// convert_glm_weights_to_hf.py); `rope_ratio` gives the base 10000 · rope_ratio (remote
/// modeling_chatglm.py; vLLM chatglm.py; convert_glm_weights_to_hf.py).
extension ModelFamily {
    static let chatGLM = ModelFamily(
        name: "chatglm", matches: { $0 == "chatglm" },
        classDefaults: ["chatglm": .init(partialRotaryFactor: 0.5, maxPositionEmbeddings: 2048, isRemoteCode: true)], // remote configuration_chatglm.py (seq_length); GlmConfig prf
        kvHeads: { c, heads throws(ConfigError) in
            guard try c.bool("multi_query_attention") == true else { return (heads, c.field("multi_query_attention")) }
            return (try c.int("multi_query_group_num", in: Limits.heads) ?? heads, c.field("multi_query_group_num"))
        },
        ropeBase: { c throws(ConfigError) in (10_000 * (try c.double("rope_ratio") ?? 1), c.field("rope_ratio")) },
        llamaCppContext: { _ in LlamaCppContext(keys: ["seq_length", "hidden_size"]) },   // ChatGLMModel
        writesRopeBase: { c throws(ConfigError) in c.has("rope_ratio") },
        lintWarnings: { text, _, rotary throws(ConfigError) in
            guard let rotary else { return [] }
            return [ConfigWarning(.chatglmRemoteCode, text.field(text.has("rope_ratio") ? "rope_ratio" : "model_type"),
                                  "remote-code ChatGLM: base 10000·rope_ratio = \(ConfigObject.format(rotary.base)), head_dim kv_channels = \(rotary.headDim), rotary_dim \(rotary.rotaryDim) (half of each head), context seq_length; config.json states none of this")]
        })
}
