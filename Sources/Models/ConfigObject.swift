/// A JSON object of a config with typed, validated look-ups. Every failure names the full path
/// of the field. Absent keys and JSON `null` both read as "not given".
struct ConfigObject {
    let node: JSONNode
    /// The path of this object ("" at the top, "text_config", "rope_scaling", …).
    let path: String

    init(_ node: JSONNode, path: String) throws(ConfigError) {
        guard case .object = node else {
            throw ConfigError(path, "expected a JSON object, found \(node.typeName)")
        }
        self.node = node
        self.path = path
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { node[key].map { !$0.isNull } ?? false }

    func raw(_ key: String) -> JSONNode? {
        guard let v = node[key], !v.isNull else { return nil }
        return v
    }

    /// A finite number; integers and floats are both accepted.
    func double(_ key: String) throws(ConfigError) -> Double? {
        guard let v = raw(key) else { return nil }
        return try Self.number(v, field(key))
    }

    static func number(_ v: JSONNode, _ field: String) throws(ConfigError) -> Double {
        switch v {
        case let .number(x, literal):
            guard x.isFinite else { throw ConfigError(field, "\(literal) is too large for a number") }
            return x
        case let .nonFinite(s): throw ConfigError(field, "\(s) is not allowed here; a finite number is required")
        default: throw ConfigError(field, "expected a number, found \(v.typeName)")
        }
    }

    /// A whole number written as an integer or as a float with no fraction (`4096` or `4096.0`),
    /// within `range`.
    func int(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let x = try double(key) else { return nil }
        guard x == x.rounded() else { throw ConfigError(field(key), "expected a whole number, found \(x)") }
        guard x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
            throw ConfigError(field(key), "\(Self.format(x)) is outside the allowed range \(range.lowerBound)…\(range.upperBound)")
        }
        return Int(x)
    }

    func string(_ key: String) throws(ConfigError) -> String? {
        guard let v = raw(key) else { return nil }
        guard case let .string(s) = v else { throw ConfigError(field(key), "expected a string, found \(v.typeName)") }
        return s
    }

    func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let v = raw(key) else { return nil }
        guard case let .bool(b) = v else { throw ConfigError(field(key), "expected true or false, found \(v.typeName)") }
        return b
    }

    func object(_ key: String) throws(ConfigError) -> ConfigObject? {
        guard let v = raw(key) else { return nil }
        return try ConfigObject(v, path: field(key))
    }

    func array(_ key: String) throws(ConfigError) -> [JSONNode]? {
        guard let v = raw(key) else { return nil }
        guard case let .array(items) = v else { throw ConfigError(field(key), "expected an array, found \(v.typeName)") }
        return items
    }

    /// An array of finite numbers.
    func doubles(_ key: String) throws(ConfigError) -> [Double]? {
        guard let items = try array(key) else { return nil }
        var out: [Double] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() { out.append(try Self.number(item, "\(field(key))[\(i)]")) }
        return out
    }

    /// The first of several spellings that is present.
    func first(_ keys: [String]) -> String? { keys.first(where: has) }

    /// `int` of the first spelling present.
    func int(_ keys: [String], in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let key = first(keys) else { return nil }
        return try int(key, in: range)
    }

    /// `double` of the first spelling present.
    func double(_ keys: [String]) throws(ConfigError) -> Double? {
        guard let key = first(keys) else { return nil }
        return try double(key)
    }

    /// `string` of the first spelling present.
    func string(_ keys: [String]) throws(ConfigError) -> String? {
        guard let key = first(keys) else { return nil }
        return try string(key)
    }

    static func format(_ x: Double) -> String {
        abs(x) < 1e15 && x == x.rounded() ? String(Int(x)) : x.description
    }
}
