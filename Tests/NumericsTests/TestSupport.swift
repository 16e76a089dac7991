import Foundation

/// |a − b| ≤ max(abs, rel·|b|), with b the reference value.
func isClose(_ a: Double, _ b: Double, rel: Double = 1e-13, abs: Double = 0) -> Bool {
    if a == b { return true }
    return Swift.abs(a - b) <= Swift.max(abs, rel * Swift.abs(b))
}

/// A JSON tree decoded with `JSONDecoder`, which parses doubles correctly rounded.
/// (`JSONSerialization` on Linux is off by a few ulps for some 17-digit numbers, so fixtures
/// must not go through it.)
enum Fixture: Decodable {
    case number(Double), string(String), array([Fixture]), object([String: Fixture]), bool(Bool), null

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([Fixture].self) { self = .array(a) }
        else { self = .object(try c.decode([String: Fixture].self)) }
    }

    subscript(key: String) -> Fixture {
        guard case let .object(o) = self, let v = o[key] else { fatalError("fixture has no key \(key)") }
        return v
    }
    var double: Double { guard case let .number(d) = self else { fatalError("not a number") }; return d }
    var string: String { guard case let .string(s) = self else { fatalError("not a string") }; return s }
    var array: [Fixture] { guard case let .array(a) = self else { fatalError("not an array") }; return a }
    var doubles: [Double] { array.map(\.double) }
    var object: [String: Fixture] { guard case let .object(o) = self else { fatalError("not an object") }; return o }
}

/// The reference values written by Fixtures/make_numerics_reference.py (mpmath, NumPy).
enum Reference {
    static let root: Fixture = {
        let url = Bundle.module.url(forResource: "numerics", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static func rows(_ key: String) -> [[Double]] { root[key].array.map(\.doubles) }
    static func table(_ key: String) -> [String: Double] { root[key].object.mapValues(\.double) }
    static func records(_ key: String) -> [Fixture] { root[key].array }
}
