import Charts
import ContextLimits

/// `ctxlimits check`: a model config against every bound; exit 3 when one fails.
enum CheckCommand {
    static let list = Flag("list", "list the bundled example configs")
    static let all = Flag("all", "check every bundled config (or every config in --models DIR): the case study")
    static let models = Option<String>.text("models", "DIR", "with --all: the directory of configs")
    static let context = Shared.context.withDefault(nil, text: "the config's max_position_embeddings")

    static let spec = CommandSpec(
        name: "check",
        summary: "check a model config against every bound (exit 3 when one fails)",
        usage: ["CONFIG [--context L] [--precision P] [--epsilon E]", "--all [--models DIR]", "--list"],
        options: [context.declaration] + Shared.boundOptions + [list.declaration, all.declaration, models.declaration],
        maxPositionals: 1,
        details: "\(ModelArguments.configHelp). Exit codes: 0 all bounds hold, 3 a bound fails, 1 bad input.")

    static let command = Subcommand(spec) { call in
        let a = call.arguments
        if a.has(list) {
            try a.restrict(to: [list.declaration], form: "--list")
            return listing()
        }
        if a.has(all) {
            try a.restrict(to: [all.declaration, models.declaration, context.declaration] + Shared.boundOptions, form: "--all")
            return try CaseStudy.run(call)
        }
        try a.restrict(to: [context.declaration] + Shared.boundOptions, form: "the CONFIG form")
        return try run(call)
    }

    static func listing() -> Outcome {
        var table = DataTable(columns: ["name"])
        for name in ConfigSource.bundledNames { table.append([.text(name)]) }
        return Outcome(Report(title: "Bundled example configs", table: table, json: .array(ConfigSource.bundledNames.map(JSONValue.string))))
    }

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        guard let specifier = a.positionals.first else { throw UsageError("give a CONFIG (or --all, --list)") }
        let settings = try Shared.boundSettings(a)
        let given = try a[context]
        let input = try ModelArguments.load(specifier)
        guard input.model.rotaryLayerCount > 0 else { return withoutRoPE(input, context: given) }
        let L = try ModelArguments.context(a, context, for: input)
        let prediction = try BoundsCommand.prediction(input, context: L, settings: settings, horizon: try a.value(Shared.horizon)!,
                                                      kernelThreshold: a.has(Shared.kernelThreshold), call: call)
        return Outcome(BoundsPresentation.report(prediction, title: "ctxlimits check — \(input.name)"),
                       exitCode: prediction.report.feasible ? .success : .boundViolated)
    }

    /// A model without rotary layers: no RoPE bound applies; its recurrent part is still reported.
    static func withoutRoPE(_ input: ModelInput, context: Int?) -> Outcome {
        let model = input.model
        var summary = [("model", BoundsPresentation.modelLine(model)),
                       ("positions", "no rotary attention layers (\(model.positionScheme.rawValue)): no RoPE bound applies")]
        var json: [(String, JSONValue)] = [("model", .string(model.name)), ("position_scheme", .string(model.positionScheme.rawValue)),
                                           ("groups", .array([]))]
        if model.recurrentLayerCount > 0 {
            let r = RecurrentReport(model: model)
            let L = context ?? model.advertisedContext ?? RecurrentReport.defaultContext
            summary += BoundsPresentation.recurrentSummary(r, context: L)
            json.append(("recurrent", BoundsPresentation.recurrentJSON(r, context: L)))
        }
        json.append(("feasible", .bool(true)))
        return Outcome(Report(title: "ctxlimits check — \(model.name)", summary: summary,
                              table: DataTable(columns: BoundsPresentation.tableColumns), json: .object(json)))
    }
}
