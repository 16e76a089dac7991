/// Writes a ``JSONNode`` back as text in the layout Hugging Face's `save_pretrained` uses
/// (`json.dumps(indent=2)`: two spaces, one member or element per line), with every number in the
/// literal it was read with, so a patched config differs from its source only where it was changed.
public enum JSONWriter {
    /// The document as text, ending in a newline. O(size).
    public static func text(_ node: JSONNode) -> String {
        var out = ""
        write(node, indent: "", into: &out)
        return out + "\n"
    }

    static func write(_ node: JSONNode, indent: String, into out: inout String) {
        switch node {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(_, literal): out += literal
        case let .nonFinite(s): out += s
        case let .string(s): out += quote(s)
        case let .array(items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += indent + "  "
                write(item, indent: indent + "  ", into: &out)
                out += i < items.count - 1 ? ",\n" : "\n"
            }
            out += indent + "]"
        case let .object(pairs):
            guard !pairs.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (i, pair) in pairs.enumerated() {
                out += indent + "  " + quote(pair.key) + ": "
                write(pair.value, indent: indent + "  ", into: &out)
                out += i < pairs.count - 1 ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }

    /// The document on one line with ", " and ": " separators (Python's `json.dumps` default), for
    /// command lines. O(size).
    public static func compact(_ node: JSONNode) -> String {
        switch node {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .number(_, literal): return literal
        case let .nonFinite(s): return s
        case let .string(s): return quote(s)
        case let .array(items): return "[" + items.map(compact).joined(separator: ", ") + "]"
        case let .object(pairs): return "{" + pairs.map { quote($0.key) + ": " + compact($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// A JSON string literal (RFC 8259 escapes; non-ASCII written as is, as `ensure_ascii=False`).
    /// Also what the command line's JSON output quotes with.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension JSONNode {
    /// A real number node, written as Python's `json` writes a float ("500000.0", "1e+16"): Swift's
    /// shortest round-trip form, which is also valid JSON for every finite value.
    public static func number(_ x: Double) -> JSONNode {
        precondition(x.isFinite, "JSON has no literal for \(x)")
        return .number(x, literal: x.description)
    }

    /// A whole number.
    public static func integer(_ n: Int) -> JSONNode { .number(Double(n), literal: String(n)) }

    /// The object with `key` set to `value` (replaced in place, or appended at the end).
    public func setting(_ key: String, to value: JSONNode) -> JSONNode {
        guard case var .object(pairs) = self else { return self }
        if let i = pairs.lastIndex(where: { $0.key == key }) { pairs[i].value = value } else { pairs.append((key, value)) }
        return .object(pairs)
    }
}
