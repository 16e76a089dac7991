import Foundation
import ContextLimits

/// What the parser and the help text need to know of an option, whatever its type.
public struct OptionDeclaration: Sendable, Equatable {
    public let name: String
    /// The placeholder shown in help, or nil for a flag that takes no value.
    public let valueName: String?
    /// The help line, with the default and the allowed values filled in from the declaration.
    public let help: String
}

/// A flag: an option without a value.
public struct Flag: Sendable {
    public let name: String
    public let summary: String

    public init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }

    public var declaration: OptionDeclaration { OptionDeclaration(name: name, valueName: nil, help: summary) }
}

/// A typed option: one declaration gives its help line, its default, its parsing and its
/// validation. Read it with `arguments[option]` (nil when absent), `arguments.value(option)`
/// (the default when absent) or `arguments.required(option)`.
public struct Option<Value: Sendable>: Sendable {
    public let name: String
    public let valueName: String
    public let summary: String
    /// What values are allowed, for help ("1 … 2^40", "in (0, 1)", "fp32|bf16|…").
    public let allowed: String?
    public let defaultValue: Value?
    /// How the default reads in help (a number, a word, or a sentence such as "the config's
    /// max_position_embeddings" for defaults that depend on the input).
    public let defaultText: String?
    let parse: @Sendable (String) throws(InputError) -> Value

    public init(_ name: String, _ valueName: String, _ summary: String, allowed: String? = nil, default defaultValue: Value? = nil,
                defaultText: String? = nil, parse: @escaping @Sendable (String) throws(InputError) -> Value) {
        self.name = name
        self.valueName = valueName
        self.summary = summary
        self.allowed = allowed
        self.defaultValue = defaultValue
        self.defaultText = defaultText
        self.parse = parse
    }

    public var declaration: OptionDeclaration {
        var notes: [String] = []
        if let defaultText { notes.append("default: \(defaultText)") }
        if let allowed { notes.append(allowed) }
        return OptionDeclaration(name: name, valueName: valueName,
                                 help: summary + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")"))
    }

    /// The same option with another default (a command whose default differs from the shared one).
    public func withDefault(_ value: Value?, text: String?) -> Option {
        Option(name, valueName, summary, allowed: allowed, default: value, defaultText: text, parse: parse)
    }

    /// The same option with another help summary.
    public func described(_ summary: String) -> Option {
        Option(name, valueName, summary, allowed: allowed, default: defaultValue, defaultText: defaultText, parse: parse)
    }
}

/// A value an option can take from a fixed set of words: an enum of strings.
public protocol ArgumentChoice: CaseIterable, RawRepresentable, Sendable where RawValue == String {}

/// Numbers and sizes as the command line reads and prints them.
public enum Numbers {
    /// Plain decimal numbers only ("131072", "1e6", "-0.5", ".25"); no hex, no NaN or infinity.
    public static func parse(_ text: String, option: String) throws(InputError) -> Double {
        let pattern = #"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"#
        guard text.range(of: pattern, options: .regularExpression) != nil, let value = Double(text) else {
            throw InputError("--\(option): '\(text)' is not a number")
        }
        guard value.isFinite else { throw InputError("--\(option): '\(text)' is too large to be a finite number") }
        return value
    }

    /// An integer for help and messages: powers of two from 2^10 up as "2^k", others in full.
    public static func size(_ n: Int) -> String {
        n >= 1024 && n.nonzeroBitCount == 1 ? "2^\(n.trailingZeroBitCount)" : String(n)
    }

    /// A real bound for messages: whole numbers without ".0".
    public static func text(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : x.description
    }
}

/// An interval of allowed real values, with open or closed ends.
public struct RealDomain: Sendable {
    public var lower: Double?
    public var lowerOpen: Bool
    public var upper: Double?
    public var upperOpen: Bool

    public init(lower: Double? = nil, lowerOpen: Bool = false, upper: Double? = nil, upperOpen: Bool = false) {
        self.lower = lower
        self.lowerOpen = lowerOpen
        self.upper = upper
        self.upperOpen = upperOpen
    }

