import Foundation

/// A JSON tree decoded with `JSONDecoder`, which parses doubles correctly rounded.
/// (`JSONSerialization` on Linux is off by a few ulps for some 17-digit numbers, so reference
/// data must not go through it.)
public enum Fixture: Decodable, Sendable, Equatable {
    case number(Double), string(String), array([Fixture]), object([String: Fixture]), bool(Bool), null

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([Fixture].self) { self = .array(a) }
        else { self = .object(try c.decode([String: Fixture].self)) }
    }

    /// Loads `name` from a test bundle's `Fixtures` folder.
    public static func load(_ name: String, from bundle: Bundle) -> Fixture {
        load(bundle.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")!)
    }

    /// Loads a JSON file of the project (a fixture another test target owns).
    public static func load(_ url: URL) -> Fixture {
        try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    public subscript(key: String) -> Fixture {
        guard case let .object(o) = self, let v = o[key] else { fatalError("fixture has no key \(key)") }
        return v
    }
    public func optional(_ key: String) -> Fixture? {
        guard case let .object(o) = self, let v = o[key] else { return nil }
        if case .null = v { return nil }
        return v
    }
    public var double: Double { guard case let .number(d) = self else { fatalError("not a number: \(self)") }; return d }
    public var int: Int { Int(double) }
    public var bool: Bool { guard case let .bool(b) = self else { fatalError("not a bool") }; return b }
    public var string: String { guard case let .string(s) = self else { fatalError("not a string") }; return s }
    public var array: [Fixture] { guard case let .array(a) = self else { fatalError("not an array") }; return a }
    public var doubles: [Double] { array.map(\.double) }
    public var object: [String: Fixture] { guard case let .object(o) = self else { fatalError("not an object") }; return o }
}
