/// Lint of a config.json: what the stacks that load the file warn about, ignore, default or read
/// differently (``LintRule`` names each rule and the source line it mirrors). It runs on a config the
/// reader accepted; a config the reader refuses gets an error naming the field instead.
public enum ConfigLint {
    /// The warnings of a parsed config, in a fixed order (rope dictionaries first, then defaults,
    /// then the stacks). The lint also runs on a config the reader refuses (it then says what the
    /// stacks would warn about before the reader's error); a value of the wrong JSON type ends only
    /// the checks that read it.
    ///
    /// - Complexity: O(size of the config).
    public static func warnings(_ root: JSONNode) -> [ConfigWarning] {
        (try? collect(root)) ?? []
    }

    private static func collect(_ root: JSONNode) throws(ConfigError) -> [ConfigWarning] {
        let model = try? ModelReader.read(root, name: "")
        let top = try ConfigObject(root, path: "")
        let text = try top.object("text_config") ?? top
        var modelType = try text.string("model_type")
        if modelType == nil { modelType = try top.string("model_type") }
        let type = modelType ?? ""
        let defaults = ModelClassDefaults.of(modelType)
        let family = ModelFamily.of(modelType)
        let readsOnlyRopeType = family?.readsOnlyRopeType?(type) == true
        guard (model?.rotaryLayerCount ?? 0) > 0 || text.has("rope_scaling") || text.has("rope_parameters") else { return [] }

        let mpe = try AttentionReader.context(text, modelType: modelType) ?? defaults.maxPositionEmbeddings
        let topOriginal = try text.int("original_max_position_embeddings", in: Limits.positions) ?? defaults.originalMaxPositionEmbeddings
        let heads = try text.int(["num_attention_heads", "n_head", "num_heads", "n_heads"], in: Limits.heads)
        let hidden = try text.int(["hidden_size", "n_embd", "d_model"], in: Limits.width)
        let headDim = try text.int("head_dim", in: Limits.width) ?? defaults.headDim ?? heads.flatMap { h in hidden.map { $0 / h } }
        var out: [ConfigWarning] = []
        func warn(_ rule: LintRule, _ field: String, _ message: String) { out.append(ConfigWarning(rule, field, message)) }

        // Rope dictionaries.
        let ropes = try ServingStacks.ropeDictionaries(text)
        for rope in ropes {
            out += (try? RopeLint(dict: rope.dict, text: text, maxPositionEmbeddings: mpe, topLevelOriginal: topOriginal, headDim: headDim,
                                ignoredKeys: RopeLint.ignoredKeys(modelType: type), readsLegacyType: !readsOnlyRopeType).warnings()) ?? []
        }
        if text.has("rope_scaling"), text.has("rope_parameters") {
            warn(.bothRopeDictionaries, text.field("rope_scaling"), "config.json holds both rope_scaling and rope_parameters; transformers v5 uses rope_scaling")
        }
        if readsOnlyRopeType, let scaling = try text.object("rope_scaling"), scaling.has("type"), !scaling.has("rope_type") {
            warn(.gemma3LegacyType, scaling.field("type"), "Gemma-3 reads only rope_type: with the legacy 'type' key transformers (and this tool) leave the global layers unscaled")
        }

        // Values the file does not hold.
        let rotaryLayers = model?.layers.compactMap { $0.attention?.rotary } ?? []
        if let flat = ropes.first, !flat.nested, let inDict = try flat.dict.double("rope_theta"), let outside = try text.double("rope_theta"), inDict != outside {
            warn(.ropeThetaTwice, flat.dict.field("rope_theta"), "\(ConfigObject.format(inDict)) differs from the top-level rope_theta (\(ConfigObject.format(outside))); transformers uses the dictionary's")
        }
        let familyTheta = try family?.writesRopeBase?(text) == true
        let thetaWritten = ConfigKeys.ropeTheta.contains(where: text.has) || ropes.contains { $0.dict.has("rope_theta") }
            || familyTheta || text.has("rope_local_base_freq")
        // Only where a tool can get it wrong: a class default other than the usual fallback 10000, or a
        // model type whose class this tool does not know.
        let knownClass = ModelClassDefaults.isKnown(modelType)
        if !rotaryLayers.isEmpty, !thetaWritten, defaults.ropeTheta != 10_000 || !knownClass {
            warn(.ropeThetaMissing, text.field("rope_theta"), knownClass
                 ? "is absent: the \(type) class uses \(ConfigObject.format(defaults.ropeTheta)); tools that read getattr(config, \"rope_theta\", 10000) use 10000 instead"
                 : "is absent and the model type '\(type)' is not one this tool knows the defaults of: 10000 assumed (transformers' mixin default), which its class may override")
        }
        if let fixed = defaults.headDim, !text.has("head_dim"), let heads, let hidden, hidden / heads != fixed {
            warn(.classDefaultHeadDim, text.field("head_dim"), "is absent: the \(type) class uses \(fixed), not hidden_size / num_attention_heads = \(hidden / heads)")
        }
        let prfWritten = text.has("partial_rotary_factor") || text.has("rotary_pct") || text.has("rotary_dim") || ropes.contains { $0.dict.has("partial_rotary_factor") }
        if let p = defaults.partialRotaryFactor, p < 1, !prfWritten, let rotary = rotaryLayers.first {
            warn(.classDefaultPartialRotary, text.field("partial_rotary_factor"), "is absent: the \(type) class rotates \(ConfigObject.format(p)) of each head (rotary_dim \(rotary.rotaryDim) of \(rotary.headDim)); a tool reading config.json alone rotates the whole head")
        }
        var writtenPartial = try text.double("partial_rotary_factor")
        if writtenPartial == nil, let flat = ropes.first { writtenPartial = try flat.dict.double("partial_rotary_factor") }
        if defaults.ignoresPartialRotary, let p = writtenPartial, p < 1 {
            warn(.partialRotaryIgnored, text.field("partial_rotary_factor"), "\(ConfigObject.format(p)): transformers' default RoPE for \(type) ignores it and rotates the whole head; this tool rotates \(ConfigObject.format(p)) of it")
        }

        // Families, and the stacks.
        out += try family?.lintWarnings?(text, type, rotaryLayers.first) ?? []   // GPT-NeoX, DBRX, ChatGLM, Command-R
        if let ratio = try text.double("rope_condense_ratio"), ratio != 1 {
            warn(.condenseRatio, text.field("rope_condense_ratio"), ropes.isEmpty
                 ? "FastChat/LitGPT linear interpolation by \(ConfigObject.format(ratio)); transformers and vLLM ignore this key and run the model unscaled (this tool reads it as linear ×\(ConfigObject.format(ratio)))"
                 : "is ignored: the rope dictionary sets the scaling (transformers and vLLM ignore rope_condense_ratio)")
        }
        if family?.windowPattern?(type)?.globalNoPE == true, text.has("sliding_window"), let model {   // EXAONE 4, Cohere2
            let global = model.layers.indices.filter { model.layers[$0].attention != nil && model.layers[$0].attention?.rotary == nil }
            if !global.isEmpty {
                warn(.globalNoPE, text.field("sliding_window"), "the \(global.count) global layers (\(Self.indexList(global))) use no positional encoding; RoPE applies only to the sliding layers, whose span is the window")
            }
        }
        guard let stacks = try? ServingStacks.derive(root) else { return out }
        if let flat = ropes.first, !flat.nested, ["linear", "dynamic"].contains(flat.type), let f = try flat.dict.double("factor"), f > 1,
           let l0 = try flat.dict.int("original_max_position_embeddings", in: Limits.positions) ?? topOriginal, let m = mpe, Double(m) >= Double(l0) * f {
            warn(.doubleScaling, text.field("max_position_embeddings"), "\(m) already includes the factor (\(l0) × \(ConfigObject.format(f))); vLLM multiplies it by the factor again and derives \(stacks.vllmCeiling.map(String.init) ?? "more")")
        }
        if stacks.disagreement {
            func n(_ x: Int?) -> String { x.map(String.init) ?? "—" }
            warn(.stacksDisagree, text.field("max_position_embeddings"), "the serving stacks derive different contexts: transformers \(n(stacks.transformers)), vLLM \(n(stacks.vllm))"
                 + (stacks.vllmCeiling != stacks.vllm ? " (accepting up to \(n(stacks.vllmCeiling)))" : "") + ", llama.cpp \(n(stacks.llamaCpp)) tokens")
        }
        return out
    }

    static func indexList(_ xs: [Int]) -> String {
        xs.count <= 8 ? xs.map(String.init).joined(separator: ", ") : xs.prefix(6).map(String.init).joined(separator: ", ") + ", …, \(xs.last!)"
    }
}
