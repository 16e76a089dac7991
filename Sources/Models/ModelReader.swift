import Rotary

/// Reads a Hugging Face `config.json` (any of the schema variants in `Guides/Models.md`) into a
/// ``ModelDescription``.
public enum ModelReader {
    /// Parses and reads config text. Errors name the field: ``ConfigError``.
    public static func read(text: String, name: String) throws(ConfigError) -> ModelDescription {
        let root: JSONNode
        do { root = try JSONParser.parse(text) } catch { throw ConfigError("", error.description) }
        return try read(root, name: name)
    }

    public static func read(_ root: JSONNode, name: String) throws(ConfigError) -> ModelDescription {
        guard case .object = root else {
            throw ConfigError("", "a config must be a JSON object, found \(root.typeName)")
        }
        let top = try ConfigObject(root, path: "")
        let text = try top.object("text_config") ?? top
        // Values under text_config win; the wrapper may carry model_type and dtype for both.
        var modelType = try text.string("model_type")
        if modelType == nil { modelType = try top.string("model_type") }
        var dtypeName = try text.string(["torch_dtype", "dtype"])
        if dtypeName == nil { dtypeName = try top.string(["torch_dtype", "dtype"]) }
        let displayName = try top.string("_name_or_path") ?? name

        var description = ModelDescription(name: displayName, modelType: modelType, dtypeName: dtypeName,
                                           dtype: dtypeName.flatMap(FloatFormat.named), advertisedContext: nil,
                                           originalContext: nil, hiddenSize: nil, layers: [], positionScheme: .rope)
        let type = modelType ?? ""
        if modelType == nil, text.has("d_model"), text.has("n_layer") {
            try readMambaSSM(text, into: &description)
        } else if let own = ModelFamily.of(type)?.recurrentModel {     // Mamba, Mamba-2, RWKV
            let model = try own(text, type)
            description.layers = model.layers
            description.hiddenSize = model.hiddenSize
            description.advertisedContext = model.context
            description.positionScheme = .none
        } else {
            try readAttentionModel(text, type: type, into: &description)
        }
        guard !description.layers.isEmpty else { throw ConfigError(text.field("num_hidden_layers"), "the model has no layers") }
        return description
    }

    static func layerCount(_ c: ConfigObject) throws(ConfigError) -> Int {
        guard let key = c.first(["num_hidden_layers", "n_layer", "num_layers", "n_layers"]), let n = try c.int(key, in: Limits.layers) else {
            throw ConfigError(c.field("num_hidden_layers"), "is required (the number of layers)")
        }
        return n
    }

    /// Transformers, and the hybrids whose layers are attention, recurrent or both.
    private static func readAttentionModel(_ c: ConfigObject, type: String, into d: inout ModelDescription) throws(ConfigError) {
        let reader = try AttentionReader(c, modelType: type)
        d.hiddenSize = reader.hidden
        d.advertisedContext = reader.maxPositionEmbeddings
        let layers: [LayerDescription]
        let family = ModelFamily.of(type)
        if let own = family?.layerList {
            layers = try own(c, reader)
        } else {
            let slots = try reader.layerSlots(count: try layerCount(c))
            if slots.allSatisfy({ if case .attention = $0 { return true } else { return false } }) {
                layers = try reader.layers(count: slots.count).map { LayerDescription(attention: $0) }
            } else {
                layers = try hybridLayers(c, slots: slots, reader: reader, type: type)
            }
        }
        d.layers = layers
        d.positionScheme = family?.positionScheme ?? (layers.contains { $0.attention?.rotary != nil } ? .rope : .nope)
        d.originalContext = layers.lazy.compactMap { $0.attention?.rotary?.scaling.originalMaxPositionEmbeddings }.first ?? reader.originalContext
    }

