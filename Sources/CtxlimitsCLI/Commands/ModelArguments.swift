import ContextLimits

/// CONFIG or bare rotary parameters on the command line → one ``ModelInput``. The only place
/// where commands turn their arguments into a model.
enum ModelArguments {
    static let configHelp = "CONFIG is a config.json, a directory holding one (a Hugging Face snapshot), or a bundled example (ctxlimits check --list)"

    enum Scaling: String, ArgumentChoice { case `default`, linear, dynamic, yarn, llama3 }

    static let base = Option<Double>.real("base", "B", "RoPE base rope_theta", in: .above(1))
    static let headDim = Option<Int>.integer("head-dim", "D", "attention head dimension (the rotary dimension unless --rotary-dim)", in: 2...Shared.maxHeadDim)
    static let rotaryDim = Option<Int>.integer("rotary-dim", "R", "rotated dimensions of each head (even)", in: 2...Shared.maxHeadDim, defaultText: "the head dimension")
    static let scaling = Option<Scaling>.choice("scaling", "rope scaling of the bare parameters", defaultText: "linear with --factor, else default")
    static let factor = Option<Double>.real("factor", "S", "scaling factor s", in: .above(0))
    static let originalContext = Option<Int>.integer("original-context", "L0", "original_max_position_embeddings (yarn, llama3)", in: 2...Shared.maxContext)
    static let maxPosition = Option<Int>.integer("max-position", "N", "max_position_embeddings (dynamic)", in: 1...Shared.maxContext, defaultText: "s·L0")
    static let lowFreqFactor = Option<Double>.real("low-freq-factor", "l", "llama3 low_freq_factor", in: .above(0), default: 1)
    static let highFreqFactor = Option<Double>.real("high-freq-factor", "h", "llama3 high_freq_factor", in: .above(0), default: 4)
    static let betaFast = Option<Double>.real("beta-fast", "B", "yarn beta_fast", in: .above(0), default: 32)
    static let betaSlow = Option<Double>.real("beta-slow", "B", "yarn beta_slow", in: .above(0), default: 1)
    static let mscale = Option<Double>.real("mscale", "M", "yarn mscale")
    static let mscaleAllDim = Option<Double>.real("mscale-all-dim", "M", "yarn mscale_all_dim")
    static let attentionFactor = Option<Double>.real("attention-factor", "A", "yarn attention_factor override", in: .atLeast(0))

    /// The options of the rotary parameters, in help order.
    static let rotaryOptions: [OptionDeclaration] = [
        base.declaration, headDim.declaration, rotaryDim.declaration, scaling.declaration, factor.declaration,
        originalContext.declaration, maxPosition.declaration, lowFreqFactor.declaration, highFreqFactor.declaration,
        betaFast.declaration, betaSlow.declaration, mscale.declaration, mscaleAllDim.declaration, attentionFactor.declaration,
    ]

    /// The option that sets each rotary parameter, for error messages.
    static func option(for parameter: RotaryParameter) -> String {
        switch parameter {
        case .ropeTheta: return "--base"
        case .headDim: return "--head-dim"
        case .rotaryDim: return "--rotary-dim"
        case .sequenceLength: return "--context"
        case .maxPositionEmbeddings: return "--max-position"
        case let .scaling(key):
            switch key {
            case .factor: return "--factor"
            case .originalMaxPositionEmbeddings: return "--original-context"
            case .betaFast: return "--beta-fast"
            case .betaSlow: return "--beta-slow"
            case .attentionFactor: return "--attention-factor"
            case .mscale: return "--mscale"
            case .mscaleAllDim: return "--mscale-all-dim"
            case .lowFreqFactor: return "--low-freq-factor"
            case .highFreqFactor: return "--high-freq-factor"
            case .shortFactor, .longFactor, .alpha: return "--scaling"
            }
        }
    }

