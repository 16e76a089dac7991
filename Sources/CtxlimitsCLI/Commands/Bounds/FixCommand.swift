import Charts
import ContextLimits
import Foundation

/// `ctxlimits fix`: the changes that make every bound hold at a target context, the smallest one
/// recommended, and the patched config.json with `--out`.
enum FixCommand {
    static let context = Shared.context.described("the context every bound must hold at")
    static let out = Option<String>.text("out", "FILE", "write the config patched with the recommended change to FILE (atomically; never over CONFIG)")

    static let spec = CommandSpec(
        name: "fix",
        summary: "what to change (rope_theta, or a YaRN/linear/llama3/dynamic factor) so that every bound holds at a context",
        usage: ["CONFIG --context L [--precision P] [--epsilon E] [--out FILE]"],
        options: [context.declaration, Shared.epsilon.declaration, Shared.precision.declaration, Shared.convention.declaration,
                  Shared.horizon.declaration, out.declaration],
        maxPositionals: 1, hasFigure: false,
        details: """
            \\(ModelArguments.configHelp). Each candidate's knob is searched for its smallest value that meets every
            bound (the phase-modulation bounds give an interval; the kernel bound is met by a certified walk), applied
            to the layers attending over the longest span, and the patched model is checked with every bound. The
            recommended change makes every bound hold with the smallest distortion max_k |ln(θ′_k/θ_k)| of the
            spectrum. JSON: options (change, rope_theta, rope_scaling, max_context, holds), recommended.
            """, outputFiles: ["out"])

