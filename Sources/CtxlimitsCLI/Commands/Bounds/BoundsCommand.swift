import ContextLimits

/// `ctxlimits bounds`: the phase-modulation bounds and the kernel for a config or bare parameters.
enum BoundsCommand {
    static let context = Shared.context.withDefault(nil, text: "the config's max_position_embeddings")
    static let layers = Shared.layers.described("number of RoPE layers N of the bare parameters")

    static let spec = CommandSpec(
        name: "bounds",
        summary: "phase-modulation bounds on the base (aliasing, DC stability, depth, precision) and the kernel",
        usage: ["CONFIG [--context L] [--epsilon E] [--precision P]", "--base B --head-dim D --layers N --context L [--scaling TYPE --factor S ...]"],
        options: ModelArguments.rotaryOptions + [layers.declaration, context.declaration] + Shared.boundOptions,
        maxPositionals: 1, hasFigure: false,
        details: "\(ModelArguments.configHelp). Prints the verdicts; exits 0 either way (ctxlimits check exits 3 on a violation).")

    static let command = Subcommand(spec) { try run($0) }

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        let settings = try Shared.boundSettings(a)
        var review: ConfigReview?
        let input: ModelInput
        if let specifier = a.positionals.first {
            try ModelArguments.refuseParameters(a, layers: layers)
            (input, review) = try ModelArguments.loadReviewed(specifier, call: call)
        } else {
            input = try ModelArguments.input(a, layers: layers, context: try a[context])
        }
        let L = try ModelArguments.context(a, context, for: input)
        let prediction = try prediction(input, context: L, settings: settings, horizon: try a.value(Shared.horizon)!,
                                        kernelThreshold: a.has(Shared.kernelThreshold), gate: try a.value(Shared.gate)!, call: call)
        return Outcome(BoundsPresentation.report(prediction, title: "Phase-modulation bounds on the RoPE base", review: review))
    }

    /// Refuses kernel scans above the work limit, naming the option that set their size.
    static func checkWork(_ input: ModelInput, context L: Int, horizon: Int?) throws {
        for s in try ModelArguments.spectra(input, atContext: L) {
            let channels = s.spectrum.rotatedInverseFrequencies.count
            try Shared.checkKernelWork(positions: s.span, channels: channels, option: "context")
            if let horizon { try Shared.checkKernelWork(positions: min(horizon, s.window ?? horizon), channels: channels, option: "horizon") }
        }
    }

    /// The bounds of `input` at L, with progress; bad input without RoPE layers.
    static func modelReport(_ input: ModelInput, context L: Int, settings: BoundSettings, call: Invocation) throws -> ModelReport {
        try checkWork(input, context: L, horizon: nil)
        return try failures(input) { () throws(ModelReport.Failure) in
            try call.withProgress("kernel over \(L) positions") { sink throws(ModelReport.Failure) in
                try ModelReport(input: input, context: L, settings: settings, progress: sink)
            }
        }
    }

    /// Every bound at L, how far each goes and its rope_theta threshold, with progress.
    static func prediction(_ input: ModelInput, context L: Int, settings: BoundSettings, horizon: Int, kernelThreshold: Bool,
                           gate: VerdictGate = .standard, call: Invocation) throws -> ModelPrediction {
        try call.withProgress("bounds of \(input.name)") { sink in
            try prediction(input, context: L, settings: settings, horizon: horizon, kernelThreshold: kernelThreshold, gate: gate, progress: sink)
        }
    }

    /// The same, reporting to `progress` (nil: none).
    static func prediction(_ input: ModelInput, context L: Int, settings: BoundSettings, horizon: Int, kernelThreshold: Bool,
                           gate: VerdictGate = .standard, progress: ProgressSink?) throws -> ModelPrediction {
        try checkWork(input, context: L, horizon: horizon)
        return try failures(input) { () throws(ModelReport.Failure) in
            try ModelPrediction(input: input, context: L, settings: settings, gate: gate, horizon: horizon, kernelThreshold: kernelThreshold,
                                progress: progress)
        }
    }

    /// Maps a report's failure to the tool's errors.
    static func failures<T>(_ input: ModelInput, _ work: () throws(ModelReport.Failure) -> T) throws -> T {
        do {
            return try work()
        } catch {
            if case .interrupted = error { throw Interrupted() }
            throw InputError("\(input.name): \(error)")
        }
    }
}
