import Models
import Rotary

/// A config.json patched with a ``ConfigFix`` option, in the config's own schema: v4
/// (`rope_theta` beside `rope_scaling`) or v5 (`rope_parameters`, flat or per layer type), inside
/// `text_config` when the rope settings live there. Everything else is left as it was.
public enum ConfigPatch {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let problem: String
        public var description: String { problem }
    }

    /// The patched document. The result is read back and must give `option`'s configuration for
    /// the target layers; otherwise the change cannot be written in this schema (thrown).
    public static func apply(_ fix: ConfigFix, option: ConfigFix.Option, to document: ConfigDocument) throws(Failure) -> JSONNode {
        guard let rotary = option.rotary else { throw Failure(problem: "\(option.change.label): no value meets every bound, nothing to write") }
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
        switch option.change {
        case .ropeTheta:
            dict = flat
        case .scaling:
            var pairs: [(key: String, value: JSONNode)] = [(typeKey, .string(rotary.scaling.ropeType.rawValue))]
            switch rotary.scaling {
            case let .yarn(y):
                pairs += [("factor", .number(y.factor!)), ("original_max_position_embeddings", .integer(y.originalMaxPositionEmbeddings))]
            case let .llama3(p):
                pairs += [("factor", .number(p.factor)), ("low_freq_factor", .number(p.lowFreqFactor)), ("high_freq_factor", .number(p.highFreqFactor)),
                          ("original_max_position_embeddings", .integer(p.originalMaxPositionEmbeddings))]
            case let .linear(s), let .dynamic(s):
                pairs.append(("factor", .number(s)))
            default:
                throw Failure(problem: "cannot write \(rotary.scaling.ropeType.rawValue) scaling")
            }
            if let prf = flat?["partial_rotary_factor"] { pairs.append(("partial_rotary_factor", prf)) }
            dict = .object(pairs)
        }
        if v5 {
            dict = (dict ?? .object([(typeKey, .string("default"))])).setting("rope_theta", to: .number(rotary.base))
            text = text.setting(dictKey, to: nested ? existing!.setting(fix.targetKind.rawValue, to: dict!) : dict!)
        } else {
            let baseKey = text["rope_theta"] == nil && text["rotary_emb_base"] != nil ? "rotary_emb_base" : "rope_theta"
            text = text.setting(baseKey, to: .number(rotary.base)).setting(dictKey, to: dict ?? .null)
        }
        if let m = rotary.maxPositionEmbeddings, text["max_position_embeddings"] != nil { text = text.setting("max_position_embeddings", to: .integer(m)) }
        // A top-level original_max_position_embeddings (Phi-3 style) overrides the dict's in transformers.
        if let l0 = rotary.scaling.originalMaxPositionEmbeddings, text["original_max_position_embeddings"] != nil {
            text = text.setting("original_max_position_embeddings", to: .integer(l0))
        }
        let patched = inText ? root.setting("text_config", to: text) : text
        try verify(patched, name: document.name, fix: fix, expected: rotary)
        return patched
    }

    /// The patched config must read back with the new configuration on the target layers.
    static func verify(_ patched: JSONNode, name: String, fix: ConfigFix, expected: RotaryConfiguration) throws(Failure) {
        let model: ModelDescription
        do { model = try ModelReader.read(patched, name: name) } catch {
            throw Failure(problem: "the patched config does not read back: \(error)")
        }
        let targets = fix.input.model.layers.indices.filter { fix.input.model.layers[$0].attention?.rotary == fix.original }
        guard targets.allSatisfy({ model.layers[$0].attention?.rotary == expected }) else {
            throw Failure(problem: "the change cannot be written in this config's schema (it reads back differently)")
        }
    }
}