    /// Layers of a `layer_types` list that mixes attention with recurrent (Gated DeltaNet, KDA,
    /// lightning attention, Mamba-2), convolution (LFM2) or MLP-only layers: each attention layer
    /// read as in a transformer, each other layer given its family's block and no rotation.
    private static func hybridLayers(_ c: ConfigObject, slots: [AttentionReader.LayerSlot], reader: AttentionReader,
                                     type: String) throws(ConfigError) -> [LayerDescription] {
        var kinds: [AttentionLayer.Kind] = []
        for slot in slots { if case let .attention(kind) = slot { kinds.append(kind) } }
        var attention = try reader.layers(kinds: kinds)[...]
        var recurrent: RecurrentBlock?
        if slots.contains(.recurrent) {
            guard let read = ModelFamily.of(type)?.recurrentBlock else {
                throw ConfigError(c.field("layer_types"), "has linear_attention layers, but \(type.isEmpty ? "a config without model_type" : "model_type '\(type)'") has no recurrent block this tool knows (known: \(ModelFamily.recurrentFamilies))")
            }
            recurrent = try read(c)
        }
        let convolution: RecurrentBlock? = slots.contains(.convolution) ? .shortConvolution(try ModelFamily.lfm2Convolution(c)) : nil
        return slots.map { slot in
            switch slot {
            case .attention: return LayerDescription(attention: attention.popFirst())
            case .recurrent: return LayerDescription(recurrent: recurrent)
            case .convolution: return LayerDescription(recurrent: convolution)
            case .mlpOnly: return LayerDescription()
            }
        }
    }

    static func blockTypes(_ c: ConfigObject, key: String, allowed: [String]) throws(ConfigError) -> [String] {
        guard let items = try c.array(key), !items.isEmpty else { throw ConfigError(c.field(key), "is required (the layer types)") }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case let .string(s) = item, allowed.contains(s) else {
                throw ConfigError(c.field(key) + "[\(i)]", "expected one of \(allowed.joined(separator: ", "))")
            }
            out.append(s)
        }
        return out
    }

    /// `mamba_ssm` checkpoints (`state-spaces/mamba-*`, `mamba2-*`): Mamba blocks, with attention
    /// on `attn_layer_idx` (MHA with `attn_cfg`: num_heads, head_dim, rotary_emb_dim, rotary_emb_base).
    private static func readMambaSSM(_ c: ConfigObject, into d: inout ModelDescription) throws(ConfigError) {
        let n = try c.int("n_layer", in: Limits.layers)!
        let block = try RecurrentReader.mambaSSM(c)
        let dModel = try c.int("d_model", in: Limits.width)!
        var layers = Array(repeating: LayerDescription(recurrent: block), count: n)
        var attentionIndices: [Int] = []
        for (i, item) in (try c.array("attn_layer_idx") ?? []).enumerated() {
            let v = try ConfigObject.number(item, c.field("attn_layer_idx") + "[\(i)]")
            guard v == v.rounded(), v >= 0, v < Double(n) else {
                throw ConfigError(c.field("attn_layer_idx") + "[\(i)]", "must be a layer index in 0…\(n - 1), got \(v)")
            }
            attentionIndices.append(Int(v))
        }
        if !attentionIndices.isEmpty {
            guard let cfg = try c.object("attn_cfg") else { throw ConfigError(c.field("attn_cfg"), "is required with attn_layer_idx") }
            let heads = try cfg.int("num_heads", in: Limits.heads) ?? 1
            let headDim = try cfg.int("head_dim", in: Limits.width) ?? dModel / heads
            let rotaryDim = try cfg.int("rotary_emb_dim", in: 0...Limits.width.upperBound) ?? 0
            let base = try cfg.double("rotary_emb_base") ?? 10_000
            let rotary = rotaryDim > 0 ? RotaryConfiguration(base: base, headDim: headDim, rotaryDim: rotaryDim) : nil
            if let rotary {
                do { _ = try rotary.spectrum() } catch { throw ConfigError(cfg.field(error.parameter == .ropeTheta ? "rotary_emb_base" : "rotary_emb_dim"), error.problem) }
            }
            let attention = AttentionLayer(kind: .full, rotary: rotary, window: nil, heads: heads,
                                           kvHeads: try cfg.int("num_heads_kv", in: Limits.heads) ?? heads, headDim: headDim)
            for i in attentionIndices { layers[i] = LayerDescription(attention: attention) }
        }
        d.layers = layers
        d.hiddenSize = dModel
        d.positionScheme = layers.contains { $0.attention?.rotary != nil } ? .rope : .none
    }
}
