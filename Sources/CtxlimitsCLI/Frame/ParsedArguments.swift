import Foundation

/// A command line split into positionals, option values and flags, with typed, validated
/// accessors. Option values that are present but unusable (not a number, NaN, negative, not an
/// integer, outside a range) throw ``InputError`` naming the option; structural problems throw
/// ``UsageError``.
public struct ParsedArguments: Sendable {
    public private(set) var positionals: [String] = []
    public private(set) var values: [String: String] = [:]
    public private(set) var flags: Set<String> = []

    /// Parses `arguments` (without the subcommand name) against `spec`.
    /// Accepts `--key value` and `--key=value`; `--` ends the options.
    public init(_ arguments: [String], spec: CommandSpec) throws(UsageError) {
        let known = Dictionary(spec.options.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var i = 0
        var optionsEnded = false
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            guard !optionsEnded, argument.hasPrefix("--"), argument.count > 2 else {
                if argument == "--" && !optionsEnded { optionsEnded = true; continue }
                positionals.append(argument)
                continue
            }
            let body = argument.dropFirst(2)
            let name: String, inlineValue: String?
            if let eq = body.firstIndex(of: "=") {
                name = String(body[..<eq]); inlineValue = String(body[body.index(after: eq)...])
            } else {
                name = String(body); inlineValue = nil
            }
            guard let option = known[name] else {
                throw UsageError("unknown option --\(name) for 'ctxlimits \(spec.name)' (see 'ctxlimits \(spec.name) --help')")
            }
            if option.valueName == nil {
                guard inlineValue == nil else { throw UsageError("option --\(name) takes no value") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard i < arguments.count else { throw UsageError("option --\(name) needs a value (\(option.valueName!))") }
                value = arguments[i]
                i += 1
            }
            guard !value.isEmpty else { throw UsageError("option --\(name) has an empty value") }
            guard values[name] == nil else { throw UsageError("option --\(name) is given twice") }
            values[name] = value
        }
        if flags.contains("help") { return }
        guard positionals.count <= spec.maxPositionals else {
            let extra = positionals[spec.maxPositionals]
            throw UsageError("unexpected argument '\(extra)' for 'ctxlimits \(spec.name)'")
        }
    }

    public var wantsHelp: Bool { flags.contains("help") }
    public func has(_ name: String) -> Bool { values[name] != nil || flags.contains(name) }
    public func string(_ name: String) -> String? { values[name] }

    // MARK: numbers

    /// Plain decimal numbers only ("131072", "1e6", "-0.5", ".25"); no hex, no NaN or infinity.
    static func parseNumber(_ text: String, option: String) throws(InputError) -> Double {
        let pattern = #"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"#
        guard text.range(of: pattern, options: .regularExpression) != nil, let value = Double(text) else {
            throw InputError("--\(option): '\(text)' is not a number")
        }
        guard value.isFinite else { throw InputError("--\(option): '\(text)' is not a finite number") }
        return value
    }

    /// A real value; `minimum`/`maximum` are inclusive unless `exclusiveMinimum`.
    public func double(_ name: String, minimum: Double? = nil, exclusiveMinimum: Bool = false,
                       maximum: Double? = nil) throws(InputError) -> Double? {
        guard let text = values[name] else { return nil }
        let value = try Self.parseNumber(text, option: name)
        try Self.check(value, name: name, text: text, minimum: minimum, exclusiveMinimum: exclusiveMinimum, maximum: maximum)
        return value
    }

    /// A required real value.
    public func requiredDouble(_ name: String, minimum: Double? = nil, exclusiveMinimum: Bool = false,
                               maximum: Double? = nil) throws -> Double {
        guard let v = try double(name, minimum: minimum, exclusiveMinimum: exclusiveMinimum, maximum: maximum) else {
            throw UsageError("missing required option --\(name)")
        }
        return v
    }

    /// An integer value, written as an integer or in exponent form ("1e6"); it must be whole.
    public func int(_ name: String, minimum: Int? = nil, maximum: Int? = nil) throws(InputError) -> Int? {
        guard let text = values[name] else { return nil }
        let value = try Self.parseNumber(text, option: name)
        guard value == value.rounded(), abs(value) <= 9.0e15 else {
            throw InputError("--\(name): '\(text)' is not a whole number")
        }
        let n = Int(value)
        if let minimum, n < minimum { throw InputError("--\(name): \(text) is below the minimum \(minimum)") }
        if let maximum, n > maximum { throw InputError("--\(name): \(text) is above the maximum \(maximum)") }
        return n
    }

    public func requiredInt(_ name: String, minimum: Int? = nil, maximum: Int? = nil) throws -> Int {
        guard let v = try int(name, minimum: minimum, maximum: maximum) else {
            throw UsageError("missing required option --\(name)")
        }
        return v
    }

    /// A range "A:B" with A < B, each end a finite number within the bounds given.
    public func range(_ name: String, minimum: Double? = nil, exclusiveMinimum: Bool = false,
                      maximum: Double? = nil) throws(InputError) -> ClosedRange<Double>? {
        guard let text = values[name] else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw InputError("--\(name): '\(text)' is not a range A:B") }
        let a = try Self.parseNumber(String(parts[0]), option: name)
        let b = try Self.parseNumber(String(parts[1]), option: name)
        for (v, t) in [(a, String(parts[0])), (b, String(parts[1]))] {
            try Self.check(v, name: name, text: t, minimum: minimum, exclusiveMinimum: exclusiveMinimum, maximum: maximum)
        }
        guard a < b else { throw InputError("--\(name): the range \(text) is empty (need A < B)") }
        return a...b
    }

    /// One of a fixed set of words.
    public func choice(_ name: String, _ allowed: [String]) throws(InputError) -> String? {
        guard let text = values[name] else { return nil }
        guard allowed.contains(text) else {
            throw InputError("--\(name): '\(text)' is not one of \(allowed.joined(separator: ", "))")
        }
        return text
    }

    private static func check(_ value: Double, name: String, text: String, minimum: Double?,
                              exclusiveMinimum: Bool, maximum: Double?) throws(InputError) {
        if let minimum {
            if exclusiveMinimum, value <= minimum {
                throw InputError("--\(name): \(text) must be greater than \(minimum.shortDescription)")
            }
            if !exclusiveMinimum, value < minimum {
                throw InputError("--\(name): \(text) must be at least \(minimum.shortDescription)")
            }
        }
        if let maximum, value > maximum { throw InputError("--\(name): \(text) must be at most \(maximum.shortDescription)") }
    }
}

extension Double {
    /// "0" rather than "0.0" for whole numbers in messages.
    var shortDescription: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : description
    }
}
