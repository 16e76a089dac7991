/// The checks transformers 5.24.0 runs on one rope dictionary (`validate_rope` and the
/// per-type `_validate_*_rope_parameters`, modeling_rope_utils.py:868-1157), applied to the
/// dictionary as its standardisation would leave it: the type from `rope_type` or `type`, the
/// pre-training length from a top-level `original_max_position_embeddings` (which wins), the
/// dictionary, or `max_position_embeddings`. Conditions transformers raises on (a missing required
/// key) are the reader's errors, not warnings.
struct RopeLint {
    let dict: ConfigObject
    /// The text config around it (top-level keys: max_position_embeddings, head_dim, …).
    let text: ConfigObject
    let maxPositionEmbeddings: Int?
    /// A top-level original_max_position_embeddings, the config's or its class's (Phi-3).
    let topLevelOriginal: Int?
    /// head_dim as transformers' longrope validation takes it (head_dim, else hidden // heads).
    let headDim: Int?
    /// Keys the model class exempts from validation (`ignore_keys_at_rope_validation`).
    let ignoredKeys: Set<String>
    /// Whether the class reads the legacy `type` key (Gemma-3 does not: configuration_gemma3.py:137-143
    /// merges the dictionary into {"rope_type": "default"}).
    var readsLegacyType = true

    /// `ignore_keys_at_rope_validation` of the classes that set one (transformers 5.24.0:
    /// configuration_ministral3.py:71, configuration_mistral4.py:133, the Qwen-VL family).
    static func ignoredKeys(modelType: String) -> Set<String> {
        switch modelType {
        case "ministral3", "mistral4": return ["llama_4_scaling_beta", "max_position_embeddings"]
        case let t where t.contains("_vl") || t.contains("omni") || t.hasPrefix("qwen3_5") || t.hasPrefix("glm4v"):
            return ["mrope_section", "mrope_interleaved", "interleaved"]
        default: return []
        }
    }

    /// Required and optional keys per type (MRU:921-1128); `type` and `partial_rotary_factor` are
    /// always accepted (MRU:1139-1145).
    static let keys: [String: (required: Set<String>, optional: Set<String>)] = [
        "default": (["rope_type"], ["rope_theta"]),
        "linear": (["rope_type", "factor"], ["rope_theta"]),
        "dynamic": (["rope_type", "factor"], ["rope_theta"]),
        "yarn": (["rope_type", "factor", "original_max_position_embeddings"],
                 ["rope_theta", "attention_factor", "beta_fast", "beta_slow", "mscale", "mscale_all_dim", "truncate"]),
        "longrope": (["rope_type", "short_factor", "long_factor", "original_max_position_embeddings"], ["rope_theta", "attention_factor", "factor"]),
        "llama3": (["rope_type", "factor", "original_max_position_embeddings", "low_freq_factor", "high_freq_factor", "rope_theta"], []),
        "proportional": (["rope_type", "rope_theta"], []),
        // Qwen-VL's multimodal rope validates as default with its section keys ignored.
        "mrope": (["rope_type"], ["rope_theta", "mrope_section", "mrope_interleaved"]),
    ]

    /// Spellings that stacks do not read, with the key they mean.
    static let misspellings: [String: String] = [
        "attn_factor": "attention_factor", "rope_factor": "factor", "scaling_factor": "factor",
        "original_context_length": "original_max_position_embeddings", "original_max_position": "original_max_position_embeddings",
        "low_freq": "low_freq_factor", "high_freq": "high_freq_factor", "beta_low": "beta_slow", "beta_high": "beta_fast",
    ]

    var keysPresent: [String] {
        guard case let .object(pairs) = dict.node else { return [] }
        return pairs.map(\.key)
    }

    func literal(_ key: String) -> String? {
        if case let .number(_, literal)? = dict.raw(key) { return literal }
        return nil
    }

