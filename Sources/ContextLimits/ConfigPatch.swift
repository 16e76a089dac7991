import Models
import Rotary

/// A config.json patched with a ``ConfigFix`` option, in the config's own schema: v4
/// (`rope_theta` beside `rope_scaling`) or v5 (`rope_parameters`, flat or per layer type), inside
/// `text_config` when the rope settings live there. `max_position_embeddings` (and a top-level
/// `original_max_position_embeddings`, Phi-3 style) are set with the scaling, so that the file is
/// consistent; everything else is left as it was. The scaling dictionary is written by
/// ``ScalingDictionary``, as `fix --format json` shows it.
public enum ConfigPatch {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let problem: String
        public var description: String { problem }
    }

    /// The patched document. It is read back and must give `option`'s configuration for the target
    /// layers, every serving stack must derive the option's context from it, and the lint must
    /// find no warning the input did not have; otherwise the change cannot be written so that
    /// every stack reads it (thrown, naming what disagrees).
    ///
    /// - Complexity: O(size of the config).
    public static func apply(_ fix: ConfigFix, option: ConfigFix.Option, to document: ConfigDocument) throws(Failure) -> JSONNode {
        let rotary = option.rotary
        let root = document.root
        let inText = root["text_config"].map { if case .object = $0 { return true } else { return false } } ?? false
        var text = inText ? root["text_config"]! : root
        let v5 = text["rope_parameters"] != nil && !(text["rope_parameters"]?.isNull ?? true)
        let dictKey = v5 ? "rope_parameters" : "rope_scaling"
        let existing = text[dictKey].flatMap { if case .object = $0 { return $0 } else { return nil } }
        let nested = existing.map { dict in
            guard case let .object(pairs) = dict else { return false }
            let kinds = Set(AttentionLayer.Kind.allCases.map(\.rawValue))
            return !pairs.isEmpty && pairs.contains { kinds.contains($0.key) }
        } ?? false
        let flat = nested ? existing?[fix.targetKind.rawValue] : existing
        let typeKey = flat?["type"] != nil && flat?["rope_type"] == nil ? "type" : "rope_type"

        // The rope dictionary of the new configuration (nil: no scaling, written as null in v4).
        var dict: JSONNode?
        if rotary.scaling == fix.original.scaling {
            dict = flat
        } else {
            dict = ScalingDictionary.node(rotary.scaling, typeKey: typeKey)
            // Keys no rope type owns (partial_rotary_factor, a model's own such as Ministral-3's
            // llama_4_scaling_beta) stay; the old scaling's parameters go with it.
            if case let .object(pairs)? = flat {
                for pair in pairs where !Self.scalingKeys.contains(pair.key) {
                    dict = (dict ?? .object([(typeKey, .string("default"))])).setting(pair.key, to: pair.value)
                }
            }
        }
        // rope_theta is written only where it changes (or where v5 wants it inside the dictionary).
        let newBase = rotary.base != fix.original.base
        if v5 {
            dict = dict ?? .object([(typeKey, .string("default"))])
            if newBase || dict?["rope_theta"] == nil { dict = dict!.setting("rope_theta", to: .number(rotary.base)) }
            text = text.setting(dictKey, to: nested ? existing!.setting(fix.targetKind.rawValue, to: dict!) : dict!)
        } else {
            if newBase {
                let baseKey = text["rope_theta"] == nil && text["rotary_emb_base"] != nil ? "rotary_emb_base" : "rope_theta"
                text = text.setting(baseKey, to: .number(rotary.base))
            }
            text = text.setting(dictKey, to: dict ?? .null)
        }
        if let m = rotary.maxPositionEmbeddings { text = text.setting("max_position_embeddings", to: .integer(m)) }
        // A top-level original_max_position_embeddings (Phi-3 style) overrides the dict's in transformers.
        if text["original_max_position_embeddings"] != nil {
            if let l0 = rotary.scaling.originalMaxPositionEmbeddings {
                text = text.setting("original_max_position_embeddings", to: .integer(l0))
            } else if case let .object(pairs) = text {
                text = .object(pairs.filter { $0.key != "original_max_position_embeddings" })
            }
        }
        let patched = inText ? root.setting("text_config", to: text) : text
        try verify(patched, name: document.name, fix: fix, option: option, input: root)
        return patched
    }

    /// The keys of a rope dictionary that belong to a scaling type (ScalingDictionary's, the type
    /// keys and rope_theta, which is written separately).
    static let scalingKeys: Set<String> = ["rope_type", "type", "rope_theta", "factor", "original_max_position_embeddings", "beta_fast", "beta_slow",
                                           "attention_factor", "mscale", "mscale_all_dim", "truncate", "low_freq_factor", "high_freq_factor",
                                           "short_factor", "long_factor"]

    /// Why `option` cannot be written into `document` (nil: it can). O(size of the config).
    public static func problem(_ fix: ConfigFix, option: ConfigFix.Option, document: ConfigDocument) -> String? {
        do { _ = try apply(fix, option: option, to: document) } catch { return error.problem }
        return nil
    }

    /// The patched config must read back with the new configuration on the target layers, every
    /// serving stack must derive the served context, and the lint must add no warning.
    static func verify(_ patched: JSONNode, name: String, fix: ConfigFix, option: ConfigFix.Option, input: JSONNode) throws(Failure) {
        let model: ModelDescription
        do { model = try ModelReader.read(patched, name: name) } catch {
            throw Failure(problem: "the patched config does not read back: \(error)")
        }
        let targets = fix.input.model.layers.indices.filter { fix.input.model.layers[$0].attention?.rotary == fix.original }
        guard targets.allSatisfy({ model.layers[$0].attention?.rotary == option.rotary }) else {
            throw Failure(problem: "the change cannot be written in this config's schema (it reads back differently)")
        }
        if let stacks = try? ServingStacks.derive(patched) {
            let derived = [("transformers", stacks.transformers), ("vLLM", stacks.vllm), ("llama.cpp", stacks.llamaCpp)]
            let wrong = derived.filter { $0.1 != nil && $0.1 != option.servedContext }
            if !wrong.isEmpty {
                throw Failure(problem: "\(ScalingDictionary.label(option.rotary.scaling)) cannot be written so that every stack reads \(option.servedContext) tokens: "
                              + wrong.map { "\($0.0) derives \($0.1!)" }.joined(separator: ", "))
            }
        }
        let before = Set(ConfigLint.warnings(input).map { "\($0.rule)" })
        let added = ConfigLint.warnings(patched).filter { !before.contains("\($0.rule)") }
        if let first = added.first {
            throw Failure(problem: "the patched config draws a lint warning: \(first.field): \(first.message)")
        }
    }
}
