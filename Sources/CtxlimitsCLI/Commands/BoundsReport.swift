import Charts
import ContextLimits
import Foundation

/// The report shared by `ctxlimits bounds` and `ctxlimits check`.
enum BoundsReport {
    static let options: [CommandSpec.Option] = [
        .init("context", "L", "context length (default: the config's max_position_embeddings)"),
        .init("epsilon", "E", "coherence threshold ε in (0, 1) (default 0.5; see Guides/Bounds.md)"),
        .init("precision", "P", "format of the angle computation: fp64 fp32 tf32 fp16 bf16 fp8-e4m3 fp8-e5m2 (default fp32)"),
        .init("convention", "C", "exact (ω_min of the scaled spectrum, default) or paper (ω_min ≈ 1/rope_theta)"),
    ]

    static let notes = [
        "Bounds after Liu (2026), read from a secondary summary and reconstructed here: they are this tool's verdicts under its stated conventions, not the paper's.",
        "exact convention: thresholds compare to the effective base 1/ω_min of the scaled spectrum; sliding/chunked layers use min(L, window); depth N = layers that apply RoPE.",
    ]

    struct Settings {
        var context: Int?
        var epsilon: Double
        var precision: FloatFormat
        var convention: PhaseModulationBounds.Convention
    }

    static func settings(_ args: ParsedArguments) throws -> Settings {
        let epsilon = try args.double("epsilon", minimum: 0, exclusiveMinimum: true, maximum: 1) ?? PhaseModulationBounds.defaultEpsilon
        guard epsilon < 1 else { throw InputError("--epsilon: must be below 1 (ε = 1 makes every lower bound infinite)") }
        let precision = try ModelInput.format(args, default: .fp32)
        let convention = try args.choice("convention", PhaseModulationBounds.Convention.allCases.map(\.rawValue))
            .flatMap(PhaseModulationBounds.Convention.init(rawValue:)) ?? .exact
        return Settings(context: try args.int("context", minimum: 1, maximum: 1 << 40), epsilon: epsilon, precision: precision, convention: convention)
    }

    static func modelReport(_ model: ModelDescription, _ s: Settings) throws -> ModelReport {
        guard let context = s.context ?? model.advertisedContext else {
            throw UsageError("\(model.name) has no max_position_embeddings: give --context")
        }
        _ = try ModelInput.rotaryGroups(model)
        do {
            return try ModelReport(model: model, context: context, epsilon: s.epsilon, precision: s.precision, convention: s.convention)
        } catch {
            throw InputError("\(model.name): \(error)")
        }
    }

    static func boundsObject(_ g: ModelReport.Group) -> JSONValue {
        var pairs: [(String, JSONValue)] = g.checks.map { c in
            (c.name, .object([(c.isLowerBound ? "min_base" : "max_base", .number(c.threshold)), ("holds", .bool(c.holds))]))
        }
        pairs.append(("kernel", .object([("min_base", .null), ("min_kernel", .number(g.minKernel)),
                                         ("argmin_distance", .integer(g.argminDistance)), ("holds", .bool(g.kernelHolds))])))
        return .object(pairs)
    }

    static func groupFields(_ r: ModelReport, _ g: ModelReport.Group) -> [(String, JSONValue)] {
        [("context_length", .integer(g.span)), ("layers", .integer(r.depth)), ("epsilon", .number(r.epsilon)),
         ("precision", .string(r.precision.name)), ("convention", .string(r.convention.rawValue)),
         ("rope_theta", .number(g.rotary.base)), ("rope_type", .string(g.spectrum.ropeType)), ("rotary_dim", .integer(g.spectrum.rotaryDim)),
         ("min_inv_freq", .number(g.spectrum.minInverseFrequency)), ("effective_base", .number(g.spectrum.effectiveBase)),
         ("dc_coherence", .number(g.dcCoherence)), ("depth_coherence", .number(g.depthCoherence)),
         ("feasible_interval", g.bounds.feasibleInterval.map { .numbers([$0.lowerBound, $0.upperBound]) } ?? .null),
         ("bounds", boundsObject(g)), ("feasible", .bool(g.feasible))]
    }

    static func json(_ r: ModelReport) -> JSONValue {
        let primary = r.primary!
        return .object([("model", .string(r.model.name)), ("model_context_length", .integer(r.context))]
            + groupFields(r, primary)
            + [("precision_walls", .object(r.precisionWalls.map { ($0.0.name, .number($0.1)) })),
               ("groups", .array(r.groups.map { g in .object([("layer_type", .string(g.label)), ("layer_indices", .array(g.layers.map(JSONValue.integer)))] + groupFields(r, g)) })),
               ("verdict", .string(r.feasible ? "feasible" : "violated"))])
    }

