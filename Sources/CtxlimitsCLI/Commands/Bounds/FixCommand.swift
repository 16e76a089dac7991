import Charts
import ContextLimits
import Foundation

extension TrainingRequirement: ArgumentChoice {}

/// `ctxlimits fix`: what to change to run a model at a context — the vendor's recipe and the
/// scalings at the factor their methods prescribe, what each needs, how far the bounds say each
/// goes, the recommended one, the command line per serving stack, and with `--out` the patched
/// config.json.
enum FixCommand {
    static let context = Shared.context.described("the context to run the model at")
    static let allowTraining = Option<TrainingRequirement>.choice(
        "allow-training", "the most training the recommended change may need", default: TrainingRequirement.none)
    static let option = Option<Int>.integer("option", "N", "write option N of the table with --out instead of the recommended one", in: 0...63)
    static let out = Option<String>.text("out", "FILE", "write the config patched with the recommended change to FILE (atomically; never over CONFIG)")

    static let spec = CommandSpec(
        name: "fix",
        summary: "how to run a model at a longer context: the vendor's recipe, YaRN/llama3/dynamic/linear at s = L/L₀, or a new rope_theta, with what each needs",
        usage: ["CONFIG --context L [--allow-training none|fine-tuning|continued-pretraining] [--out FILE [--option N]]"],
        options: [context.declaration, allowTraining.declaration, Shared.epsilon.declaration, Shared.precision.declaration,
                  Shared.convention.declaration, Shared.kernelReading.declaration, Shared.gate.declaration, Shared.horizon.declaration, out.declaration, option.declaration],
        maxPositionals: 1, hasFigure: false,
        details: """
            \(ModelArguments.configHelp). Each option is set at the value its method prescribes, never searched to meet a
            bound: the vendor's recipe for the model's family (at the recipe's own factor), YaRN, llama3, dynamic NTK and
            linear scaling with s = L/L₀ (L₀ = original_max_position_embeddings, else the family's pre-training length
            from its recipe, else max_position_embeddings), and a new rope_theta b·(L/M)^(d/(d−2)), never smaller
            than b. Each says what it requires (none, fine-tuning or continued-pretraining, with its source) and how
            far the gated bounds hold (--gate, as check; max_context, searched up to L). The kernel's threshold walk
            gets 3·2^30 kernel terms for the options the recommendation may pick (the recipe, and those needing no more
            training than allowed) and one scan for the others, whose verdict at L may then be undetermined (check on
            the patched config, or a wider --allow-training, searches further).
            Recommended: among the options needing no more training than --allow-training (default none), one whose
            gated bounds hold at L if any does (else one not proved to fail there), the vendor's recipe first, then the
            one keeping the most rotary channels at their trained frequency. A target the config already serves has
            nothing to change (exit 0); one past the format's precision wall or 2^40 tokens has no option (exit 1). JSON: options (change, rope_theta,
            rope_scaling, max_position_embeddings, requires, requires_source, commands, max_context, holds, verdict),
            recommended, recipe.
            """, outputFiles: ["out"])

