import Rotary

/// Reads the attention side of a config: shapes, rotary parameters per layer type, windows.
struct AttentionReader {
    let config: ConfigObject
    let modelType: String?
    let heads: Int
    let kvHeads: Int
    let headDim: Int
    let hidden: Int?
    let maxPositionEmbeddings: Int?
    let originalContext: Int?

    init(_ config: ConfigObject, modelType: String?) throws(ConfigError) {
        self.config = config
        self.modelType = modelType
        let defaults = ModelClassDefaults.of(modelType)
        guard let headsKey = config.first(["num_attention_heads", "n_head", "num_heads", "n_heads"]),
              let heads = try config.int(headsKey, in: Limits.heads) else {
            throw ConfigError(config.field("num_attention_heads"), "is required (the number of attention heads)")
        }
        self.heads = heads
        hidden = try config.int(["hidden_size", "n_embd", "d_model"], in: Limits.width)
        if let key = config.first(["head_dim", "attention_head_dim", "kv_channels"]) {
            headDim = try config.int(key, in: Limits.width)!
        } else if let fixed = defaults.headDim {
            headDim = fixed             // Qwen3, Gemma, GLM: the class fixes head_dim instead of deriving it
        } else if let hidden {
            guard hidden >= heads else {
                throw ConfigError(config.field("hidden_size"), "\(hidden) is smaller than num_attention_heads (\(heads)), so head_dim would be 0")
            }
            // HF: hidden_size // num_attention_heads, of the width the family's attention reads.
            headDim = (ModelFamily.of(modelType)?.attentionInputWidthFactor ?? 1) * hidden / heads
        } else {
            throw ConfigError(config.field("hidden_size"), "is required to derive head_dim (or give head_dim)")
        }
        let (kvHeads, kvField) = try Self.kvHeads(config, modelType: modelType, heads: heads)
        guard heads % kvHeads == 0 else {
            throw ConfigError(kvField, "\(kvHeads) does not divide num_attention_heads (\(heads))")
        }
        self.kvHeads = kvHeads
        maxPositionEmbeddings = try Self.context(config, modelType: modelType) ?? defaults.maxPositionEmbeddings
        originalContext = try config.int("original_max_position_embeddings", in: Limits.positions) ?? defaults.originalMaxPositionEmbeddings
    }

    /// Key/value heads: the family's reading (DBRX, ChatGLM), else the generic keys.
    private static func kvHeads(_ config: ConfigObject, modelType: String?, heads: Int) throws(ConfigError) -> (Int, String) {
        if let read = try ModelFamily.of(modelType)?.kvHeads?(config, heads) { return read }
        let keys = ["num_key_value_heads", "n_head_kv", "multi_query_group_num", "num_kv_heads"]
        return (try config.int(keys, in: Limits.heads) ?? heads, config.field(config.first(keys) ?? keys[0]))
    }

    /// The context the config advertises, by the family's spelling: the family's
    /// ``ModelFamily/longerContextKey`` wins over a smaller `max_position_embeddings` (Command-R).
    static func context(_ config: ConfigObject, modelType: String?) throws(ConfigError) -> Int? {
        let written = try config.int(ConfigKeys.maxPositionEmbeddings,
                                     in: Limits.positions)
        if let key = ModelFamily.of(modelType)?.longerContextKey, let longer = try config.int(key, in: Limits.positions),
           longer > written ?? 0 {
            return longer
        }
        return written
    }

    /// What a layer of a `layer_types` list holds, as transformers 5.25 names it
    /// (configuration_utils.py ALLOWED_LAYER_TYPES and its legacy remap: mamba → linear_attention,
    /// attention → full_attention).
    enum LayerSlot: Equatable {
        case attention(AttentionLayer.Kind)
        /// A recurrent block: Gated DeltaNet, KDA, lightning attention, Mamba (`linear_attention`).
        case recurrent
        /// LFM2's gated short convolution (`conv`).
        case convolution
        /// A layer with neither attention nor a recurrent block (Nemotron-H `moe`, `dense`, `sparse`).
        case mlpOnly