    static func table(_ r: ModelReport) -> DataTable {
        var t = DataTable(columns: ["layer_type", "bound", "kind", "threshold", "value", "holds"])
        for g in r.groups {
            for c in g.checks {
                t.append([.text(g.label), .text(c.name), .text(c.isLowerBound ? "min_base" : "max_base"), .number(c.threshold), .number(c.value), .bool(c.holds)])
            }
            t.append([.text(g.label), .text("kernel"), .text("min K(m) ≥ 0"), .number(0), .number(g.minKernel), .bool(g.kernelHolds)])
        }
        return t
    }

    static func summary(_ r: ModelReport) -> [(String, String)] {
        var lines: [(String, String)] = [
            ("model", r.model.name + (r.model.modelType.map { " (\($0))" } ?? "")),
            ("context", "L = \(r.context) tokens"),
            ("depth", "N = \(r.depth) RoPE layers of \(r.model.layerCount)"),
            ("coherence threshold", "ε = \(TextTable.formatNumber(r.epsilon))"),
            ("angle precision", "\(r.precision.name) (ε_mach = \(TextTable.formatNumber(r.precision.machineEpsilon)))"),
            ("convention", r.convention == .exact ? "exact: ω_min of the scaled spectrum" : "paper: ω_min ≈ 1/rope_theta"),
        ]
        for g in r.groups {
            lines.append((g.label, "\(g.spectrum.ropeType), rope_theta \(TextTable.formatNumber(g.rotary.base)), effective base \(TextTable.formatNumber(g.spectrum.effectiveBase)), span \(g.span)"))
            lines.append(("  coherence", "cos(L·ω_min) = \(TextTable.formatNumber(g.dcCoherence)), over \(r.depth) layers \(TextTable.formatNumber(g.depthCoherence))"))
            let interval = g.bounds.feasibleInterval.map { "[\(TextTable.formatNumber($0.lowerBound)), \(TextTable.formatNumber($0.upperBound)))" } ?? "empty"
            lines.append(("  feasible bases", interval + " (effective base)"))
            lines.append(("  verdict", g.feasible ? "all bounds hold" : "violated: " + (g.checks.filter { !$0.holds }.map(\.name) + (g.kernelHolds ? [] : ["kernel"])).joined(separator: ", ")))
        }
        lines.append(("precision walls", r.precisionWalls.map { "\($0.0.name) \(TextTable.formatNumber($0.1))" }.joined(separator: ", ")))
        lines.append(("verdict", r.feasible ? "FEASIBLE under these conventions" : "VIOLATED under these conventions"))
        return lines
    }

    static func report(_ r: ModelReport, title: String) -> Report {
        var report = Report(title: title, summary: summary(r), table: table(r), notes: notes, json: json(r))
        addRecurrentPart(to: &report, model: r.model, context: r.context)
        return report
    }

    /// For SSMs and hybrids: the recurrent state, its memory against the KV cache at the context,
    /// and the capacity estimates, next to the attention bounds.
    static func addRecurrentPart(to report: inout Report, model: ModelDescription, context: Int?) {
        guard model.recurrentLayerCount > 0 else { return }
        let r = RecurrentReport(model: model)
        let L = context ?? model.advertisedContext ?? 131_072
        let bytes = r.bitsPerElement / 8
        func mib(_ e: Int) -> String { TextTable.formatNumber(Double(e) * bytes / 1_048_576) + " MiB" }
        // The recurrent lines go before the final verdict line, which stays last.
        let verdict = report.summary.last?.0 == "verdict" ? report.summary.removeLast() : nil
        defer { if let verdict { report.summary.append(verdict) } }
        report.summary.append(("recurrent state", "\(r.stateElements) elements in \(r.states.count) layers = \(mib(r.stateElements)); with conv \(r.stateElementsWithConvolution)"))
        if !r.caches.isEmpty { report.summary.append(("KV cache at \(L)", mib(r.cacheElements(atContext: L)) + " in \(r.caches.count) attention layers")) }
        let flag = r.extrapolated ? " (extrapolated)" : ""
        report.summary.append(("capacity", "forget threshold \(TextTable.formatNumber(r.forgetLength)), passkey \(TextTable.formatNumber(r.passkeyLength)) tokens (Stuffed Mamba\(flag)); copy ≤ \(TextTable.formatNumber(r.copyLength)) tokens"))
        guard case var .object(pairs) = report.json else { return }
        pairs.append(("recurrent", .object([
            ("state_elements", .integer(r.stateElements)), ("state_elements_with_conv", .integer(r.stateElementsWithConvolution)),
            ("kv_cache_elements", .integer(r.cacheElements(atContext: L))), ("forget_length", .number(r.forgetLength)),
            ("passkey_length", .number(r.passkeyLength)), ("copy_length", .number(r.copyLength)), ("laws_extrapolated", .bool(r.extrapolated)),
        ])))
        report.json = .object(pairs)
    }
}