    static let command = Subcommand(spec) { try run($0) }

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        guard let specifier = a.positionals.first else { throw UsageError("give a CONFIG") }
        let L = try a.required(context)
        let settings = try Shared.boundSettings(a)
        let horizon = try a.value(Shared.horizon)!
        let allowed = try a.value(allowTraining)!
        let gate = try a.value(Shared.gate)!
        let chosen = try a[option]
        let outPath = try a[out]
        if chosen != nil, outPath == nil { throw UsageError("--option chooses the option --out writes: give --out FILE") }
        if let outPath { try OutputRequest.checkWritable(outPath, option: "out") }
        let input = try ModelArguments.load(specifier)
        guard input.model.rotaryLayerCount > 0 else {
            return Outcome(Report(title: "ctxlimits fix — \(input.name)",
                                  summary: [("model", BoundsPresentation.modelLine(input.model)),
                                            ("nothing to fix", "no rotary attention layers (\(input.model.positionScheme.rawValue)): no RoPE bound applies")],
                                  table: DataTable(columns: columns),
                                  json: .object([("model", .string(input.name)), ("context_length", .integer(L)), ("options", .array([])),
                                                 ("recommended", .null), ("recipe", .null)])))
        }
        let fix: ConfigFix
        do {
            fix = try call.withProgress("fix for \(input.name) at \(L)") { sink throws(ConfigFix.Failure) in
                try ConfigFix(input: input, context: L, settings: settings, gate: gate, allowed: allowed, horizon: horizon, progress: sink)
            }
        } catch {
            if case .interrupted = error { throw Interrupted() }
            throw InputError("\(input.name): \(error)")
        }
        var files: [(path: String, text: String)] = []
        if let outPath, !fix.nothingToChange {
            guard let document = input.document else { throw InputError("--out: \(input.name) has no config document to patch") }
            if let source = document.path, URL(fileURLWithPath: source).resolvingSymlinksInPath().path == URL(fileURLWithPath: outPath).resolvingSymlinksInPath().path {
                throw InputError("--out: \(outPath) is the input config; write the patch to another file")
            }
            if let chosen, chosen >= fix.options.count { throw InputError("--option: \(chosen) is not an option (0 … \(fix.options.count - 1)): nothing written") }
            guard let index = chosen ?? fix.recommended else {
                throw InputError("--out: no option needs no more training than --allow-training \(allowed.rawValue): nothing written")
            }
            do {
                files.append((outPath, JSONWriter.text(try ConfigPatch.apply(fix, option: fix.options[index], to: document))))
            } catch {
                let writable = fix.options.indices.filter { ConfigPatch.problem(fix, option: fix.options[$0], document: document) == nil }
                throw InputError("--out: option \(index) (\(label(fix.options[index]))): \(error); nothing written"
                                 + (writable.isEmpty ? "" : " (options that can be written: \(writable.map(String.init).joined(separator: ", ")); choose one with --option N, or use the command lines)"))
            }
        }
        return Outcome(report(fix), files: files)
    }

    static let columns = ["option", "change", "rope_theta", "rope_scaling", "max_position_embeddings", "requires", "channels_kept",
                          "max_context", "binding_bound", "holds", "note"]

    /// "Qwen3 (YaRN ×4 from 32768)", "dynamic ×3.2", "rope_theta 4.2e6": an option in a few words.
    static func label(_ o: ConfigFix.Option) -> String {
        switch o.change {
        case .recipe: return o.recipe?.name ?? "recipe"
        case .scaling: return ScalingDictionary.label(o.rotary.scaling)
        case .ropeTheta: return "rope_theta \(TextTable.formatNumber(o.ropeTheta))"
        }
    }

    /// The rope dictionary of a configuration, as config.json would hold it (null: no scaling).
    static func scalingJSON(_ rotary: RotaryConfiguration) -> JSONValue {
        ScalingDictionary.node(rotary.scaling).map(JSONValue.init(node:)) ?? .null
    }

    static func reachText(_ o: ConfigFix.Option, horizon: Int) -> String {
        guard let p = o.prediction else { return "" }
        guard let entry = p.gateReach, let m = entry.maxContext else {
            return "≥ \(min(horizon, p.reach.horizon))"
        }
        guard entry.isLowerBound else { return "\(m)" }
        return "≥ \(m)" + (entry.failsFrom.map { ", < \($0)" } ?? "")
    }

    static func holdsText(_ v: ModelPrediction.Verdict) -> String {
        switch v {
        case .holds: "yes"
        case .fails: "no"
        case .undetermined: "undetermined"
        }
    }

    static func row(_ fix: ConfigFix, _ i: Int) -> [Cell] {
        let o = fix.options[i]
        let mark = i == fix.recommended ? " (recommended)" : ""
        return [.text(label(o) + mark), .text(o.change.label), .number(o.ropeTheta), .text(ScalingDictionary.label(o.rotary.scaling)),
                o.maxPositionEmbeddings.map(Cell.integer) ?? .empty, .text(o.requires.rawValue), .integer(o.channelsKept),
                o.prediction == nil ? .empty : .text(reachText(o, horizon: .max)), .text(o.bindingBound?.rawValue ?? ""), .text(holdsText(o.verdict)),
                .text(o.note ?? "")]
    }

    static func commands(_ fix: ConfigFix, _ o: ConfigFix.Option) -> StackCommands {
        let v5 = fix.input.document.map { doc in
            let text = doc.root["text_config"] ?? doc.root
            return text["rope_parameters"].map { !$0.isNull } ?? false
        } ?? false
        return StackCommands(rotary: o.rotary, context: o.servedContext, v5: v5)
    }

    static func optionJSON(_ fix: ConfigFix, _ i: Int) -> JSONValue {
        let o = fix.options[i]
        let c = commands(fix, o)
        var writable = JSONValue.null
        if let document = fix.input.document { writable = .bool(ConfigPatch.problem(fix, option: o, document: document) == nil) }
        let maxContext: JSONValue = o.maxContext.map(JSONValue.integer) ?? .null
        let searched: JSONValue = o.prediction.map { .integer($0.reach.horizon) } ?? .null
        let commandLines = JSONValue.object([("vllm", .string(c.vllm)), ("sglang", .string(c.sglang)),
                                             ("llama_cpp", c.llamaCpp.map(JSONValue.string) ?? .null), ("transformers", .string(c.transformers)),
                                             ("llama_cpp_note", c.llamaCppNote.map(JSONValue.string) ?? .null)])
        return .object([
            ("change", .string(o.change.label)), ("label", .string(label(o))), ("rope_theta", .number(o.ropeTheta)),
            ("rope_scaling", scalingJSON(o.rotary)), ("factor", .optional(o.factor)),
            ("original_max_position_embeddings", o.rotary.scaling.originalMaxPositionEmbeddings.map(JSONValue.integer) ?? .null),
            ("max_position_embeddings", o.maxPositionEmbeddings.map(JSONValue.integer) ?? .null),
            ("served_context", .integer(o.servedContext)),
            ("requires", .string(o.requires.rawValue)), ("requires_source", .string(o.evidence.source)),
            ("channels_kept", .integer(o.channelsKept)),
            ("max_context", maxContext), ("search_horizon", searched),
            ("max_context_is_lower_bound", .bool(o.prediction?.gateReach?.isLowerBound ?? false)),
            ("max_context_fails_from", o.prediction?.gateReach?.failsFrom.map(JSONValue.integer) ?? .null),
            ("binding_bound", o.bindingBound.map { .string($0.rawValue) } ?? .null),
            ("holds", .bool(o.holds)), ("verdict", .string(BoundsPresentation.verdictName(o.verdict))),
            ("writable", writable),
            ("commands", commandLines),
            ("note", o.note.map(JSONValue.string) ?? .null),
        ])
    }

    static func recipeJSON(_ fix: ConfigFix) -> JSONValue {
        guard let r = fix.recipe else { return .null }
        return .object([("name", .string(r.name)), ("provenance", .string(r.provenance)), ("context", .integer(r.context)),
                        ("original_max_position_embeddings", .integer(r.originalContext)),
                        ("reaches_context", .bool(r.context >= fix.context)),
                        ("requires", .string(r.evidence.requirement.rawValue)), ("requires_source", .string(r.evidence.source)),
                        ("option", fix.recipeOption.map(JSONValue.integer) ?? .null)])
    }

    static let rankingRule = "Recommended: among the options needing no more training than --allow-training, one whose gated bounds hold at L if any does (else one not proved to fail there) — the vendor's recipe first, then the one keeping the most rotary channels at their trained frequency."

    static func report(_ fix: ConfigFix) -> Report {
        let f = TextTable.formatNumber
        let L = fix.context
        var table = DataTable(columns: columns)
        for i in fix.options.indices { table.append(row(fix, i)) }
        let recommended = fix.recommended
        let json = JSONValue.object([
            ("model", .string(fix.input.name)), ("context_length", .integer(L)),
            ("precision", .string(fix.settings.precision.name)), ("epsilon", .number(fix.settings.epsilon)),
            ("allow_training", .string(fix.allowed.rawValue)),
            ("layer_type", .string(fix.targetKind.rawValue)),
            ("original", .object([("rope_theta", .number(fix.original.base)), ("rope_scaling", scalingJSON(fix.original)),
                                  ("max_position_embeddings", fix.original.maxPositionEmbeddings.map(JSONValue.integer) ?? .null),
                                  ("original_max_position_embeddings", .integer(fix.originalContext))])),
            ("current_context", fix.currentContext.map(JSONValue.integer) ?? .null),
            ("nothing_to_change", .bool(fix.nothingToChange)),
            ("recipe", recipeJSON(fix)),
            ("options", .array(fix.options.indices.map { optionJSON(fix, $0) })),
            ("ranking", .array(fix.ranking.map(JSONValue.integer))),
            ("recommended", recommended.map(JSONValue.integer) ?? .null),
            ("precision_wall", .number(fix.precisionWall)),
        ])
        var summary: [(String, String)] = [
            ("model", BoundsPresentation.modelLine(fix.input.model)),
            ("changing", "\(fix.targetKind.rawValue) layers: rope_theta \(f(fix.original.base)), \(fix.original.scaling == .none ? "no scaling" : ScalingDictionary.label(fix.original.scaling)); serves \(fix.currentContext.map(String.init) ?? "—") tokens now"),
        ]
        if fix.nothingToChange {
            summary.append(("nothing to change", "L = \(L) is within the \(fix.currentContext!) tokens transformers, vLLM (--max-model-len) and llama.cpp all read from this config (check reports its bounds there)"))
            return Report(title: "ctxlimits fix — \(fix.input.name)", summary: summary, table: table, json: json)
        }
        summary.append(("target", "L = \(L) tokens, s = L/L₀ = \(f(Double(L) / Double(fix.originalContext))) from L₀ = \(fix.originalContext); \(fix.settings.precision.name) angles, ε = \(f(fix.settings.epsilon))"))
        if let r = fix.recipe {
            summary.append(("vendor recipe", "\(r.name), serving \(r.context) tokens: " + (r.context >= L ? "reaches L" : "does not reach L")
                            + "; requires \(r.evidence.requirement.rawValue) (\(r.provenance))"))
        } else {
            summary.append(("vendor recipe", "none known for this model family"))
        }
        if let i = recommended {
            let o = fix.options[i]
            let reach = o.prediction?.gateReach
            let verdict: String
            switch o.verdict {
            case .holds:
                verdict = "the gated bounds hold at L" + (o.maxContext.map { " (up to \(reach?.isLowerBound == true ? "at least " : "")\($0) tokens)" } ?? " (to the search horizon)")
            case .undetermined:
                verdict = "undetermined at L: the \(o.bindingBound?.rawValue ?? "gated") bound holds up to at least \(o.maxContext ?? 0) tokens, and its search stopped at fix's work limit (check on the patched config searches further)"
            case .fails:
                verdict = "\(o.bindingBound?.rawValue ?? "a") bound fails" + (reach?.failsFrom.map { " from \($0) tokens at the latest (holds up to at least \(o.maxContext ?? 0))" }
                                                                          ?? o.maxContext.map { " past \($0) tokens" } ?? "")
            }
            summary.append(("recommended", "option \(i), \(label(o)): rope_theta \(f(o.ropeTheta)), \(ScalingDictionary.label(o.rotary.scaling)), max_position_embeddings \(o.maxPositionEmbeddings.map(String.init) ?? "—"); requires \(o.requires.rawValue); \(verdict)"))
            if !o.holds {
                if let better = fix.ranking.first(where: { fix.options[$0].holds }) {
                    summary.append(("larger step", "with \(fix.options[better].requires.rawValue): option \(better), \(label(fix.options[better])), holds the gated bounds at L (--allow-training \(fix.options[better].requires.rawValue))"))
                } else {
                    if let furthest = fix.options.indices.max(by: { (fix.options[$0].maxContext ?? .max) < (fix.options[$1].maxContext ?? .max) }),
                       let reach = fix.options[furthest].maxContext {
                        let atLeast = fix.options[furthest].prediction?.gateReach?.isLowerBound == true ? "at least " : ""
                        summary.append(("furthest", "option \(furthest), \(label(fix.options[furthest])), holds the gated bounds up to \(atLeast)\(reach) tokens; requires \(fix.options[furthest].requires.rawValue)"))
                    }
                    let open = fix.options.indices.filter { $0 != i && fix.options[$0].verdict == .undetermined }
                    if open.isEmpty {
                        let step = o.bindingBound == .precision
                            ? "angles in a wider format than \(fix.settings.precision.name) (--precision fp64)"
                            : "a larger rope_theta than any option's, which needs continued pre-training (check shows each bound's min_rope_theta)"
                        summary.append(("larger step", "no option holds the gated bounds at L; the \(o.bindingBound?.rawValue ?? "binding") bound of the recommended one needs " + step))
                    } else {
                        let most = open.map { fix.options[$0].requires }.max()!
                        summary.append(("undetermined", "option\(open.count == 1 ? "" : "s") \(open.map(String.init).joined(separator: ", ")) not settled at L: past --allow-training \(fix.allowed.rawValue) an option gets one kernel scan, not the full search (--allow-training \(most.rawValue) searches \(open.count == 1 ? "it" : "them"))"))
                    }
                }
            }
            let c = commands(fix, o)
            summary.append(("vLLM", c.vllm))
            summary.append(("SGLang", c.sglang))
            summary.append(("llama.cpp", c.llamaCpp ?? c.llamaCppNote ?? ""))
            summary.append(("transformers", c.transformers))
        } else {
            summary.append(("recommended", "none: every option needs more training than --allow-training \(fix.allowed.rawValue)"))
        }
        return Report(title: "ctxlimits fix — \(fix.input.name)", summary: summary, table: table,
                      notes: [rankingRule,
                              "requires: what the trained weights need for the option, from the source in the JSON's requires_source; max_context: how far the gated bounds hold (searched up to L; ≥ L: holds throughout); writable (JSON): --out can write it so every stack reads L.",
                              "Bounds after Liu (2026, reconstructed) and Men et al. (2024), under this tool's conventions."],
                      json: json)
    }
}
