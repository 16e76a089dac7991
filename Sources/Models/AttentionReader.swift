import Rotary

/// Reads the attention side of a config: shapes, rotary parameters per layer type, windows.
struct AttentionReader {
    /// Model types whose attention has no rotary embedding, and how they encode position.
    static let nonRotary: [String: PositionScheme] = [
        "gpt2": .learned, "gpt_bigcode": .learned, "opt": .learned, "bert": .learned, "roberta": .learned,
        "bloom": .alibi, "mpt": .alibi, "jamba": .none, "nemotron_h": .none,
    ]

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
        guard let headsKey = config.first(["num_attention_heads", "n_head", "num_heads"]),
              let heads = try config.int(headsKey, in: Limits.heads) else {
            throw ConfigError(config.field("num_attention_heads"), "is required (the number of attention heads)")
        }
        self.heads = heads
        hidden = try config.int(["hidden_size", "n_embd", "d_model"], in: Limits.width)
        if let key = config.first(["head_dim", "attention_head_dim", "kv_channels"]) {
            headDim = try config.int(key, in: Limits.width)!
        } else if let hidden {
            guard hidden >= heads else {
                throw ConfigError(config.field("hidden_size"), "\(hidden) is smaller than num_attention_heads (\(heads)), so head_dim would be 0")
            }
            // HF: hidden_size // num_attention_heads; Zamba2's shared attention reads the
            // concatenation of the hidden state and the input embedding, so twice that.
            headDim = (modelType == "zamba2" ? 2 * hidden : hidden) / heads
        } else {
            throw ConfigError(config.field("hidden_size"), "is required to derive head_dim (or give head_dim)")
        }
        let kvKey = config.first(["num_key_value_heads", "n_head_kv", "multi_query_group_num", "num_kv_heads"])
        kvHeads = try config.int(["num_key_value_heads", "n_head_kv", "multi_query_group_num", "num_kv_heads"], in: Limits.heads) ?? heads
        guard heads % kvHeads == 0 else {
            throw ConfigError(config.field(kvKey ?? "num_key_value_heads"), "\(kvHeads) does not divide num_attention_heads (\(heads))")
        }
        maxPositionEmbeddings = try config.int(["max_position_embeddings", "n_positions", "max_sequence_length", "seq_length"],
                                               in: Limits.positions)
        originalContext = try config.int("original_max_position_embeddings", in: Limits.positions)
    }

    /// The attention layer of each of `layerCount` layers (all of them attention layers).
    func layers(count layerCount: Int) throws(ConfigError) -> [AttentionLayer] {
        let kinds = try layerKinds(count: layerCount)
        let nope = try noRopeLayers(count: layerCount)
        var perKind: [AttentionLayer.Kind: RotaryConfiguration?] = [:]
        for kind in Set(kinds) { perKind[kind] = try rotary(for: kind) }
        let mla = try latent()
        let window = try config.int("sliding_window", in: Limits.positions)
        let chunk = try config.int("attention_chunk_size", in: Limits.positions)
        return kinds.enumerated().map { i, kind in
            AttentionLayer(kind: kind, rotary: nope.contains(i) ? nil : perKind[kind]!,
                           window: kind == .sliding ? window : kind == .chunked ? chunk : nil,
                           heads: heads, kvHeads: kvHeads, headDim: mla?.qkHeadDim ?? headDim,
                           valueHeadDim: mla?.valueHeadDim, latentCacheWidth: mla?.cacheWidth)
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
        if let types = try config.array("layer_types") {
            guard types.count == n else {
                throw ConfigError(config.field("layer_types"), "has \(types.count) entries for \(n) layers")
            }
            var kinds: [AttentionLayer.Kind] = []
            for (i, t) in types.enumerated() {
                guard case let .string(s) = t, let kind = AttentionLayer.Kind(rawValue: s) else {
                    throw ConfigError(config.field("layer_types") + "[\(i)]", "expected one of \(AttentionLayer.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kinds.append(kind)
            }
            return kinds
        }
        let type = modelType ?? ""
        if type.hasPrefix("gemma3") || config.has("rope_local_base_freq") {
            // HF Gemma-3: layer i is global iff (i + 1) % sliding_window_pattern == 0.
            let pattern = try config.int("sliding_window_pattern", in: 1...Limits.layers.upperBound) ?? 6
            return (0..<n).map { ($0 + 1) % pattern == 0 ? .full : .sliding }
        }
        if type == "gemma2" {
            return (0..<n).map { ($0 + 1) % 2 == 0 ? .full : .sliding }
        }
        if type.hasPrefix("llama4") {
            let rope = try ropeUsingLayers(count: n)
            let chunked = config.has("attention_chunk_size")
            return (0..<n).map { rope[$0] && chunked ? .chunked : .full }
        }
        guard config.has("sliding_window"), try config.bool("use_sliding_window") ?? true else {
            return Array(repeating: .full, count: n)
        }
        if try config.bool("use_sliding_window") == true, let first = try config.int("max_window_layers", in: 0...Limits.layers.upperBound) {
            return (0..<n).map { $0 >= first ? .sliding : .full }      // HF Qwen2
        }
        return Array(repeating: .sliding, count: n)
    }

    /// Llama-4 `no_rope_layers`: 1 = the layer uses RoPE, 0 = NoPE; by default every
    /// `no_rope_layer_interval`-th layer (4) is NoPE.
    private func ropeUsingLayers(count n: Int) throws(ConfigError) -> [Bool] {
        if let list = try config.array("no_rope_layers"), !list.isEmpty {
            guard list.count >= n else { throw ConfigError(config.field("no_rope_layers"), "has \(list.count) entries for \(n) layers") }
            var out: [Bool] = []
            for i in 0..<n {
                let v = try ConfigObject.number(list[i], config.field("no_rope_layers") + "[\(i)]")
                guard v == 0 || v == 1 else { throw ConfigError(config.field("no_rope_layers") + "[\(i)]", "must be 0 or 1, got \(v)") }
                out.append(v == 1)
            }
            return out
        }
        let interval = try config.int("no_rope_layer_interval", in: 1...Limits.layers.upperBound) ?? 4
        return (0..<n).map { ($0 + 1) % interval != 0 }
    }

    private func noRopeLayers(count n: Int) throws(ConfigError) -> Set<Int> {
        guard (modelType ?? "").hasPrefix("llama4") else { return [] }
        let rope = try ropeUsingLayers(count: n)
        return Set((0..<n).filter { !rope[$0] })
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
        if Self.nonRotary[modelType ?? ""] != nil { return nil }
        let source = try ropeSource()
        var dict = source.dict
        if source.nested {
            guard let entry = try source.dict!.object(kind.rawValue) else {
                if source.dict!.has(kind.rawValue) { return nil }     // explicit null: a NoPE layer type
                throw ConfigError(source.dict!.field(kind.rawValue), "has no rope parameters for \(kind.rawValue) layers")
            }
            dict = entry
        }
        var baseField = config.field("rope_theta")
        var base = 10_000.0
        if let d = dict, let b = try d.double("rope_theta") {
            base = b; baseField = d.field("rope_theta")
        } else if let key = config.first(["rope_theta", "rotary_emb_base"]) {
            base = try config.double(key)!; baseField = config.field(key)
        }
        var scaling = try RopeReader.scaling(dict, topLevelOriginal: originalContext, maxPositionEmbeddings: maxPositionEmbeddings)
        // Gemma-3 before v5: sliding layers use rope_local_base_freq and no scaling.
        if !source.nested, kind == .sliding, let local = try config.double("rope_local_base_freq") {
            base = local; baseField = config.field("rope_local_base_freq"); scaling = .none
        }
        let mla = try latent()
        let ropeHead = mla?.ropeHeadDim ?? headDim
        let rotaryDim: Int
        if let explicit = try config.int("rotary_dim", in: Limits.width) {
            rotaryDim = explicit
        } else {
            let key = dict?.has("partial_rotary_factor") == true ? dict!.field("partial_rotary_factor")
                : config.first(["partial_rotary_factor", "rotary_pct"]).map(config.field) ?? config.field("partial_rotary_factor")
            var p = try dict?.double("partial_rotary_factor")
            if p == nil { p = try config.double(["partial_rotary_factor", "rotary_pct"]) }
            let factor = p ?? 1
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
