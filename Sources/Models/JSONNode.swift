/// A parsed JSON value that keeps what `config.json` readers need and `JSONDecoder` hides:
/// whether a number was written as an integer, object key order, and the non-standard
/// `NaN`/`Infinity` literals Python's `json.dump` emits (kept so that the reader can name the
/// field that holds one).
public indirect enum JSONNode: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number with its source text (e.g. "131072", "1e-05").
    case number(Double, literal: String)
    /// `NaN`, `Infinity` or `-Infinity`.
    case nonFinite(String)
    case string(String)
    case array([JSONNode])
    case object([(key: String, value: JSONNode)])

    public static func == (a: JSONNode, b: JSONNode) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x, _), .number(y, _)): return x == y
        case let (.nonFinite(x), .nonFinite(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value of `key` in an object (the last one, as Python's `json` keeps), nil otherwise.
    public subscript(key: String) -> JSONNode? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.last { $0.key == key }?.value
    }

    /// A short name of the JSON type, for messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .nonFinite(let s): return s
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }
}