    public static func above(_ x: Double) -> RealDomain { RealDomain(lower: x, lowerOpen: true) }
    public static func atLeast(_ x: Double) -> RealDomain { RealDomain(lower: x) }
    public static func open(_ a: Double, _ b: Double) -> RealDomain { RealDomain(lower: a, lowerOpen: true, upper: b, upperOpen: true) }
    public static func closed(_ a: Double, _ b: Double) -> RealDomain { RealDomain(lower: a, upper: b) }
    public static func above(_ a: Double, atMost b: Double) -> RealDomain { RealDomain(lower: a, lowerOpen: true, upper: b) }

    public var description: String {
        switch (lower, upper) {
        case let (a?, b?): return "in \(lowerOpen ? "(" : "[")\(Numbers.text(a)), \(Numbers.text(b))\(upperOpen ? ")" : "]")"
        case let (a?, nil): return lowerOpen ? "> \(Numbers.text(a))" : "≥ \(Numbers.text(a))"
        case let (nil, b?): return upperOpen ? "< \(Numbers.text(b))" : "≤ \(Numbers.text(b))"
        case (nil, nil): return "a finite number"
        }
    }

    func check(_ value: Double, option: String, text: String) throws(InputError) {
        if let a = lower, lowerOpen ? value <= a : value < a {
            throw InputError("--\(option): \(text) must be \(lowerOpen ? "greater than" : "at least") \(Numbers.text(a))")
        }
        if let b = upper, upperOpen ? value >= b : value > b {
            throw InputError("--\(option): \(text) must be \(upperOpen ? "below" : "at most") \(Numbers.text(b))")
        }
    }
}

extension Option where Value == Int {
    /// A whole number within `range`, written as an integer or in exponent form ("131072", "1e6").
    public static func integer(_ name: String, _ valueName: String, _ summary: String, in range: ClosedRange<Int>,
                               default value: Int? = nil, defaultText: String? = nil) -> Option {
        Option(name, valueName, summary, allowed: "\(Numbers.size(range.lowerBound)) … \(Numbers.size(range.upperBound))",
               default: value, defaultText: defaultText ?? value.map(Numbers.size)) { text throws(InputError) in
            try integer(text, option: name, in: range)
        }
    }

    static func integer(_ text: String, option name: String, in range: ClosedRange<Int>) throws(InputError) -> Int {
        if let exact = Int(text) {        // digits read exactly: 2^63 − 1 does not round to 2^63 through a Double
            guard exact >= range.lowerBound else { throw InputError("--\(name): \(text) is below the minimum \(Numbers.size(range.lowerBound))") }
            guard exact <= range.upperBound else { throw InputError("--\(name): \(text) is above the maximum \(Numbers.size(range.upperBound))") }
            return exact
        }
        let x = try Numbers.parse(text, option: name)
        guard x == x.rounded() else { throw InputError("--\(name): '\(text)' is not a whole number") }
        guard x >= Double(range.lowerBound) else { throw InputError("--\(name): \(text) is below the minimum \(Numbers.size(range.lowerBound))") }
        guard x <= Double(range.upperBound), let value = Int(exactly: x), value <= range.upperBound else {
            throw InputError("--\(name): \(text) is above the maximum \(Numbers.size(range.upperBound))")
        }
        return value
    }
}

extension Option where Value == Double {
    /// A finite real number within `domain`.
    public static func real(_ name: String, _ valueName: String, _ summary: String, in domain: RealDomain = RealDomain(),
                            default value: Double? = nil, defaultText: String? = nil) -> Option {
        Option(name, valueName, summary, allowed: domain.lower == nil && domain.upper == nil ? nil : domain.description,
               default: value, defaultText: defaultText ?? value.map(Numbers.text)) { text throws(InputError) in
            let x = try Numbers.parse(text, option: name)
            try domain.check(x, option: name, text: text)
            return x
        }
    }
}

extension Option where Value == String {
    /// Free text (a path, a name).
    public static func text(_ name: String, _ valueName: String, _ summary: String, default value: String? = nil) -> Option {
        Option(name, valueName, summary, default: value, defaultText: value) { text throws(InputError) in text }
    }
}

extension Option where Value: ArgumentChoice {
    /// One of the enum's words.
    public static func choice(_ name: String, _ summary: String, default value: Value? = nil, defaultText: String? = nil) -> Option {
        let words = Value.allCases.map(\.rawValue)
        return Option(name, words.joined(separator: "|"), summary, default: value, defaultText: defaultText ?? value?.rawValue) { text throws(InputError) in
            guard let v = Value(rawValue: text) else { throw InputError("--\(name): '\(text)' is not one of \(words.joined(separator: ", "))") }
            return v
        }
    }
}

