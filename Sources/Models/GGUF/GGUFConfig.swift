import Foundation

/// A GGUF file's metadata as the config.json keys the reader knows, read the way llama.cpp reads
/// them (`src/llama-model.cpp` `load_hparams`): `{arch}.context_length` is max_position_embeddings
/// (n_ctx_train), `rope.freq_base` the base (10000 when absent), `rope.dimension_count` the
/// rotary dimension, `attention.key_length` the head dimension, `rope.scaling.type` with `factor`
/// and `original_context_length` the scaling (linear when a factor is given without a type).
/// Gemma-2 and Gemma-3 take llama.cpp's fixed layer patterns (every 2nd and every 6th layer
/// global) and Gemma-3's sliding base 10000; other architectures may give
/// `attention.sliding_window_pattern` (a count or one flag per layer).
///
/// Tensors are never read, so what llama.cpp keeps in tensors is not seen: Llama-3's frequency
/// factors (`rope_freqs`) and LongRoPE's short and long factors (`rope_factors_*`). Such a file is
/// checked with the unscaled spectrum of its metadata and says so (``notes``).
public enum GGUFConfig {
    /// config.json key → the GGUF key it was read from, for error messages.
    static func sources(arch: String) -> [String: String] {
        [
            "max_position_embeddings": "\(arch).context_length", "hidden_size": "\(arch).embedding_length",
            "num_hidden_layers": "\(arch).block_count", "num_attention_heads": "\(arch).attention.head_count",
            "num_key_value_heads": "\(arch).attention.head_count_kv", "head_dim": "\(arch).attention.key_length",
            "rotary_dim": "\(arch).rope.dimension_count", "rope_theta": "\(arch).rope.freq_base",
            "rope_scaling.factor": "\(arch).rope.scaling.factor", "rope_scaling.rope_type": "\(arch).rope.scaling.type",
            "rope_scaling.original_max_position_embeddings": "\(arch).rope.scaling.original_context_length",
            "sliding_window": "\(arch).attention.sliding_window", "layer_types": "\(arch).attention.sliding_window_pattern",
        ]
    }

    /// The document of a GGUF file: its metadata as config.json keys.
    public static func document(path: String) throws(ConfigError) -> ConfigDocument {
        let metadata: GGUFMetadata
        do { metadata = try GGUFMetadata.read(path: path) } catch { throw ConfigError("", "malformed GGUF at \(error)") }
        let (root, notes, arch) = try config(metadata)
        let name = (metadata["general.name"].flatMap { if case let .string(s) = $0 { return s } else { return nil } })
            ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return ConfigDocument(name: name, origin: .gguf(path: path), root: root, fieldSources: sources(arch: arch), notes: notes)
    }