/// `ctxlimits bounds`: the phase-modulation bounds for a config or bare parameters.
enum BoundsCommand {
    static let spec = CommandSpec(
        name: "bounds",
        summary: "phase-modulation bounds on the base (aliasing, DC stability, depth, precision) and the kernel",
        usage: ["CONFIG [--context L] [--epsilon E] [--precision P]", "--base B --head-dim D --layers N --context L [--scaling TYPE --factor S ...]"],
        options: RotaryOptions.options + [.init("layers", "N", "number of RoPE layers (with bare parameters)")] + BoundsReport.options,
        maxPositionals: 1,
        details: "\(ModelInput.help). Prints the verdicts; exits 0 either way (ctxlimits check exits 3 on a violation).")

    static let command = Subcommand(spec) { args, _ in try run(args) }

    static func run(_ args: ParsedArguments) throws -> Outcome {
        let settings = try BoundsReport.settings(args)
        let model: ModelDescription
        if let specifier = args.positionals.first {
            guard !args.has("base") else { throw UsageError("give either CONFIG or --base/--head-dim, not both") }
            model = try ModelInput.load(specifier)
        } else {
            guard args.has("base") || args.has("head-dim") else { throw UsageError("give CONFIG or --base, --head-dim, --layers and --context") }
            let rotary = try RotaryOptions.configuration(args)
            let layers = try args.requiredInt("layers", minimum: 1, maximum: 100_000)
            guard settings.context != nil else { throw UsageError("missing required option --context") }
            let attention = AttentionLayer(kind: .full, rotary: rotary, window: nil, heads: 1, kvHeads: 1, headDim: rotary.headDim)
            model = ModelDescription(name: "parameters", modelType: nil, dtypeName: nil, dtype: nil, advertisedContext: settings.context,
                                     originalContext: nil, hiddenSize: nil,
                                     layers: Array(repeating: LayerDescription(attention: attention), count: layers), positionScheme: "rope")
        }
        let report = try BoundsReport.modelReport(model, settings)
        return Outcome(BoundsReport.report(report, title: "Phase-modulation bounds on the RoPE base"))
    }
}

/// `ctxlimits check`: a model config against every bound; exit 3 when one fails.
enum CheckCommand {
    static let spec = CommandSpec(
        name: "check",
        summary: "check a model config against every bound (exit 3 when one fails)",
        usage: ["CONFIG [--context L] [--precision P] [--epsilon E]", "--all [--models DIR]", "--list"],
        options: BoundsReport.options + [
            .init("list", nil, "list the bundled example configs"),
            .init("all", nil, "check every bundled config (or every config in --models DIR): the case study"),
            .init("models", "DIR", "with --all: the directory of configs"),
        ],
        maxPositionals: 1,
        details: "\(ModelInput.help). Exit codes: 0 all bounds hold, 3 a bound fails, 1 bad input.")

    static let command = Subcommand(spec) { args, _ in try run(args) }

    static func run(_ args: ParsedArguments) throws -> Outcome {
        if args.has("list") {
            var table = DataTable(columns: ["name"])
            for name in ConfigSource.bundledNames { table.append([.text(name)]) }
            return Outcome(Report(title: "Bundled example configs", table: table, json: .array(ConfigSource.bundledNames.map(JSONValue.string))))
        }
        if args.has("all") { return try caseStudy(args) }
        guard let specifier = args.positionals.first else { throw UsageError("give a CONFIG (or --all, --list)") }
        let model = try ModelInput.load(specifier)
        let settings = try BoundsReport.settings(args)
        guard model.rotaryLayerCount > 0 else {
            var report = Report(title: "ctxlimits check — \(model.name)",
                                summary: [("model", model.name + (model.modelType.map { " (\($0))" } ?? "")),
                                          ("positions", "no rotary attention layers (\(model.positionScheme)): no RoPE bound applies")],
                                table: DataTable(columns: ["layer_type", "bound", "kind", "threshold", "value", "holds"]),
                                json: .object([("model", .string(model.name)), ("position_scheme", .string(model.positionScheme)),
                                               ("groups", .array([])), ("feasible", .bool(true))]))
            BoundsReport.addRecurrentPart(to: &report, model: model, context: settings.context)
            return Outcome(report)
        }
        let report = try BoundsReport.modelReport(model, settings)
        return Outcome(BoundsReport.report(report, title: "ctxlimits check — \(report.model.name)"),
                       exitCode: report.feasible ? .success : .boundViolated)
    }

