/// The maximum context each serving stack derives from one config.json, by its own rule.
///
/// Each rule is transcribed from the stack's source, version named:
/// - **transformers 5.24.0**: no limit is enforced; the nominal context is the text config's
///   `max_position_embeddings` (or its attribute-mapped spelling: DBRX `max_seq_len`, GPT-2
///   `n_positions`; remote ChatGLM `seq_length`), the class default when absent, never multiplied by a
///   rope factor (modeling_rope_utils.py:424-428 infers the YaRN factor from it instead).
/// - **vLLM 0.33.0** (`vllm/config/model.py:2545-2684` `_get_and_verify_max_len`, the key scan in
///   `transformers_utils/model_arch_config_convertor.py:374-407`, after PR #56446): the smallest of
///   nine length keys (attributes, so class defaults count); `model_max_length` replaces it when set;
///   then, unless the model type contains "gemma3", multiplied by the `factor` of every rope type but
///   su, longrope, llama3, yarn, deepseek_yarn and deepseek_llama_scaling; 2048 when no key exists.
///   Without `--max-model-len` vLLM uses that, except for LongRoPE, where it uses the top-level
///   `original_max_position_embeddings` (`model.py:2642-2660`).
/// - **vLLM 0.11.0**, before PR #56446 (`model.py:1763-1912`): the same keys, then for rope types
///   other than su, longrope, llama3 the length is multiplied by the factor, YaRN's after a reset to
///   `original_max_position_embeddings`.
/// - **llama.cpp** (`convert_hf_to_gguf.py` @ 0024aa74, `TextModel.set_gguf_parameters` and the
///   per-architecture classes; `src/llama-model.cpp` `load_hparams`): `n_ctx_train` is the GGUF
///   `context_length` the converter writes — the first present of max_position_embeddings, n_ctx,
///   n_positions, max_length, max_sequence_length, model_max_length (text_config merged over the
///   root); Command-R `model_max_length` first; Phi-3 `n_positions` first; Gemma-3 131072 when absent;
///   DBRX `max_seq_len`; ChatGLM `seq_length` (else hidden_size). No rope type changes it (the YaRN
///   re-adjustment of PR #28030 fires only for user flags that differ from the file's scale).
public struct ServingStacks: Sendable, Equatable {
    /// transformers' nominal context.
    public let transformers: Int?
    /// vLLM 0.33: the context used without `--max-model-len`.
    public let vllm: Int?
    /// vLLM 0.33: the longest `--max-model-len` accepted without VLLM_ALLOW_LONG_MAX_MODEL_LEN.
    public let vllmCeiling: Int?
    /// vLLM 0.11 (before PR #56446): the context used without `--max-model-len`.
    public let vllmBefore56446: Int?
    /// llama.cpp: n_ctx_train of the converted GGUF.
    public let llamaCpp: Int?

    public init(transformers: Int?, vllm: Int?, vllmCeiling: Int?, vllmBefore56446: Int?, llamaCpp: Int?) {
        self.transformers = transformers
        self.vllm = vllm
        self.vllmCeiling = vllmCeiling
        self.vllmBefore56446 = vllmBefore56446
        self.llamaCpp = llamaCpp
    }

    /// The stacks disagree on the context (transformers, vLLM 0.33, llama.cpp).
    public var disagreement: Bool { Set([transformers, vllm, llamaCpp].compactMap { $0 }).count > 1 }

