/// The values a transformers model class supplies when config.json is silent: what the model
/// actually runs with, and what tools that read the raw file with their own fallbacks
/// (`getattr(config, "rope_theta", 10000)`) get wrong.
///
/// Source: the `configuration_<model>.py` files of transformers 5.24.0, each value also checked by
/// instantiating the class with no arguments (table in `Guides/Models.md`, "Class defaults").
/// Remote-code families (`chatglm`, `internlm2`) are not in transformers; their defaults are those
/// of the remote `configuration_*.py` the Hub repositories ship.
struct ModelClassDefaults: Sendable, Equatable {
    /// `rope_theta` (transformers' `default_theta`).
    var ropeTheta: Double = 10_000
    /// A `partial_rotary_factor` the class sets, nil when it sets none (the full head is rotated).
    var partialRotaryFactor: Double?
    /// A fixed `head_dim`, nil when the class derives hidden_size // num_attention_heads.
    var headDim: Int?
    /// `max_position_embeddings` (or the family's spelling).
    var maxPositionEmbeddings: Int?
    /// A top-level `original_max_position_embeddings` the class sets (Phi-3: 4096), which
    /// transformers' standardisation copies into a llama3/yarn/longrope dictionary.
    var originalMaxPositionEmbeddings: Int?
    /// `tie_word_embeddings` (transformers' base default is true; most causal-LM classes set false).
    var tieWordEmbeddings = false
    /// Remote-code families: their config classes are not transformers', so attributes absent from
    /// config.json are unknown to the stacks that read them with getattr.
    var isRemoteCode = false

    /// The defaults of `modelType`; the transformers mixin's for classes not listed.
    static func of(_ modelType: String?) -> ModelClassDefaults {
        table[modelType ?? ""] ?? ModelClassDefaults()
    }

    /// Whether the table lists `modelType`.
    static func isKnown(_ modelType: String?) -> Bool { table[modelType ?? ""] != nil }

    private static let table: [String: ModelClassDefaults] = [
        "llama": .init(maxPositionEmbeddings: 2048),                                   // configuration_llama.py:70,83
        "mistral": .init(maxPositionEmbeddings: 131_072),                              // configuration_mistral.py:68,70
        "mixtral": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 131_072),         // configuration_mixtral.py:43,72
        "qwen2": .init(maxPositionEmbeddings: 32768),                                  // configuration_qwen2.py:67
        "qwen3": .init(headDim: 128, maxPositionEmbeddings: 32768),                    // configuration_qwen3.py:67,69
        "gemma": .init(headDim: 256, maxPositionEmbeddings: 8192, tieWordEmbeddings: true),                     // configuration_gemma.py:72,74
        "gemma2": .init(headDim: 256, maxPositionEmbeddings: 8192, tieWordEmbeddings: true),                    // configuration_gemma2.py:73,75
        "gemma3_text": .init(ropeTheta: 1_000_000, headDim: 256, maxPositionEmbeddings: 131_072, tieWordEmbeddings: true), // configuration_gemma3.py:79,81,148-155
        "phi3": .init(partialRotaryFactor: 1, maxPositionEmbeddings: 4096, originalMaxPositionEmbeddings: 4096), // configuration_phi3.py:70,71,96
        "phi": .init(partialRotaryFactor: 0.5, maxPositionEmbeddings: 2048),
        "glm": .init(partialRotaryFactor: 0.5, headDim: 128, maxPositionEmbeddings: 131_072),   // configuration_glm.py:61,64,76
        "glm4": .init(partialRotaryFactor: 0.5, headDim: 128, maxPositionEmbeddings: 131_072),  // configuration_glm4.py:61,64,76
        "glm4_moe": .init(partialRotaryFactor: 0.5, maxPositionEmbeddings: 131_072),
        "chatglm": .init(partialRotaryFactor: 0.5, maxPositionEmbeddings: 2048, isRemoteCode: true),       // remote configuration_chatglm.py (seq_length); GlmConfig prf
        "cohere": .init(ropeTheta: 500_000, maxPositionEmbeddings: 8192, tieWordEmbeddings: true),              // configuration_cohere.py:50,74
        "cohere2": .init(maxPositionEmbeddings: 8192, tieWordEmbeddings: true),                                 // configuration_cohere2.py:73
        "dbrx": .init(maxPositionEmbeddings: 2048),                                    // configuration_dbrx.py:115-125
        "exaone4": .init(maxPositionEmbeddings: 2048),                                 // configuration_exaone4.py:85
        "deepseek_v2": .init(maxPositionEmbeddings: 2048),                             // head_dim := qk_rope_head_dim: the MLA reading
        "deepseek_v3": .init(maxPositionEmbeddings: 4096),
        "stablelm": .init(partialRotaryFactor: 0.25, maxPositionEmbeddings: 4096),     // configuration_stablelm.py:51,67
        "gpt_neox": .init(partialRotaryFactor: 0.25, maxPositionEmbeddings: 2048),     // configuration_gpt_neox.py:70,97-98
        "persimmon": .init(partialRotaryFactor: 0.5, maxPositionEmbeddings: 16384),
        "nemotron": .init(partialRotaryFactor: 0.5, maxPositionEmbeddings: 4096),
        "falcon_h1": .init(maxPositionEmbeddings: 8192),
        "olmo2": .init(maxPositionEmbeddings: 2048),
        "granite": .init(maxPositionEmbeddings: 2048),
        "internlm3": .init(headDim: 128, maxPositionEmbeddings: 32768),
        "internlm2": .init(isRemoteCode: true),
        "llama4_text": .init(ropeTheta: 500_000, headDim: 128, maxPositionEmbeddings: 131_072),
        "qwen2_vl": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 32768, tieWordEmbeddings: true),
        "qwen2_5_vl": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 32768, tieWordEmbeddings: true),
        "phimoe": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 131_072),
        "minimax": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 131_072),
        "exaone": .init(ropeTheta: 500_000, maxPositionEmbeddings: 4096),
        "olmo3": .init(ropeTheta: 500_000, maxPositionEmbeddings: 2048),
        "smollm3": .init(ropeTheta: 2_000_000, maxPositionEmbeddings: 32768, tieWordEmbeddings: true),
        "apertus": .init(ropeTheta: 12_000_000, maxPositionEmbeddings: 65536),
        "gpt_oss": .init(ropeTheta: 150_000, headDim: 64, maxPositionEmbeddings: 131_072),
        "qwen3_next": .init(partialRotaryFactor: 0.25, headDim: 256, maxPositionEmbeddings: 32768),
        "lfm2": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 128_000, tieWordEmbeddings: true),     // configuration_lfm2.py:56,64,71
        "lfm2_moe": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 128_000, tieWordEmbeddings: true), // configuration_lfm2_moe.py:63,75,73
    ]
}
