import Models
import Rotary

/// The one writer of a rope scaling as config.json holds it (`rope_scaling` in v4, the scaling
/// keys of `rope_parameters` in v5), and of its one-line label. `fix --format json` and
/// `fix --out` both write through it, so the two always agree.
public enum ScalingDictionary {
    /// The dictionary of `scaling` with every parameter it carries, keys in transformers' names;
    /// nil for no scaling. `typeKey` is "rope_type" (or the legacy "type" a config already uses).
    ///
    /// - Complexity: O(d) for longrope's factor lists, O(1) otherwise.
    public static func node(_ scaling: RopeScaling, typeKey: String = "rope_type") -> JSONNode? {
        var pairs: [(key: String, value: JSONNode)] = [(typeKey, .string(scaling.ropeType.rawValue))]
        func add(_ key: String, _ x: Double?) { if let x { pairs.append((key, .number(x))) } }
        switch scaling {
        case .none:
            return nil
        case let .linear(s), let .dynamic(s), let .proportional(s):
            add("factor", s)
        case let .yarn(y):
            add("factor", y.factor)
            pairs.append(("original_max_position_embeddings", .integer(y.originalMaxPositionEmbeddings)))
            add("beta_fast", y.betaFast)
            add("beta_slow", y.betaSlow)
            add("attention_factor", y.attentionFactor)
            add("mscale", y.mscale)
            add("mscale_all_dim", y.mscaleAllDim)
            if !y.truncate { pairs.append(("truncate", .bool(false))) }
        case let .llama3(p):
            add("factor", p.factor)
            add("low_freq_factor", p.lowFreqFactor)
            add("high_freq_factor", p.highFreqFactor)
            pairs.append(("original_max_position_embeddings", .integer(p.originalMaxPositionEmbeddings)))
        case let .longrope(p):
            add("factor", p.factor)
            pairs.append(("original_max_position_embeddings", .integer(p.originalMaxPositionEmbeddings)))
            add("attention_factor", p.attentionFactor)
            pairs.append(("short_factor", .array(p.shortFactor.map { .number($0) })))
            pairs.append(("long_factor", .array(p.longFactor.map { .number($0) })))
        case let .ntkAlpha(alpha):
            // HunYuan's spelling: a dynamic dictionary carrying alpha (transformers reads alpha, not factor).
            pairs = [(typeKey, .string("dynamic")), ("alpha", .number(alpha))]
        }
        return .object(pairs)
    }

    /// "none", "yarn ×4 from 32768", "linear ×8", …: the scaling in one line.
    public static func label(_ scaling: RopeScaling) -> String {
        func f(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
        switch scaling {
        case .none: return "none"
        case let .linear(s), let .dynamic(s), let .proportional(s): return "\(scaling.ropeType.rawValue) ×\(f(s))"
        case let .yarn(y): return "yarn " + (y.factor.map { "×\(f($0)) " } ?? "") + "from \(y.originalMaxPositionEmbeddings)"
        case let .llama3(p): return "llama3 ×\(f(p.factor)) from \(p.originalMaxPositionEmbeddings)"
        case let .longrope(p): return "longrope " + (p.factor.map { "×\(f($0)) " } ?? "") + "from \(p.originalMaxPositionEmbeddings)"
        case let .ntkAlpha(alpha): return "NTK-alpha α \(f(alpha))"
        }
    }
}