        static let names: [String: LayerSlot] = [
            "full_attention": .attention(.full), "sliding_attention": .attention(.sliding), "chunked_attention": .attention(.chunked),
            "indexed_attention": .attention(.indexed), "deepseek_sparse_attention": .attention(.indexed),
            "attention": .attention(.full), "linear_attention": .recurrent, "mamba": .recurrent, "conv": .convolution,
            "moe": .mlpOnly, "dense": .mlpOnly, "sparse": .mlpOnly,
        ]
    }

    /// Each layer's slot: from `layer_types` when the config writes it, else the family's pattern.
    /// A type the tool does not know is an error naming it, never read as attention.
    func layerSlots(count n: Int) throws(ConfigError) -> [LayerSlot] {
        if let types = try config.array("layer_types") {
            guard types.count == n else {
                throw ConfigError(config.field("layer_types"), "has \(types.count) entries for \(n) layers")
            }
            var slots: [LayerSlot] = []
            for (i, t) in types.enumerated() {
                guard case let .string(s) = t, let slot = LayerSlot.names[s] else {
                    let known = LayerSlot.names.keys.sorted().joined(separator: ", ")
                    let found: String
                    if case let .string(s) = t { found = "unknown layer type '\(s)'" } else { found = "expected a layer type name, found \(t.typeName)" }
                    throw ConfigError(config.field("layer_types") + "[\(i)]", "\(found) (known: \(known)); it is not counted as attention")
                }
                slots.append(slot)
            }
            return slots
        }
        if let family = ModelFamily.of(modelType), let slots = try family.layerSlots?(config, n) { return slots }
        return try layerKinds(count: n).map { .attention($0) }
    }

    /// The attention layer of each of `layerCount` layers (all of them attention layers).
    func layers(count layerCount: Int) throws(ConfigError) -> [AttentionLayer] {
        var kinds: [AttentionLayer.Kind] = []
        for (i, slot) in try layerSlots(count: layerCount).enumerated() {
            guard case let .attention(kind) = slot else {
                throw ConfigError(config.field("layer_types") + "[\(i)]", "is not an attention layer, which \(modelType ?? "this model type") does not have here")
            }
            kinds.append(kind)
        }
        return try layers(kinds: kinds)
    }

    /// The attention layers of the given kinds (NoPE and window rules applied per index).
    func layers(kinds: [AttentionLayer.Kind]) throws(ConfigError) -> [AttentionLayer] {
        let layerCount = kinds.count
        let nope = try noRopeLayers(count: layerCount, kinds: kinds)
        var perKind: [AttentionLayer.Kind: RotaryConfiguration?] = [:]
        for kind in Set(kinds) { perKind[kind] = try rotary(for: kind) }
        let mla = try latent()
        let window = try config.int("sliding_window", in: Limits.positions)
        let chunk = try config.int("attention_chunk_size", in: Limits.positions)
        let shared = try ModelFamily.of(modelType)?.cacheSharingLayers?(config) ?? 0
        var shapes: [AttentionLayer.Kind: (headDim: Int?, kvHeads: Int?)] = [:]
        for kind in Set(kinds) { shapes[kind] = try layerShape(kind) }
        guard shared < layerCount || shared == 0 else {
            throw ConfigError(config.field("num_kv_shared_layers"), "\(shared) leaves no layer of the \(layerCount) to keep a cache")
        }
        var sections: [AttentionLayer.Kind: (sections: [Int], interleaved: Bool)] = [:]
        for (kind, rotary) in perKind { if let r = rotary, let m = try multimodalSections(for: kind, rotaryDim: r.rotaryDim) { sections[kind] = m } }
        return kinds.enumerated().map { i, kind in
            var layer = AttentionLayer(kind: kind, rotary: nope.contains(i) ? nil : perKind[kind]!,
                                       window: kind == .sliding ? window : kind == .chunked ? chunk : nil,
                                       heads: heads, kvHeads: shapes[kind]?.kvHeads ?? kvHeads, headDim: mla?.qkHeadDim ?? shapes[kind]?.headDim ?? headDim,
                                       valueHeadDim: mla?.valueHeadDim, latentCacheWidth: mla?.cacheWidth)
            if layer.rotary != nil, let m = sections[kind] { (layer.multimodalSections, layer.multimodalInterleaved) = (m.sections, m.interleaved) }
            layer.reusesCache = i >= layerCount - shared
            return layer
        }
    }