    func warnings() throws(ConfigError) -> [ConfigWarning] {
        var out: [ConfigWarning] = []
        func warn(_ rule: LintRule, _ key: String, _ message: String) { out.append(ConfigWarning(rule, dict.field(key), message)) }
        let written = try dict.string("rope_type"), legacy = try dict.string("type")
        if let written, let legacy, written != legacy {
            warn(.ropeTypeConflict, "type", "'rope_type' = '\(written)' is used; the legacy 'type' = '\(legacy)' is ignored")
        }
        let raw = written ?? (readsLegacyType ? legacy : nil) ?? "default"
        let type = raw == "su" ? "longrope" : raw == "deepseek_yarn" ? "yarn" : raw

        if let known = Self.keys[type] {
            for key in keysPresent where !known.required.contains(key) && !known.optional.contains(key) && key != "type"
                && key != "partial_rotary_factor" && !ignoredKeys.contains(key) {
                if let meant = Self.misspellings[key] {
                    warn(.misspelledRopeKey, key, "'\(key)' is not a key transformers reads (it means '\(meant)'; llama.cpp's converter reads attn_factor, transformers and vLLM drop it)")
                } else if key == "alpha", type == "dynamic" {
                    warn(.unknownRopeKey, key, "transformers' validation warns 'Unrecognized keys', but HunYuan's rotary module reads it as NTK-alpha (base·alpha^(d/(d−2))); other families ignore it")
                } else {
                    warn(.unknownRopeKey, key, "is not a key transformers' validation knows for rope_type '\(type)' (it warns 'Unrecognized keys')")
                }
            }
        }

        let factor = try dict.double("factor")
        if ["linear", "dynamic", "yarn", "llama3", "longrope"].contains(type), let f = factor, f < 1 {
            warn(.factorBelowOne, "factor", "\(ConfigObject.format(f)) is below 1: the scaling shrinks the context instead of extending it (transformers warns)")
        }
        let inDictOriginal = try dict.int("original_max_position_embeddings", in: Limits.positions)
        let original = topLevelOriginal ?? inDictOriginal ?? maxPositionEmbeddings

        switch type {
        case "yarn":
            if let a = try dict.double("attention_factor") {
                if a < 0 {
                    warn(.attentionFactor, "attention_factor", "\(ConfigObject.format(a)) is negative (transformers warns)")
                } else if let text = literal("attention_factor"), !text.contains("."), !text.lowercased().contains("e") {
                    warn(.attentionFactor, "attention_factor", "is written as the integer \(text); transformers' check wants a float and warns (write \(text).0)")
                }
            }
            let fast = try dict.double("beta_fast"), slow = try dict.double("beta_slow")
            if (fast.flatMap { $0 == 0 ? nil : $0 } ?? 32) < (slow.flatMap { $0 == 0 ? nil : $0 } ?? 1) {
                warn(.betaOrder, "beta_fast", "beta_fast (\(fast.map(ConfigObject.format) ?? "32")) is below beta_slow (\(slow.map(ConfigObject.format) ?? "1")): the interpolation ramp runs backwards (transformers warns)")
            }
            if let m = try dict.double("mscale"), m != 0, (try dict.double("mscale_all_dim") ?? 0) == 0, !dict.has("attention_factor") {
                warn(.mscaleWithoutAllDim, "mscale", "mscale (\(ConfigObject.format(m))) without mscale_all_dim is ignored by transformers, which uses 0.1·ln(factor) + 1 as the attention factor")
            }
            if let f = factor, let mpe = maxPositionEmbeddings, let l0 = original, l0 > 0 {
                let implicit = Double(mpe) / Double(l0)
                if implicit != f && implicit != 1 {
                    warn(.yarnFactorMismatch, "factor", "\(ConfigObject.format(f)) differs from max_position_embeddings / original_max_position_embeddings = \(mpe)/\(l0) = \(ConfigObject.format(implicit)); transformers uses the explicit factor and warns")
                }
            }
        case "longrope":
            for key in ["short_factor", "long_factor"] {
                guard let list = try dict.array(key), let d = headDim else { continue }
                // standardisation copies a top-level partial_rotary_factor into the dictionary (MRU:827-828)
                let inDict = try dict.double("partial_rotary_factor"), outside = try text.double("partial_rotary_factor")
                let p = inDict ?? outside ?? 1
                let dim = Int(Double(d) * p)
                if list.count != dim / 2 {
                    warn(.longropeFactorLength, key, "has \(list.count) entries; transformers expects rotary_dim/2 = \(dim / 2) (head_dim \(d) × partial_rotary_factor \(ConfigObject.format(p)))")
                }
            }
            if factor == nil {
                let ratio = maxPositionEmbeddings.flatMap { m in original.map { "\(m)/\($0) = " + ConfigObject.format(Double(m) / Double($0)) } } ?? "max_position_embeddings / original_max_position_embeddings"
                warn(.longropeImplicitFactor, "factor", "is absent: transformers derives the scale from \(ratio) and asks for an explicit factor")
            }
            if let a = try dict.double("attention_factor"), a < 0 {
                warn(.attentionFactor, "attention_factor", "\(ConfigObject.format(a)) is negative (transformers warns)")
            }
        case "llama3":
            if let low = try dict.double("low_freq_factor"), let high = try dict.double("high_freq_factor"), high <= low {
                warn(.llama3FrequencyOrder, "high_freq_factor", "high_freq_factor (\(ConfigObject.format(high))) must exceed low_freq_factor (\(ConfigObject.format(low))); transformers warns")
            }
            if topLevelOriginal == nil, let text = literal("original_max_position_embeddings"), text.contains(".") || text.lowercased().contains("e") {
                warn(.llama3OriginalNotInteger, "original_max_position_embeddings", "is written as \(text); transformers wants an integer and warns")
            }
            if let l0 = original, let mpe = maxPositionEmbeddings, l0 >= mpe {
                let defaulted = topLevelOriginal == nil && !dict.has("original_max_position_embeddings")
                warn(.llama3OriginalNotBelowMax, "original_max_position_embeddings",
                     (defaulted ? "is absent, so transformers fills it with max_position_embeddings (\(mpe)): " : "\(l0) is not below max_position_embeddings (\(mpe)): ")
                     + "the llama3 spectrum then treats the whole context as pre-training length (transformers warns)")
            }
        case "proportional":
            if !dict.has("partial_rotary_factor"), !text.has("partial_rotary_factor") {
                warn(.proportionalWithoutPartialRotary, "partial_rotary_factor", "is absent: proportional RoPE then behaves like linear scaling (transformers warns)")
            }
        default:
            break
        }

        if ["llama3", "yarn", "longrope"].contains(type) {
            let inDict = try dict.int("original_max_position_embeddings", in: Limits.positions)
            if let top = topLevelOriginal, let inDict, top != inDict {
                warn(.originalTopLevelWins, "original_max_position_embeddings", "\(inDict) is overridden by the top-level original_max_position_embeddings (\(top)) when transformers builds the model")
            } else if topLevelOriginal == nil, inDict == nil, type != "llama3", let mpe = maxPositionEmbeddings {
                warn(.originalDefaulted, "original_max_position_embeddings", "is absent: transformers uses max_position_embeddings (\(mpe)) as the pre-training length L₀, which changes the spectrum")
            }
        }
        return out
    }
}
