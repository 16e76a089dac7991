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
        let input = try ModelArguments.input(a, layers: layers, context: try a[context])
        let L = try ModelArguments.context(a, context, for: input)
        let report = try modelReport(input, context: L, settings: settings, call: call)
        return Outcome(BoundsPresentation.report(report, title: "Phase-modulation bounds on the RoPE base"))
    }

    /// The bounds of `input` at L, with progress; bad input without RoPE layers.
    static func modelReport(_ input: ModelInput, context L: Int, settings: BoundSettings, call: Invocation) throws -> ModelReport {
        for s in try ModelArguments.spectra(input, atContext: L) {
            try Shared.checkKernelWork(positions: s.span, channels: s.spectrum.rotatedInverseFrequencies.count, option: "context")
        }
        do {
            return try call.withProgress("kernel over \(L) positions") { sink throws(ModelReport.Failure) in
                try ModelReport(input: input, context: L, settings: settings, progress: sink)
            }
        } catch {
            if case .interrupted = error { throw Interrupted() }
            throw InputError("\(input.name): \(error)")
        }
    }
}