    /// One row per model: the tool's verdicts at each model's advertised context.
    static func caseStudy(_ args: ParsedArguments) throws -> Outcome {
        let settings = try BoundsReport.settings(args)
        var table = DataTable(columns: ["model", "model_type", "context_length", "layers", "layer_type", "rope_type", "rope_theta", "rotary_dim",
                                        "effective_base", "dc_coherence", "depth_coherence", "aliasing", "dc_stability", "depth",
                                        "precision", "kernel", "min_kernel", "verdict"])
        var rows: [JSONValue] = []
        var violated = 0
        var feasiblePoints: [ScatterSeries.Item] = [], violatedPoints: [ScatterSeries.Item] = []
        for (name, model) in try FeasibilityCommand.models(args.string("models")) {
            guard model.rotaryLayerCount > 0, let context = settings.context ?? model.advertisedContext else {
                table.append([.text(name), .text(model.modelType ?? ""), model.advertisedContext.map(Cell.integer) ?? .empty, .integer(model.layerCount),
                              .empty, .empty, .empty, .empty, .empty, .empty, .empty, .empty, .empty, .empty, .empty, .empty, .empty,
                              .text("no RoPE layers (\(model.positionScheme))")])
                continue
            }
            var s = settings
            s.context = context
            let report = try BoundsReport.modelReport(model, s)
            let g = report.primary!
            let verdict = report.feasible ? "feasible" : "violated: " + report.groups.flatMap { grp in
                grp.checks.filter { !$0.holds }.map(\.name) + (grp.kernelHolds ? [] : ["kernel"])
            }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: ", ")
            if !report.feasible { violated += 1 }
            let point = ScatterSeries.Item(Point(Double(context), g.spectrum.effectiveBase), label: name)
            if report.feasible { feasiblePoints.append(point) } else { violatedPoints.append(point) }
            let holds = Dictionary(uniqueKeysWithValues: g.checks.map { ($0.name, $0.holds) })
            table.append([.text(name), .text(model.modelType ?? ""), .integer(context), .integer(report.depth), .text(g.label), .text(g.spectrum.ropeType),
                          .number(g.rotary.base), .integer(g.spectrum.rotaryDim), .number(g.spectrum.effectiveBase), .number(g.dcCoherence),
                          .number(g.depthCoherence), .bool(holds["aliasing"]!), .bool(holds["dc_stability"]!), .bool(holds["depth"]!),
                          .bool(holds["precision"]!), .bool(g.kernelHolds), .number(g.minKernel), .text(verdict)])
            rows.append(BoundsReport.json(report))
        }
        let summary: [(String, String)] = [("models", "\(table.rows.count)"), ("violating", "\(violated)"),
                                           ("settings", "ε = \(TextTable.formatNumber(settings.epsilon)), \(settings.precision.name) angles, \(settings.convention.rawValue) convention")]
        let contexts = stride(from: 3.0, through: 7.5, by: 0.1).map { pow(10, $0) }
        let depth32 = contexts.map { Point($0, PhaseModulationBounds(context: Int($0), layers: 32, epsilon: settings.epsilon).depthMinBase) }
        let chart = Chart(title: "Case study: bundled configs at their advertised context",
                          subtitle: "this tool's verdicts (ε = \(TextTable.formatNumber(settings.epsilon)), \(settings.precision.name) angles, \(settings.convention.rawValue) convention); the binding layer type of each model",
                          x: Axis("context length L", scale: .log10), y: Axis("effective base 1/ω_min", scale: .log10),
                          layers: [.line(LineSeries("depth bound for N = 32", depth32, color: "#555555", dashed: true)),
                                   .rule(Rule(.horizontal, at: 1 / settings.precision.machineEpsilon, label: "\(settings.precision.name) ceiling")),
                                   .scatter(ScatterSeries("every bound holds", feasiblePoints, color: Palette.color(2), radius: 4.5)),
                                   .scatter(ScatterSeries("a bound fails", violatedPoints, color: Palette.color(1), radius: 4.5))],
                          width: 900, height: 600)
        return Outcome(Report(title: "Case study: the bundled configs under this tool's conventions", summary: summary, table: table,
                              notes: BoundsReport.notes, json: .array(rows), chart: chart),
                       exitCode: violated > 0 ? .boundViolated : .success)
    }
}