    /// The stacks' rules applied to a parsed config.
    ///
    /// - Complexity: O(size of the config).
    public static func derive(_ root: JSONNode) throws(ConfigError) -> ServingStacks {
        let top = try ConfigObject(root, path: "")
        let text = try top.object("text_config") ?? top
        var modelType = try text.string("model_type")
        if modelType == nil { modelType = try top.string("model_type") }
        let defaults = ModelClassDefaults.of(modelType)
        let type = modelType ?? ""
        let ropes = try ropeDictionaries(text)

        // transformers: the attribute-mapped max_position_embeddings, else the class default.
        let nominal = try text.int(ConfigKeys.maxPositionEmbeddings, in: Limits.positions)
        let transformers = nominal ?? (defaults.isRemoteCode ? nil : defaults.maxPositionEmbeddings)

        // vLLM: the smallest length key; class defaults count, being attributes.
        var lengths: [Int] = []
        for key in vllmKeys { if let v = try text.int(key, in: Limits.positions) { lengths.append(v) } }
        if !text.has("max_position_embeddings"), !defaults.isRemoteCode, let d = defaults.maxPositionEmbeddings, nominal == nil {
            lengths.append(d)
        }
        var derived = lengths.min() ?? 2048
        if let m = try text.int("model_max_length", in: Limits.positions) { derived = m }
        let base = derived

        var factor = 1.0
        if !type.contains("gemma3") {
            for rope in ropes where !vllmUnscaled.contains(rope.type) {
                if let f = try rope.dict.double("factor") { factor = f }
            }
        }
        let ceiling = clampedProduct(base, factor)
        let topOriginal = try text.int("original_max_position_embeddings", in: Limits.positions) ?? defaults.originalMaxPositionEmbeddings
        let vllm = ropes.contains { $0.type == "longrope" } ? (topOriginal ?? ceiling) : ceiling

        // vLLM 0.11: the v4 rope_scaling dictionary, YaRN reset to its original length first.
        var before = base
        if let rope = ropes.first, !rope.nested, rope.isV4, !type.contains("gemma3"), !["su", "longrope", "llama3"].contains(rope.rawType) {
            let f = try rope.dict.double("factor") ?? 1
            if rope.rawType == "yarn", let original = try rope.dict.int("original_max_position_embeddings", in: Limits.positions) { before = original }
            before = clampedProduct(before, f)
        }

        return ServingStacks(transformers: transformers, vllm: vllm, vllmCeiling: ceiling, vllmBefore56446: before,
                             llamaCpp: try llamaCppContext(top, text, type: type))
    }

    /// vLLM 0.33's length keys (`model_arch_config_convertor.py:376-393`).
    static let vllmKeys = ["max_position_embeddings", "n_positions", "max_seq_len", "seq_length", "model_max_length",
                           "max_target_positions", "max_sequence_length", "max_seq_length", "seq_len"]
    /// Rope types whose factor vLLM 0.33 does not apply to the length (`model.py:2610-2620`).
    static let vllmUnscaled: Set<String> = ["su", "longrope", "llama3", "yarn", "deepseek_yarn", "deepseek_llama_scaling"]

    private static func clampedProduct(_ n: Int, _ f: Double) -> Int {
        let x = Double(n) * f
        return x.isFinite && x < Double(Limits.positions.upperBound) ? Int(x) : Limits.positions.upperBound
    }

    struct Rope {
        let dict: ConfigObject
        /// The type as vLLM normalises it: rope_type, else type, else default; su → longrope, mrope → default.
        let type: String
        /// The type as written (rope_type, else type).
        let rawType: String
        let nested: Bool
        let isV4: Bool
    }

    /// The rope dictionaries of a text config: the flat one, or one per layer type.
    static func ropeDictionaries(_ text: ConfigObject) throws(ConfigError) -> [Rope] {
        let isV4 = !text.has("rope_parameters")
        guard let dict = try text.object(isV4 ? "rope_scaling" : "rope_parameters") else { return [] }
        guard case let .object(pairs) = dict.node else { return [] }
        let kinds = Set(AttentionLayer.Kind.allCases.map(\.rawValue))
        let nested = !pairs.isEmpty && pairs.allSatisfy { kinds.contains($0.key) }
        var out: [Rope] = []
        var entries = [dict]
        if nested {
            entries = []
            for pair in pairs { if let entry = try dict.object(pair.key) { entries.append(entry) } }
        }
        for entry in entries {
            let raw = try entry.string(entry.has("rope_type") ? "rope_type" : "type") ?? "default"
            let type = raw == "su" ? "longrope" : raw == "mrope" ? "default" : raw
            out.append(Rope(dict: entry, type: type, rawType: raw, nested: nested, isV4: isV4))
        }
        return out
    }

    /// The GGUF context_length llama.cpp's converter writes.
    private static func llamaCppContext(_ top: ConfigObject, _ text: ConfigObject, type: String) throws(ConfigError) -> Int? {
        // text_config merged over the root (TextModel.__init__): text wins.
        func first(_ keys: [String]) throws(ConfigError) -> Int? {
            for key in keys {
                if let v = try text.int(key, in: Limits.positions) { return v }
                if let v = try top.int(key, in: Limits.positions) { return v }
            }
            return nil
        }
        // The per-architecture converters' rules are the families' (``ModelFamily/llamaCppContext``).
        if let rule = ModelFamily.of(type)?.llamaCppContext?(type) { return try first(rule.keys) ?? rule.absent }
        return try first(["max_position_embeddings", "n_ctx", "n_positions", "max_length", "max_sequence_length", "model_max_length"])
    }
}