    /// The rotary configuration the bare parameters describe, validated.
    static func rotary(_ a: ParsedArguments) throws -> RotaryConfiguration {
        let base = try a.required(Self.base)
        let headDim = try a.required(Self.headDim)
        let rotaryDim = try a[Self.rotaryDim] ?? headDim
        guard rotaryDim <= headDim else { throw InputError("--rotary-dim: \(rotaryDim) is larger than --head-dim \(headDim)") }
        let factor = try a[Self.factor]
        let original = try a[Self.originalContext]
        let type = try a[Self.scaling] ?? (factor == nil ? .default : .linear)
        func need<T>(_ value: T?, _ option: String) throws -> T {
            guard let value else { throw UsageError("--scaling \(type.rawValue) needs --\(option)") }
            return value
        }
        // Options of another scaling type would be ignored: refuse them.
        let used: Set<String>
        let scaling: RopeScaling
        switch type {
        case .default:
            scaling = .none; used = []
        case .linear:
            scaling = .linear(factor: try need(factor, "factor")); used = ["factor"]
        case .dynamic:
            scaling = .dynamic(factor: try need(factor, "factor")); used = ["factor", "max-position", "original-context"]
        case .yarn:
            scaling = .yarn(.init(factor: try need(factor, "factor"), originalMaxPositionEmbeddings: try need(original, "original-context"),
                                  betaFast: try a[betaFast], betaSlow: try a[betaSlow], attentionFactor: try a[attentionFactor],
                                  mscale: try a[mscale], mscaleAllDim: try a[mscaleAllDim]))
            used = ["factor", "original-context", "max-position", "beta-fast", "beta-slow", "attention-factor", "mscale", "mscale-all-dim"]
        case .llama3:
            scaling = .llama3(.init(factor: try need(factor, "factor"), lowFreqFactor: try a.value(lowFreqFactor)!,
                                    highFreqFactor: try a.value(highFreqFactor)!, originalMaxPositionEmbeddings: try need(original, "original-context")))
            used = ["factor", "original-context", "max-position", "low-freq-factor", "high-freq-factor"]
        }
        let scalingOptions = ["factor", "original-context", "max-position", "low-freq-factor", "high-freq-factor", "beta-fast",
                              "beta-slow", "mscale", "mscale-all-dim", "attention-factor"]
        if let unused = scalingOptions.first(where: { a.has($0) && !used.contains($0) }) {
            throw UsageError("--\(unused) has no effect with --scaling \(type.rawValue)")
        }
        var maxPosition = try a[Self.maxPosition]
        if maxPosition == nil, let factor, let original {
            let derived = (factor * Double(original)).rounded()
            guard derived >= 1, derived <= Double(Shared.maxContext) else {
                throw InputError("--factor × --original-context = \(Numbers.text(derived)) is outside 1 … \(Numbers.size(Shared.maxContext)), "
                                 + "the range of max_position_embeddings: lower --factor or give --max-position")
            }
            maxPosition = Int(derived)
        }
        if maxPosition == nil, case .dynamic = scaling { throw UsageError("--scaling dynamic needs --max-position (or --original-context)") }
        let configuration = RotaryConfiguration(base: base, headDim: headDim, rotaryDim: rotaryDim, scaling: scaling,
                                                maxPositionEmbeddings: maxPosition)
        do {
            try configuration.validate()
        } catch {
            throw InputError("\(option(for: error.parameter)): \(error.problem)")
        }
        return configuration
    }

    /// The model named by CONFIG (the first positional), or the model of the bare parameters with
    /// `layers` layers (`--layers` where the command declares it, else 1).
    ///
    static func input(_ a: ParsedArguments, layers layersOption: Option<Int>? = nil, context: Int? = nil) throws -> ModelInput {
        if let specifier = a.positionals.first {
            try refuseParameters(a, layers: layersOption)
            return try load(specifier)
        }
        guard a.has(base) || a.has(headDim) else { throw UsageError("give CONFIG or --base and --head-dim") }
        let rotary = try rotary(a)
        let layers = try layersOption.map { try a.required($0) } ?? 1
        return ModelInput(parameters: rotary, layers: layers, context: context ?? rotary.maxPositionEmbeddings)
    }

