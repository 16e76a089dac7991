/// The values a transformers model class supplies when config.json is silent: what the model
/// actually runs with, and what tools that read the raw file with their own fallbacks
/// (`getattr(config, "rope_theta", 10000)`) get wrong.
///
/// Each family lists its classes' values in its file (``ModelFamily/classDefaults``, `Models/Families`).
/// Source: the `configuration_<model>.py` files of transformers 5.24.0, each value also checked by
/// instantiating the class with no arguments (`ClassDefaultsTests`).
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

    /// Whether the class's default RoPE rotates the full head whatever `partial_rotary_factor` says.
    var ignoresPartialRotary = false

    /// The defaults of `modelType`, from its family's ``ModelFamily/classDefaults``; the
    /// transformers mixin's for classes not listed.
    static func of(_ modelType: String?) -> ModelClassDefaults {
        listed(modelType) ?? ModelClassDefaults()
    }

    /// Whether a family lists `modelType`'s class defaults.
    static func isKnown(_ modelType: String?) -> Bool { listed(modelType) != nil }

    private static func listed(_ modelType: String?) -> ModelClassDefaults? {
        ModelFamily.of(modelType)?.classDefaults[modelType ?? ""]
    }
}