    /// One full-attention layer with the model's rotary parameters: the shared attention block
    /// of hybrids whose layer list names block types rather than attention types.
    func sharedLayer() throws(ConfigError) -> AttentionLayer {
        let mla = try latent()
        return AttentionLayer(kind: .full, rotary: try rotary(for: .full), window: nil, heads: heads, kvHeads: kvHeads,
                              headDim: mla?.qkHeadDim ?? headDim, valueHeadDim: mla?.valueHeadDim, latentCacheWidth: mla?.cacheWidth)
    }

    // MARK: layer types

    private func layerKinds(count n: Int) throws(ConfigError) -> [AttentionLayer.Kind] {
        let type = modelType ?? ""
        // The family's pattern (Gemma-2/3, EXAONE 4, Cohere2); a `rope_local_base_freq` is Gemma-3's.
        let family = config.has("rope_local_base_freq") ? .gemma3 : ModelFamily.of(type)?.windowPattern?(type)
        if let pattern = family, !pattern.needsWindow || config.has("sliding_window") {
            var interval = pattern.interval
            if let key = pattern.intervalKey, let written = try config.int(key, in: 1...Limits.layers.upperBound) { interval = written }
            return (0..<n).map { ($0 + 1) % interval == 0 ? .full : .sliding }
        }
        guard config.has("sliding_window"), try config.bool("use_sliding_window") ?? true else {
            return Array(repeating: .full, count: n)
        }
        if try config.bool("use_sliding_window") == true, let first = try config.int("max_window_layers", in: 0...Limits.layers.upperBound) {
            return (0..<n).map { $0 >= first ? .sliding : .full }      // HF Qwen2
        }
        return Array(repeating: .sliding, count: n)
    }

    /// Layers that apply no rotation although the model has rotary parameters.
    private func noRopeLayers(count n: Int, kinds: [AttentionLayer.Kind]) throws(ConfigError) -> Set<Int> {
        let type = modelType ?? ""
        if let rule = ModelFamily.of(type)?.noRopeLayers, rule != .notRead {
            let rope = try ModelFamily.ropeUsingLayers(config, count: n, rule: rule)
            return Set((0..<n).filter { !rope[$0] })
        }
        // The family's global NoPE (EXAONE 4, Command-R7B): with a sliding window, RoPE is applied
        // only in sliding layers.
        if ModelFamily.of(type)?.windowPattern?(type)?.globalNoPE == true, config.has("sliding_window") {
            return Set((0..<n).filter { kinds[$0] != .sliding })
        }
        return []
    }

    // MARK: rotary parameters

    private struct Latent { var qkHeadDim: Int; var valueHeadDim: Int; var cacheWidth: Int?; var ropeHeadDim: Int }

    /// DeepSeek MLA: only qk_rope_head_dim components of each head are rotated.
    private func latent() throws(ConfigError) -> Latent? {
        guard let rope = try config.int("qk_rope_head_dim", in: Limits.width) else { return nil }
        let nope = try config.int("qk_nope_head_dim", in: 0...Limits.width.upperBound) ?? 0
        let value = try config.int("v_head_dim", in: Limits.width)
        let rank = try config.int("kv_lora_rank", in: Limits.width)
        return Latent(qkHeadDim: nope + rope, valueHeadDim: value ?? nope + rope, cacheWidth: rank.map { $0 + rope }, ropeHeadDim: rope)
    }