    static let command = Subcommand(spec) { try run($0) }

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        guard let specifier = a.positionals.first else { throw UsageError("give a CONFIG") }
        let L = try a.required(context)
        let settings = try Shared.boundSettings(a)
        let horizon = try a.value(Shared.horizon)!
        let outPath = try a[out]
        if let outPath { try OutputRequest.checkWritable(outPath, option: "out") }
        let input = try ModelArguments.load(specifier)
        guard input.model.rotaryLayerCount > 0 else {
            return Outcome(Report(title: "ctxlimits fix — \(input.name)",
                                  summary: [("model", BoundsPresentation.modelLine(input.model)),
                                            ("nothing to fix", "no rotary attention layers (\(input.model.positionScheme.rawValue)): no RoPE bound applies")],
                                  table: DataTable(columns: columns),
                                  json: .object([("model", .string(input.name)), ("context_length", .integer(L)), ("options", .array([])),
                                                 ("recommended", .null)])))
        }
        try BoundsCommand.checkWork(input, context: L, horizon: horizon)
        let fix: ConfigFix
        do {
            fix = try call.withProgress("fix search for \(input.name) at \(L)") { sink throws(ConfigFix.Failure) in
                try ConfigFix(input: input, context: L, settings: settings, horizon: horizon, progress: sink)
            }
        } catch {
            if case .interrupted = error { throw Interrupted() }
            throw InputError("\(input.name): \(error)")
        }
        var files: [(path: String, text: String)] = []
        if let outPath {
            guard let document = input.document else { throw InputError("--out: \(input.name) has no config document to patch") }
            if let source = document.path, URL(fileURLWithPath: source).resolvingSymlinksInPath().path == URL(fileURLWithPath: outPath).resolvingSymlinksInPath().path {
                throw InputError("--out: \(outPath) is the input config; write the patch to another file")
            }
            guard let index = fix.recommended else { throw InputError("--out: no change makes every bound hold at \(L): nothing written") }
            do {
                files.append((outPath, JSONWriter.text(try ConfigPatch.apply(fix, option: fix.options[index], to: document))))
            } catch {
                throw InputError("--out: \(error)")
            }
        }
        return Outcome(report(fix), files: files)
    }

    static let columns = ["change", "rope_theta", "rope_scaling", "distortion", "max_context", "binding_bound", "holds", "note"]

    /// The rope dictionary of a configuration, as config.json would hold it (nil: no scaling).
    static func scalingJSON(_ rotary: RotaryConfiguration) -> JSONValue {
        switch rotary.scaling {
        case .none: return .null
        case let .linear(s), let .dynamic(s), let .proportional(s):
            return .object([("rope_type", .string(rotary.scaling.ropeType.rawValue)), ("factor", .number(s))])
        case let .yarn(y):
            return .object([("rope_type", .string("yarn")), ("factor", .optional(y.factor)),
                            ("original_max_position_embeddings", .integer(y.originalMaxPositionEmbeddings))])
        case let .llama3(p):
            return .object([("rope_type", .string("llama3")), ("factor", .number(p.factor)), ("low_freq_factor", .number(p.lowFreqFactor)),
                            ("high_freq_factor", .number(p.highFreqFactor)), ("original_max_position_embeddings", .integer(p.originalMaxPositionEmbeddings))])
        case let .longrope(p):
            return .object([("rope_type", .string("longrope")), ("factor", .optional(p.factor)),
                            ("original_max_position_embeddings", .integer(p.originalMaxPositionEmbeddings))])
        }
    }

    static func scalingText(_ rotary: RotaryConfiguration) -> String {
        let f = TextTable.formatNumber
        switch rotary.scaling {
        case .none: return "none"
        case let .linear(s), let .dynamic(s), let .proportional(s): return "\(rotary.scaling.ropeType.rawValue) ×\(f(s))"
        case let .yarn(y): return "yarn ×\(f(y.factor ?? 0)) from \(y.originalMaxPositionEmbeddings)"
        case let .llama3(p): return "llama3 ×\(f(p.factor)) from \(p.originalMaxPositionEmbeddings)"
        case let .longrope(p): return "longrope from \(p.originalMaxPositionEmbeddings)"
        }
    }

    static func row(_ o: ConfigFix.Option, recommended: Bool) -> [Cell] {
        var theta = Cell.empty, scaling = Cell.empty, distortion = Cell.empty, reach = Cell.empty, binding = ""
        if let rotary = o.rotary {
            theta = .number(rotary.base)
            scaling = .text(scalingText(rotary))
        }
        if let d = o.distortion { distortion = .number(d) }
        if let r = o.prediction?.reach {
            reach = r.maxContext.map(Cell.integer) ?? .text("≥ \(r.horizon)")
            binding = r.bindingBound?.rawValue ?? ""
        }
        return [.text(o.change.label + (recommended ? " (recommended)" : "")), theta, scaling, distortion, reach, .text(binding),
                .bool(o.holds), .text(o.note ?? "")]
    }

    static func optionJSON(_ o: ConfigFix.Option) -> JSONValue {
        var scaling = JSONValue.null
        if let rotary = o.rotary { scaling = scalingJSON(rotary) }
        var maxContext = JSONValue.null, binding = JSONValue.null
        if let reach = o.prediction?.reach {
            if let m = reach.maxContext { maxContext = .integer(m) }
            if let b = reach.bindingBound { binding = .string(b.rawValue) }
        }
        return .object([("change", .string(o.change.label)), ("rope_theta", .optional(o.ropeTheta)), ("rope_scaling", scaling),
                        ("distortion", .optional(o.distortion)), ("max_context", maxContext), ("binding_bound", binding),
                        ("holds", .bool(o.holds)), ("note", o.note.map(JSONValue.string) ?? .null)])
    }

    static func report(_ fix: ConfigFix) -> Report {
        var table = DataTable(columns: columns)
        let f = TextTable.formatNumber
        let recommended = fix.recommended
        for (i, o) in fix.options.enumerated() { table.append(row(o, recommended: i == recommended)) }
        let json = JSONValue.object([
            ("model", .string(fix.input.name)), ("context_length", .integer(fix.context)),
            ("precision", .string(fix.settings.precision.name)), ("epsilon", .number(fix.settings.epsilon)),
            ("layer_type", .string(fix.targetKind.rawValue)),
            ("original", .object([("rope_theta", .number(fix.original.base)), ("rope_scaling", scalingJSON(fix.original))])),
            ("options", .array(fix.options.map(optionJSON))),
            ("recommended", fix.recommended.map(JSONValue.integer) ?? .null),
            ("precision_wall", .number(fix.precisionWall)),
            ("narrowest_format", fix.narrowestFormat.map { .string($0.name) } ?? .null),
        ])
        var summary: [(String, String)] = [
            ("model", BoundsPresentation.modelLine(fix.input.model)),
            ("target", "every bound at L = \(fix.context) tokens (\(fix.settings.precision.name) angles, ε = \(f(fix.settings.epsilon)))"),
            ("changing", "\(fix.targetKind.rawValue) layers: rope_theta \(f(fix.original.base)), \(scalingText(fix.original))"),
        ]
        if let i = recommended, let rotary = fix.options[i].rotary {
            let distortion = fix.options[i].distortion ?? 0
            summary.append(("recommended", "\(fix.options[i].change.label): rope_theta \(f(rotary.base)), \(scalingText(rotary)); distortion \(f(distortion))"))
        } else {
            summary.append(("recommended", "none: no candidate makes every bound hold at \(fix.context)"))
            if Double(fix.context) > fix.precisionWall {
                summary.append(("precision wall", "L = \(fix.context) is past the \(fix.settings.precision.name) wall \(f(fix.precisionWall)): no base meets depth and precision together"))
            }
            summary.append(("wider formats", fix.narrowestFormat.map { "the narrowest format in which a change exists: \($0.name) (--precision \($0.name))" }
                            ?? "no format up to fp64 admits one"))
        }
        return Report(title: "ctxlimits fix — \(fix.input.name)", summary: summary, table: table,
                      notes: ["distortion = max over channels of |ln(θ′/θ)| at the target context: how far the trained frequencies move.",
                              "Bounds after Liu (2026, reconstructed) and Men et al. (2024), under this tool's conventions."],
                      json: json)
    }
}