    /// With CONFIG, the options of bare parameters are a usage error.
    static func refuseParameters(_ a: ParsedArguments, layers layersOption: Option<Int>? = nil) throws(UsageError) {
        if let given = (rotaryOptions.map(\.name) + [layersOption?.name].compactMap { $0 }).first(where: a.has) {
            throw UsageError("--\(given) describes bare parameters; give either CONFIG or the parameters, not both")
        }
    }

    /// Loads CONFIG; a config that cannot be read is bad input naming the field.
    static func load(_ specifier: String) throws(InputError) -> ModelInput {
        let input: ModelInput
        do {
            input = try ModelInput.load(specifier)
        } catch {
            throw InputError(message(specifier, error))
        }
        try checkHeadDimension(input.model, specifier)
        return input
    }

    /// A config's rotary dimension is held to the same maximum as --head-dim (2^16): a spectrum of
    /// millions of channels is a table no run prints in bounded time.
    static func checkHeadDimension(_ model: ModelDescription, _ specifier: String) throws(InputError) {
        guard let widest = model.layers.compactMap({ $0.attention?.rotary?.rotaryDim }).max(), widest > Shared.maxHeadDim else { return }
        throw InputError("\(specifier): the rotary dimension (head_dim) is \(widest), above the \(Numbers.size(Shared.maxHeadDim)) this tool analyses (the maximum of --head-dim)")
    }

    /// Reads a config after linting it: the warnings go to stderr as "warning: FIELD: MESSAGE"
    /// before any error of the reader, so that a refused config still says what the stacks warn about.
    static func loadReviewed(_ specifier: String, call: Invocation) throws(InputError) -> (ModelInput, ConfigReview) {
        let document: ConfigDocument
        do { document = try ConfigSource.document(specifier) } catch { throw InputError(message(specifier, error)) }
        let review = ConfigReview(document)
        for warning in review.warnings { call.io.err("warning: \(warning)\n") }
        let model: ModelDescription
        do {
            model = try document.model()
            try RecurrentReport.checkStateSize(model)
        } catch {
            throw InputError(message(specifier, error))
        }
        try checkHeadDimension(model, specifier)
        return (ModelInput(model: model, origin: .config(specifier), document: document), review)
    }

    static func message(_ specifier: String, _ error: ConfigError) -> String {
        error.field.isEmpty ? "\(specifier): \(error.problem)" : "\(specifier): \(error.field): \(error.problem)"
    }

    /// The spectra of every rotary group of `input` at L; bad input for a model without RoPE.
    static func spectra(_ input: ModelInput, atContext L: Int) throws -> [GroupSpectrum] {
        let spectra: [GroupSpectrum]
        do { spectra = try input.spectra(atContext: L) } catch { throw InputError("\(input.name): \(error)") }
        guard !spectra.isEmpty else {
            throw InputError("\(input.name) has no rotary attention layers (positions: \(input.model.positionScheme.rawValue))")
        }
        return spectra
    }

    /// The dominant spectrum of `input` at L (``ModelInput/dominantSpectrum(atContext:)``); bad
    /// input for a model without RoPE.
    static func dominantSpectrum(_ input: ModelInput, atContext L: Int) throws -> GroupSpectrum {
        _ = try spectra(input, atContext: L)
        return try input.dominantSpectrum(atContext: L)!
    }

    /// The context to analyse: `--context`, else the model's advertised context; a usage error
    /// when there is neither.
    static func context(_ a: ParsedArguments, _ option: Option<Int> = Shared.context, for input: ModelInput) throws -> Int {
        if let L = try a[option] { return L }
        guard let L = input.model.advertisedContext else {
            throw UsageError(input.origin == .parameters ? "missing required option --\(option.name)" : "\(input.name) has no max_position_embeddings: give --\(option.name)")
        }
        return L
    }
}
