import Foundation

/// A command line split into positionals, option values and flags, read through typed
/// ``Option`` declarations. Values that are present but unusable (not a number, outside the
/// allowed range) throw ``InputError`` naming the option; structural problems (unknown option,
/// missing value, an option the chosen form of a command does not use) throw ``UsageError``.
public struct ParsedArguments: Sendable {
    public private(set) var positionals: [String] = []
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    private let commandName: String

    /// Parses `arguments` (without the subcommand name) against `spec`.
    /// Accepts `--key value` and `--key=value`; `--` ends the options.
    public init(_ arguments: [String], spec: CommandSpec) throws(UsageError) {
        commandName = spec.name
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
            guard let valueName = option.valueName else {
                guard inlineValue == nil else { throw UsageError("option --\(name) takes no value") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard i < arguments.count else { throw UsageError("option --\(name) needs a value (\(valueName))") }
                value = arguments[i]
                // `--base --head-dim 128`: the next word is an option, not --base's value (give a value
                // that starts with "--" as --base=VALUE).
                if value.hasPrefix("--"), known[String(value.dropFirst(2).prefix { $0 != "=" })] != nil {
                    throw UsageError("option --\(name) needs a value (\(valueName)); '\(value)' after it is an option")
                }
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

    /// Whether an option or flag with this name was given.
    public func has(_ name: String) -> Bool { values[name] != nil || flags.contains(name) }
    public func has(_ flag: Flag) -> Bool { flags.contains(flag.name) }
    public func has<V>(_ option: Option<V>) -> Bool { values[option.name] != nil }

    /// The names of the options and flags given.
    var givenNames: Set<String> { Set(values.keys).union(flags) }

    /// The raw text of an option, for messages.
    public func text(_ name: String) -> String? { values[name] }

    /// Every positional (a CONFIG: the only positional any command takes) and option value as
    /// given, labelled ("the input config", "--measurements"), except
    /// the options named in `excluded`: what the command may read, for ``OutputPaths``.
    func texts(excluding excluded: Set<String>) -> [(label: String, text: String)] {
        positionals.map { ("the input config", $0) }
            + values.filter { !excluded.contains($0.key) }.sorted { $0.key < $1.key }.map { ("--\($0.key)", $0.value) }
    }

    /// The option's value if it was given, nil otherwise.
    public subscript<V>(option: Option<V>) -> V? {
        get throws(InputError) {
            guard let text = values[option.name] else { return nil }
            return try option.parse(text)
        }
    }

    /// The option's value if given, else its declared default (nil without one).
    public func value<V>(_ option: Option<V>) throws(InputError) -> V? {
        try self[option] ?? option.defaultValue
    }

    /// The option's value if given, else its default; a usage error when it has neither.
    public func required<V>(_ option: Option<V>) throws -> V {
        guard let v = try value(option) else { throw UsageError("missing required option --\(option.name)") }
        return v
    }

    /// Refuses every given option or flag outside `allowed` (plus the output options): an option
    /// that would not change the result of this form of the command is a usage error.
    public func restrict(to allowed: [OptionDeclaration], form: String) throws(UsageError) {
        let names = Set((allowed + CommandSpec.outputOptions).map(\.name))
        let given = (Array(values.keys) + Array(flags)).sorted()
        if let extra = given.first(where: { !names.contains($0) }) {
            throw UsageError("--\(extra) has no effect on \(form) of 'ctxlimits \(commandName)' (see 'ctxlimits \(commandName) --help')")
        }
    }
}
