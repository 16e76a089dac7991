import Charts
import ContextLimits

/// A JSON document with ordered object keys, written the way DESIGN.md fixes: snake_case keys
/// chosen by each command, numbers in Swift's shortest round-trip form (so Python's `float()`
/// reads them back exactly) and `null` for NaN or ±∞, which JSON cannot represent.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    public static func numbers(_ xs: [Double]) -> JSONValue { .array(xs.map(JSONValue.number)) }

    public static func optional(_ x: Double?) -> JSONValue { x.map(JSONValue.number) ?? .null }

    /// A table as an array of objects, one per row, keyed by column name.
    public static func records(_ table: DataTable) -> JSONValue {
        .array(table.rows.map { row in .object(zip(table.columns, row).map { ($0, JSONValue(cell: $1)) }) })
    }

    init(cell: Cell) {
        switch cell {
        case let .text(s): self = .string(s)
        case let .number(x): self = .number(x)
        case let .integer(n): self = .integer(n)
        case let .bool(b): self = .bool(b)
        case .empty: self = .null
        }
    }

    /// A parsed config value (a number written as an integer stays one).
    init(node: JSONNode) {
        switch node {
        case .null, .nonFinite: self = .null
        case let .bool(b): self = .bool(b)
        case let .number(x, literal): self = literal.allSatisfy({ $0.isNumber || $0 == "-" }) && x == x.rounded() && abs(x) < 1e15 ? .integer(Int(x)) : .number(x)
        case let .string(s): self = .string(s)
        case let .array(items): self = .array(items.map(JSONValue.init(node:)))
        case let .object(pairs): self = .object(pairs.map { ($0.key, JSONValue(node: $0.value)) })
        }
    }

    /// Looks up a key of an object (nil for other values or a missing key).
    public subscript(key: String) -> JSONValue? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// Pretty-printed text; arrays of scalars stay on one line.
    public func rendered(indent: String = "") -> String {
        switch self {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .number(x): return x.isFinite ? x.description : "null"
        case let .integer(n): return String(n)
        case let .string(s): return JSONWriter.quote(s)
        case let .array(items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy(\.isScalar) { return "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]" }
            let inner = indent + "  "
            return "[\n" + items.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case let .object(pairs):
            if pairs.isEmpty { return "{}" }
            let inner = indent + "  "
            return "{\n" + pairs.map { inner + JSONWriter.quote($0.0) + ": " + $0.1.rendered(indent: inner) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
