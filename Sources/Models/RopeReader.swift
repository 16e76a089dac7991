import Rotary

/// Reads one rope-parameter dictionary (v4 `rope_scaling` or a v5 `rope_parameters` entry)
/// into a ``RopeScaling``, with transformers v5 semantics for where each value comes from.
enum RopeReader {
    static let knownTypes = ["default", "linear", "dynamic", "yarn", "deepseek_yarn", "longrope", "su", "llama3", "proportional", "mrope"]

    /// - Parameters:
    ///   - dict: the dictionary, or nil for no scaling.
    ///   - topLevelOriginal: a top-level `original_max_position_embeddings` (Phi-3 style), which v5's
    ///     standardisation copies into the dict for llama3/yarn/longrope, taking priority.
    ///   - maxPositionEmbeddings: the fallback for L₀, as in v5 standardisation.
    ///   - readsAlpha: whether the family reads HunYuan's `alpha` in a `dynamic` dictionary.
    ///   - readsLegacyType: whether the class reads the v4 `type` key (Gemma-3 merges the
    ///     dictionary into {"rope_type": "default"}, so a lone `type` leaves it unscaled:
    ///     configuration_gemma3.py:137-143).
    static func scaling(_ dict: ConfigObject?, topLevelOriginal: Int?, maxPositionEmbeddings: Int?,
                        readsLegacyType: Bool = true, readsAlpha: Bool = false) throws(ConfigError) -> RopeScaling {
        guard let dict else { return .none }
        let typeKey = dict.has("rope_type") || !readsLegacyType ? "rope_type" : "type"
        let type = try dict.string(typeKey) ?? "default"
        guard knownTypes.contains(type) else {
            throw ConfigError(dict.field(typeKey), "unknown rope type '\(type)' (known: \(knownTypes.joined(separator: ", ")))")
        }
        func required(_ key: String) throws(ConfigError) -> Double {
            guard let v = try dict.double(key) else { throw ConfigError(dict.field(key), "is required by rope type '\(type)'") }
            return v
        }
        func original() throws(ConfigError) -> Int {
            if let top = topLevelOriginal { return top }
            if let v = try dict.int("original_max_position_embeddings", in: Limits.positions) { return v }
            if let m = maxPositionEmbeddings { return m }
            throw ConfigError(dict.field("original_max_position_embeddings"), "is required by rope type '\(type)'")
        }
        switch type {
        case "default", "mrope":
            return .none
        case "linear":
            return .linear(factor: try required("factor"))
        case "dynamic":
            // Not used by the dynamic rule here, but checked like every rope type's: a value outside
            // the positions' range is a broken config, not one to pass over in silence.
            _ = try dict.int("original_max_position_embeddings", in: Limits.positions)
            // HunYuan's checkpoints label a fixed NTK-alpha "dynamic" and add `alpha`; transformers
            // then computes b·α^{d/(d−2)} and ignores factor (modeling_hunyuan_v1_dense.py:298-305).
            if readsAlpha, dict.has("alpha") {
                guard let alpha = try dict.double("alpha") else { throw ConfigError(dict.field("alpha"), "must be a number") }
                guard alpha > 0 else { throw ConfigError(dict.field("alpha"), "must be positive (NTK-alpha stretches the base by alpha^(d/(d−2))), got \(alpha)") }
                return .ntkAlpha(alpha: alpha)
            }
            return .dynamic(factor: try required("factor"))
        case "yarn", "deepseek_yarn":
            // `deepseek_yarn` (Sarvam, Kimi checkpoints written for remote code) is plain YaRN:
            // transformers 5.25 configuration_sarvam_mla.py:137-141 rewrites it to rope_type "yarn".
            return .yarn(.init(factor: try required("factor"), originalMaxPositionEmbeddings: try original(),
                               betaFast: try dict.double("beta_fast"), betaSlow: try dict.double("beta_slow"),
                               attentionFactor: try dict.double("attention_factor"), mscale: try dict.double("mscale"),
                               mscaleAllDim: try dict.double("mscale_all_dim"), truncate: try dict.bool("truncate") ?? true))
        case "longrope", "su":
            guard let short = try dict.doubles("short_factor") else {
                throw ConfigError(dict.field("short_factor"), "is required by rope type '\(type)'")
            }
            guard let long = try dict.doubles("long_factor") else {
                throw ConfigError(dict.field("long_factor"), "is required by rope type '\(type)'")
            }
            return .longrope(.init(shortFactor: short, longFactor: long, factor: try dict.double("factor"),
                                   originalMaxPositionEmbeddings: try original(), attentionFactor: try dict.double("attention_factor")))
        case "llama3":
            return .llama3(.init(factor: try required("factor"), lowFreqFactor: try required("low_freq_factor"),
                                 highFreqFactor: try required("high_freq_factor"), originalMaxPositionEmbeddings: try original()))
        default: // proportional
            return .proportional(factor: try dict.double("factor") ?? 1)
        }
    }
}