    /// Where the rope dictionary lives and whether it is nested by layer type.
    private func ropeSource() throws(ConfigError) -> (dict: ConfigObject?, nested: Bool) {
        let dict = try config.object(config.has("rope_parameters") ? "rope_parameters" : "rope_scaling")
        guard let dict, case let .object(pairs) = dict.node else { return (nil, false) }
        let kinds = Set(AttentionLayer.Kind.allCases.map(\.rawValue))
        let nested = !pairs.isEmpty && pairs.contains { kinds.contains($0.key) } && pairs.allSatisfy { pair in
            if case .object = pair.value { return true }
            return pair.value.isNull
        }
        return (dict, nested)
    }

    /// The rotary configuration of a layer type, nil for a model without rotary embeddings or
    /// a v5 nested entry that is null.
    func rotary(for kind: AttentionLayer.Kind) throws(ConfigError) -> RotaryConfiguration? {
        if ModelFamily.of(modelType)?.positionScheme != nil { return nil }
        if let rotates = ModelFamily.of(modelType)?.rotates, try !rotates(config) { return nil }
        let source = try ropeSource()
        var dict = source.dict
        if source.nested {
            guard let entry = try source.dict!.object(kind.rawValue) else {
                if source.dict!.has(kind.rawValue) { return nil }     // explicit null: a NoPE layer type
                throw ConfigError(source.dict!.field(kind.rawValue), "has no rope parameters for \(kind.rawValue) layers")
            }
            dict = entry
        }
        let defaults = ModelClassDefaults.of(modelType)
        var (base, baseField) = try self.base(dict, defaults: defaults)
        var scaling = try RopeReader.scaling(dict, topLevelOriginal: originalContext, maxPositionEmbeddings: maxPositionEmbeddings,
                                             readsLegacyType: ModelFamily.of(modelType)?.readsOnlyRopeType?(modelType ?? "") != true,
                                             readsAlpha: ModelFamily.of(modelType)?.readsAlpha ?? false)
        if dict == nil, let ratio = try config.double("rope_condense_ratio"), ratio != 1 {
            guard ratio > 1 else { throw ConfigError(config.field("rope_condense_ratio"), "must be at least 1, got \(ratio)") }
            // FastChat / LitGPT: positions divided by the ratio, i.e. linear interpolation
            // (llama_condense_monkey_patch.py; transformers ignores the key, which the lint says).
            scaling = .linear(factor: ratio)
        }
        if !source.nested, kind == .sliding, ModelFamily.of(modelType)?.scalesFullLayersOnly == true { scaling = .none }
        // Gemma-3 before v5: sliding layers use rope_local_base_freq and no scaling.
        if !source.nested, kind == .sliding, let local = try config.double("rope_local_base_freq") {
            base = local; baseField = config.field("rope_local_base_freq"); scaling = .none
        }
        let mla = try latent()
        var ropeHead = headDim
        if let m = mla { ropeHead = m.ropeHeadDim } else if let own = try layerShape(kind).headDim { ropeHead = own }
        let rotaryDim: Int
        if let explicit = try config.int("rotary_dim", in: Limits.width) {
            rotaryDim = explicit
        } else {
            let key = dict?.has("partial_rotary_factor") == true ? dict!.field("partial_rotary_factor")
                : config.first(["partial_rotary_factor", "rotary_pct"]).map(config.field) ?? config.field("partial_rotary_factor")
            var p = try dict?.double("partial_rotary_factor")
            if p == nil { p = try config.double(["partial_rotary_factor", "rotary_pct"]) }
            // ChatGLM and GLM rotate half of each head (GlmConfig's default 0.5; remote
            // modeling_chatglm.py rotary_dim // 2), as do the other classes that set a default.
            let factor = p ?? defaults.partialRotaryFactor ?? 1
            guard factor > 0, factor <= 1 else { throw ConfigError(key, "must be in (0, 1], got \(factor)") }
            rotaryDim = RotaryConfiguration.rotaryDim(headDim: ropeHead, partialRotaryFactor: factor)
        }
        let rotary = RotaryConfiguration(base: base, headDim: ropeHead, rotaryDim: rotaryDim, scaling: scaling,
                                         maxPositionEmbeddings: maxPositionEmbeddings)
        do {
            _ = try rotary.spectrum()
        } catch {
            throw translate(error, ropePath: dict?.path ?? config.field("rope_scaling"), baseField: baseField)
        }
        return rotary
    }

