import Charts
import ContextLimits

/// `ctxlimits check`: a model config against every bound; exit 3 when one fails.
enum CheckCommand {
    static let list = Flag("list", "list the bundled example configs")
    static let all = Flag("all", "check every bundled config (or every config in --models DIR): the case study")
    static let models = Option<String>.text("models", "DIR", "with --all: the directory of configs")
    static let strict = Flag("strict", "exit 1 when the config draws a lint warning")

    /// `--context`: tokens, or the context a serving stack derives from the config.
    enum ContextRequest: Sendable {
        case tokens(Int)
        case stack(ConfigReview.Stack)
    }

    static let context = Option<ContextRequest>(
        "context", "L|STACK", "context length in tokens, or the one a serving stack derives: " + ConfigReview.Stack.allCases.map(\.rawValue).joined(separator: ", "),
        allowed: "1 … \(Numbers.size(Shared.maxContext)), or a stack", defaultText: "the config's max_position_embeddings") { text throws(InputError) in
        if let stack = ConfigReview.Stack(rawValue: text) { return .stack(stack) }
        return .tokens(try Option<Int>.integer(text, option: "context", in: 1...Shared.maxContext))
    }

    /// The context a request names for `input` (nil: the advertised one).
    static func resolve(_ request: ContextRequest?, _ input: ModelInput, review: ConfigReview) throws -> Int? {
        switch request {
        case nil: return nil
        case let .tokens(L)?: return L
        case let .stack(stack)?:
            guard let L = review.context(of: stack) else { throw InputError("--context \(stack.rawValue): \(input.name): no context derived by \(stack.rawValue)'s rule") }
            return L
        }
    }

    static let spec = CommandSpec(
        name: "check",
        summary: "check a model config against every bound (exit 3 when one fails)",
        usage: ["CONFIG [--context L|vllm|llama_cpp|transformers] [--precision P] [--epsilon E] [--strict] [--report FILE.html]",
                "--all [--models DIR]", "--list"],
        options: [context.declaration] + Shared.boundOptions + [strict.declaration, CheckReportPage.option.declaration, list.declaration, all.declaration,
                                                               models.declaration],
        maxPositionals: 1,
        details: """
            \(ModelArguments.configHelp). Lint warnings (what transformers warns about, keys stacks ignore, values
            defaulted rather than read, stacks that derive different contexts) go to stderr as "warning: FIELD: MESSAGE"
            and into the JSON under warnings; stacks gives the context transformers, vLLM and llama.cpp derive.
            --report writes one self-contained HTML page (inline SVG and CSS, no script): verdict, reach, the
            per-bound table, warnings, stacks, the spectrum, kernel, erasure and feasibility figures, provenance.
            The headline gives, in order, what the serving stacks derive, the measured effective lengths of this
            config (bundled tables, matched by config identity), each bound's reach with its record against
            measurements, and the verdict of the gated bounds (--gate; default: kernel, read as Men et al. state it).
            Exit codes: 0 the gated bounds hold, 3 a gated bound fails, 1 bad input (or a warning under --strict).
            """, outputFiles: ["report"])

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
        try a.restrict(to: [context.declaration, strict.declaration, CheckReportPage.option.declaration] + Shared.boundOptions, form: "the CONFIG form")
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
        let reportPath = try a[CheckReportPage.option]
        if let reportPath { try OutputRequest.checkWritable(reportPath, option: "report") }
        let (input, review) = try ModelArguments.loadReviewed(specifier, call: call)
        if a.has(strict), !review.warnings.isEmpty {
            throw InputError("--strict: \(input.name) draws \(review.warnings.count) lint warning\(review.warnings.count == 1 ? "" : "s") (listed above)")
        }
        let given = try resolve(try a[context], input, review: review)
        guard input.model.rotaryLayerCount > 0 else {
            for option in [Shared.convention.name, Shared.kernelReading.name, Shared.gate.name] where a.has(option) {
                throw InputError("--\(option): \(input.name) has no rotary attention layers (\(input.model.positionScheme.rawValue)): no RoPE bound applies, so --\(option) has nothing to act on")
            }
            var outcome = withoutRoPE(input, context: given, review: review)
            if let reportPath {
                outcome.files.append((reportPath, try RecurrentReportPage.render(input, review: review, specifier: specifier, context: given)))
            }
            return outcome
        }
        guard let L = given ?? input.model.advertisedContext else {
            throw UsageError("\(input.name) has no max_position_embeddings: give --context")
        }
        let prediction = try BoundsCommand.prediction(input, context: L, settings: settings, horizon: try a.value(Shared.horizon)!,
                                                      kernelThreshold: a.has(Shared.kernelThreshold), gate: try a.value(Shared.gate)!, call: call)
        let files = try reportPath.map { path -> [(path: String, text: String)] in
            let inputs = try call.withProgress("report page of \(input.name)") { sink in
                try BoundsCommand.failures(input) { () throws(ModelReport.Failure) in try ReportInputs(prediction: prediction, progress: sink) }
            }
            return [(path, CheckReportPage.render(inputs, review: review, specifier: specifier))]
        } ?? []
        return Outcome(BoundsPresentation.report(prediction, title: "ctxlimits check — \(input.name)", review: review),
                       exitCode: prediction.holdsUnderGate ? .success : .boundViolated, files: files)
    }

    /// A model without rotary layers: no RoPE bound applies; its recurrent part is still reported.
    static func withoutRoPE(_ input: ModelInput, context: Int?, review: ConfigReview) -> Outcome {
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
        json += BoundsPresentation.reviewFields(review)
        json.append(("feasible", .bool(true)))
        return Outcome(Report(title: "ctxlimits check — \(model.name)", summary: summary,
                              table: DataTable(columns: BoundsPresentation.tableColumns), json: .object(json)))
    }
}