extension Option where Value == FloatFormat {
    /// A floating-point format by name (fp64, fp32, tf32, fp16, bf16, fp8-e4m3, fp8-e5m2 and aliases).
    public static func format(_ name: String, _ summary: String, default value: FloatFormat) -> Option {
        let names = FloatFormat.all.map(\.name)
        return Option(name, "P", summary, allowed: names.joined(separator: " "), default: value, defaultText: value.name) { text throws(InputError) in
            guard let f = FloatFormat.named(text) else { throw InputError("--\(name): unknown format '\(text)' (known: \(names.joined(separator: ", ")))") }
            return f
        }
    }
}

extension Option where Value == Double {
    /// A size in bytes: a number with an optional unit, binary (KiB, MiB, GiB, TiB) or decimal
    /// (kB, MB, GB, TB), "80GiB", "1.5TB", "8e10"; at most 2^60 bytes.
    public static func bytes(_ name: String, _ summary: String) -> Option {
        Option(name, "BYTES", summary, allowed: "e.g. 80GiB, 24GB, 8e10") { text throws(InputError) in
            let units: [(String, Double)] = [("TiB", 0x1p40), ("GiB", 0x1p30), ("MiB", 0x1p20), ("KiB", 0x1p10),
                                             ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3), ("KB", 1e3), ("B", 1)]
            let unit = units.first { text.hasSuffix($0.0) }
            let number = String(text.dropLast(unit?.0.count ?? 0)).trimmingCharacters(in: .whitespaces)
            let value = try Numbers.parse(number, option: name) * (unit?.1 ?? 1)
            guard value > 0, value <= 0x1p60 else { throw InputError("--\(name): '\(text)' must be between 1 byte and 2^60 bytes") }
            return value
        }
    }
}

extension Option where Value == [Double] {
    /// A comma-separated list of 1 … `maxCount` numbers in `domain`.
    public static func list(_ name: String, _ valueName: String, _ summary: String, in domain: RealDomain, maxCount: Int,
                            default value: [Double]? = nil, defaultText: String? = nil) -> Option {
        Option(name, valueName, summary, allowed: "1 to \(maxCount) values, each \(domain.description)", default: value,
               defaultText: defaultText) { text throws(InputError) in
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= maxCount else { throw InputError("--\(name): \(parts.count) values; at most \(maxCount)") }
            var out: [Double] = []
            for part in parts {
                let x = try Numbers.parse(part, option: name)
                try domain.check(x, option: name, text: part)
                out.append(x)
            }
            return out
        }
    }
}

extension Option where Value == [String] {
    /// A comma-separated list of 1 … `maxCount` names.
    public static func names(_ name: String, _ valueName: String, _ summary: String, maxCount: Int,
                             default value: [String]? = nil, defaultText: String? = nil) -> Option {
        Option(name, valueName, summary, allowed: "1 to \(maxCount) names", default: value, defaultText: defaultText) { text throws(InputError) in
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= maxCount else { throw InputError("--\(name): \(parts.count) names; at most \(maxCount)") }
            if let empty = parts.firstIndex(where: \.isEmpty) { throw InputError("--\(name): name \(empty + 1) is empty") }
            return parts
        }
    }
}

extension Option where Value == ClosedRange<Double> {
    /// A range "A:B" with A < B, each end in `domain`.
    public static func range(_ name: String, _ summary: String, in domain: RealDomain, default value: ClosedRange<Double>? = nil,
                             defaultText: String? = nil) -> Option {
        Option(name, "A:B", summary, allowed: "each end \(domain.description)", default: value,
               defaultText: defaultText ?? value.map { "\(Numbers.text($0.lowerBound)):\(Numbers.text($0.upperBound))" }) { text throws(InputError) in
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { throw InputError("--\(name): '\(text)' is not a range A:B") }
            let a = try Numbers.parse(parts[0], option: name), b = try Numbers.parse(parts[1], option: name)
            try domain.check(a, option: name, text: parts[0])
            try domain.check(b, option: name, text: parts[1])
            guard a < b else { throw InputError("--\(name): the range \(text) is empty (need A < B)") }
            return a...b
        }
    }
}