    /// A layer type's own head dimension and K/V heads (Gemma 4's global layers), nil fields for the model's.
    private func layerShape(_ kind: AttentionLayer.Kind) throws(ConfigError) -> (headDim: Int?, kvHeads: Int?) {
        guard let shape = try ModelFamily.of(modelType)?.layerShape?(config, kind) else { return (nil, nil) }
        if let kv = shape.kvHeads, heads % kv != 0 {
            throw ConfigError(config.field("num_global_key_value_heads"), "\(kv) does not divide num_attention_heads (\(heads))")
        }
        return shape
    }

    /// Multimodal RoPE's `mrope_section` (Qwen2-VL `rope_scaling`, Qwen3-VL / Qwen3.5 `rope_parameters`):
    /// the channels of the temporal, height and width position ids, which must cover the rotary
    /// half-dimension exactly (transformers' `apply_multimodal_rotary_pos_emb` splits the d/2
    /// frequencies by these sizes; modeling_qwen3_vl.py `apply_interleaved_mrope` for `mrope_interleaved`).
    private func multimodalSections(for kind: AttentionLayer.Kind, rotaryDim: Int) throws(ConfigError) -> (sections: [Int], interleaved: Bool)? {
        let source = try ropeSource()
        var dict = source.dict
        if source.nested { dict = try source.dict!.object(kind.rawValue) }
        guard let dict, let list = try dict.array("mrope_section") else { return nil }
        var sections: [Int] = []
        for (i, v) in list.enumerated() {
            let x = try ConfigObject.number(v, dict.field("mrope_section") + "[\(i)]")
            guard x == x.rounded(), x >= 1, x <= Double(Limits.width.upperBound) else {
                throw ConfigError(dict.field("mrope_section") + "[\(i)]", "must be a positive whole number of channels, got \(ConfigObject.format(x))")
            }
            sections.append(Int(x))
        }
        guard !sections.isEmpty, sections.reduce(0, +) == rotaryDim / 2 else {
            throw ConfigError(dict.field("mrope_section"), "sums to \(sections.reduce(0, +)), but the rotary half-dimension is \(rotaryDim / 2) (the sections split the \(rotaryDim / 2) frequencies among the position axes)")
        }
        var interleaved = try dict.bool("mrope_interleaved")
        if interleaved == nil { interleaved = try dict.bool("interleaved") }
        return (sections, interleaved ?? false)
    }

    /// The rotary base and the field it was read from: the rope dictionary's, the top-level one,
    /// the family's own (``ModelFamily/ropeBase``: DBRX, ChatGLM), or the model class default.
    private func base(_ dict: ConfigObject?, defaults: ModelClassDefaults) throws(ConfigError) -> (Double, String) {
        if let d = dict, let b = try d.double("rope_theta") { return (b, d.field("rope_theta")) }
        if let key = config.first(ConfigKeys.ropeTheta) { return (try config.double(key)!, config.field(key)) }
        if let read = try ModelFamily.of(modelType)?.ropeBase?(config) { return read }
        return (defaults.ropeTheta, config.field("rope_theta"))
    }

    /// Maps a Rotary error (named by HF keys) to the config path that holds the value.
    private func translate(_ error: RotaryError, ropePath: String, baseField: String) -> ConfigError {
        switch error.parameter {
        case .ropeTheta: return ConfigError(baseField, error.problem)
        case let .scaling(key): return ConfigError(ropePath + "." + key.hfKey, error.problem)
        case .rotaryDim: return ConfigError(config.field("head_dim"), "the rotary dimension " + error.problem)
        case .headDim, .sequenceLength, .maxPositionEmbeddings: return ConfigError(config.field(error.parameter.hfKey), error.problem)
        }
    }
}