    /// The config.json of a file's metadata, the notes on what it could not carry, and the architecture.
    static func config(_ m: GGUFMetadata) throws(ConfigError) -> (JSONNode, [ConfigWarning], String) {
        /// What the file holds under `key` and where, for messages: ", found a string at offset 312".
        func found(_ key: String) -> String {
            guard let v = m[key] else { return "" }
            let shown: String
            switch v {
            case let .unsigned(u): shown = "\(v.typeName) \(u)"
            case let .signed(i): shown = "\(v.typeName) \(i)"
            case let .float(x): shown = "\(v.typeName) \(x)"
            default: shown = v.typeName
            }
            return ", found \(shown)" + (m.offsets[key].map { " at offset \($0)" } ?? "")
        }
        guard case let .string(arch)? = m["general.architecture"] else {
            throw ConfigError("general.architecture", "is required (a string naming the architecture)" + found("general.architecture"))
        }
        var notes: [ConfigWarning] = []
        var pairs: [(key: String, value: JSONNode)] = []
        func number(_ x: Double) -> JSONNode { .number(x, literal: x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : x.description) }
        func integer(_ key: String, required: Bool = false) throws(ConfigError) -> Int? {
            guard let v = m["\(arch).\(key)"] else {
                if required { throw ConfigError("\(arch).\(key)", "is required") }
                return nil
            }
            if case let .array(items) = v {            // per-layer values: one value for every layer, or refused
                let values = items.compactMap(\.integer)
                guard values.count == items.count, let first = values.first, values.allSatisfy({ $0 == first }) else {
                    throw ConfigError("\(arch).\(key)", "differs between layers, which this tool does not model" + found("\(arch).\(key)"))
                }
                return first
            }
            guard let n = v.integer, n >= 0 else { throw ConfigError("\(arch).\(key)", "expected a whole number" + found("\(arch).\(key)")) }
            return n
        }
        func real(_ key: String) throws(ConfigError) -> Double? {
            guard let v = m["\(arch).\(key)"] else { return nil }
            guard let x = v.number, x.isFinite else { throw ConfigError("\(arch).\(key)", "expected a finite number" + found("\(arch).\(key)")) }
            return x
        }
        // llama.cpp architecture → transformers model_type: the families' (Models/Families).
        let known = ModelFamily.modelType(ggufArchitecture: arch)
        let modelType = known ?? arch
        if known == nil {
            notes.append(ConfigWarning(.ggufArchitecture, "general.architecture", "'\(arch)' is read with the generic keys of llama.cpp (context_length, rope.*, attention.*); its own conventions are not known here"))
        }
        pairs.append(("model_type", .string(modelType)))
        if case let .string(name)? = m["general.name"] { pairs.append(("_name_or_path", .string(name))) }
        pairs.append(("max_position_embeddings", number(Double(try integer("context_length", required: true)!))))
        if let e = try integer("embedding_length") { pairs.append(("hidden_size", number(Double(e)))) }
        let layers = try integer("block_count", required: true)!
        pairs.append(("num_hidden_layers", number(Double(layers))))
        pairs.append(("num_attention_heads", number(Double(try integer("attention.head_count", required: true)!))))
        if let kv = try integer("attention.head_count_kv") { pairs.append(("num_key_value_heads", number(Double(kv)))) }
        if let k = try integer("attention.key_length") { pairs.append(("head_dim", number(Double(k)))) }
        if let r = try integer("rope.dimension_count") { pairs.append(("rotary_dim", number(Double(r)))) }
        pairs.append(("rope_theta", number(try real("rope.freq_base") ?? 10_000)))

        // Scaling (load_hparams: the type string, default linear; factor, else scale_linear).
        var type: String?
        let typeKey = "\(arch).rope.scaling.type"
        if let stored = m[typeKey] {
            guard case let .string(t) = stored else {
                throw ConfigError(typeKey, "at offset \(m.offsets[typeKey] ?? 0) is stored as \(stored.typeName); llama.cpp reads it as a string (none, linear, yarn, longrope)")
            }
            type = t
        }
        var factor = try real("rope.scaling.factor")
        if factor == nil { factor = try real("rope.scale_linear") }
        switch type {
        case "yarn"?:
            var yarn: [(key: String, value: JSONNode)] = [("rope_type", .string("yarn")), ("factor", number(factor ?? 1))]
            var original = try integer("rope.scaling.original_context_length")
            if original == nil { original = try integer("context_length") }
            yarn.append(("original_max_position_embeddings", number(Double(original!))))
            if let b = try real("rope.scaling.yarn_beta_fast") { yarn.append(("beta_fast", number(b))) }
            if let b = try real("rope.scaling.yarn_beta_slow") { yarn.append(("beta_slow", number(b))) }
            pairs.append(("rope_scaling", .object(yarn)))
        case "longrope"?:
            break                                                 // its factors are tensors: noted below
        case "none"?:
            break
        case "linear"?, nil:
            if let f = factor, f != 1, f != 0 { pairs.append(("rope_scaling", .object([("rope_type", .string("linear")), ("factor", number(f))]))) }
        case let other?:
            throw ConfigError("\(arch).rope.scaling.type", "unknown scaling type '\(other)' (llama.cpp knows none, linear, yarn, longrope)")
        }
        if let tensor = m.ropeTensors.first(where: { $0.hasPrefix("rope_freqs") || $0.hasPrefix("rope_factors") }) {
            let what = tensor.hasPrefix("rope_freqs") ? "llama3 frequency factors" : "LongRoPE short and long factors"
            notes.append(ConfigWarning(.ggufTensorFactors, "tensor \(tensor)", "holds the \(what), which this tool does not read (tensors never are): the spectrum is the unscaled one of the metadata"))
        }

        // Windows and layer patterns.
        if let w = try integer("attention.sliding_window"), w > 0 {
            pairs.append(("sliding_window", number(Double(w))))
            if let fixed = ModelFamily.ggufFixedWindowPattern(arch) {   // the family's (Gemma-2, Gemma-3)
                for (key, value) in fixed { pairs.append((key, number(value))) }
            } else {
                switch m["\(arch).attention.sliding_window_pattern"] {
                case let .array(flags)?:
                    guard flags.count == layers else {
                        throw ConfigError("\(arch).attention.sliding_window_pattern", "has \(flags.count) entries for \(layers) layers")
                    }
                    let kinds = flags.map { f -> JSONNode in
                        if case let .bool(slides) = f { return .string(slides ? "sliding_attention" : "full_attention") }
                        return .string((f.integer ?? 0) != 0 ? "sliding_attention" : "full_attention")
                    }
                    pairs.append(("layer_types", .array(kinds)))
                case let v? where v.integer != nil:
                    // llama.cpp set_swa_pattern(n): layer il slides iff il % n < n − 1
                    let n = max(1, v.integer!)
                    pairs.append(("layer_types", .array((0..<layers).map { .string($0 % n < n - 1 ? "sliding_attention" : "full_attention") })))
                default: break
                }
            }
        }
        return (.object(pairs), notes, arch)
    }
}
