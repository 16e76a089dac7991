import ContextLimits

/// Reading CONFIG arguments: a config.json path, a directory holding one, or a bundled example.
enum ModelInput {
    static let help = "CONFIG is a config.json, a directory holding one, or a bundled example (ctxlimits check --list)"

    static func load(_ specifier: String) throws(InputError) -> ModelDescription {
        do {
            return try ConfigSource.model(specifier)
        } catch {
            throw InputError(error.field.isEmpty ? "\(specifier): \(error.problem)" : "\(specifier): \(error.field): \(error.problem)")
        }
    }

    /// The rotated inverse frequencies of the layer type most layers use, at `sequenceLength`.
    static func dominantSpectrum(_ model: ModelDescription, sequenceLength: Int? = nil) throws -> [Double] {
        let group = try rotaryGroups(model).max { $0.layers.count < $1.layers.count }!
        do {
            return try group.attention.rotary!.spectrum(sequenceLength: sequenceLength).inverseFrequencies.filter { $0 > 0 }
        } catch {
            throw InputError("\(model.name): \(error)")
        }
    }

    /// `--precision NAME` (or `fallback` when absent).
    static func format(_ args: ParsedArguments, default fallback: FloatFormat) throws(InputError) -> FloatFormat {
        guard let name = args.string("precision") else { return fallback }
        guard let f = FloatFormat.named(name) else {
            throw InputError("--precision: unknown format '\(name)' (known: \(FloatFormat.all.map(\.name).joined(separator: ", ")))")
        }
        return f
    }

    /// The attention groups of a model that rotate positions; bad input when there are none.
    static func rotaryGroups(_ model: ModelDescription) throws(InputError) -> [AttentionGroup] {
        let groups = model.attentionGroups.filter { $0.attention.rotary != nil }
        guard !groups.isEmpty else {
            throw InputError("\(model.name) has no rotary attention layers (positions: \(model.positionScheme))")
        }
        return groups
    }
}

/// Rotary parameters given as options instead of a config.
enum RotaryOptions {
    static let options: [CommandSpec.Option] = [
        .init("base", "B", "RoPE base (rope_theta)"),
        .init("head-dim", "D", "attention head dimension"),
        .init("rotary-dim", "R", "rotated dimensions (default: head dim)"),
        .init("scaling", "TYPE", "rope scaling: default, linear, dynamic, yarn, llama3"),
        .init("factor", "S", "scaling factor s"),
        .init("original-context", "L0", "original_max_position_embeddings (yarn, llama3)"),
        .init("max-position", "N", "max_position_embeddings (dynamic; default: s·L0 or the context)"),
        .init("low-freq-factor", "l", "llama3 low_freq_factor (default 1)"),
        .init("high-freq-factor", "h", "llama3 high_freq_factor (default 4)"),
        .init("beta-fast", "B", "yarn beta_fast (default 32)"),
        .init("beta-slow", "B", "yarn beta_slow (default 1)"),
        .init("mscale", "M", "yarn mscale"),
        .init("mscale-all-dim", "M", "yarn mscale_all_dim"),
        .init("attention-factor", "A", "yarn attention_factor override"),
    ]

    /// Maps a Rotary error (named by HF keys) to the option that set the value.
    static let optionForField: [String: String] = [
        "rope_theta": "--base", "head_dim": "--head-dim", "rotary dimension": "--rotary-dim",
        "rope_scaling.factor": "--factor", "rope_scaling.original_max_position_embeddings": "--original-context",
        "max_position_embeddings": "--max-position", "rope_scaling.low_freq_factor": "--low-freq-factor",
        "rope_scaling.high_freq_factor": "--high-freq-factor", "rope_scaling.beta_fast": "--beta-fast",
        "rope_scaling.beta_slow": "--beta-slow", "rope_scaling.mscale": "--mscale",
        "rope_scaling.mscale_all_dim": "--mscale-all-dim", "rope_scaling.attention_factor": "--attention-factor",
    ]

    static func configuration(_ a: ParsedArguments) throws -> RotaryConfiguration {
        let base = try a.requiredDouble("base", minimum: 1, exclusiveMinimum: true)
        let headDim = try a.requiredInt("head-dim", minimum: 2, maximum: 1 << 20)
        let rotaryDim = try a.int("rotary-dim", minimum: 2, maximum: headDim) ?? headDim
        let factor = try a.double("factor", minimum: 0, exclusiveMinimum: true)
        let original = try a.int("original-context", minimum: 2, maximum: 1 << 50)
        let type = try a.choice("scaling", ["default", "linear", "dynamic", "yarn", "llama3"]) ?? (factor == nil ? "default" : "linear")
        func need<T>(_ value: T?, _ option: String) throws -> T {
            guard let value else { throw UsageError("--scaling \(type) needs --\(option)") }
            return value
        }
        let scaling: RopeScaling
        switch type {
        case "linear": scaling = .linear(factor: try need(factor, "factor"))
        case "dynamic": scaling = .dynamic(factor: try need(factor, "factor"))
        case "yarn":
            scaling = .yarn(.init(factor: try need(factor, "factor"), originalMaxPositionEmbeddings: try need(original, "original-context"),
                                  betaFast: try a.double("beta-fast"), betaSlow: try a.double("beta-slow"),
                                  attentionFactor: try a.double("attention-factor"), mscale: try a.double("mscale"),
                                  mscaleAllDim: try a.double("mscale-all-dim")))
        case "llama3":
            scaling = .llama3(.init(factor: try need(factor, "factor"), lowFreqFactor: try a.double("low-freq-factor") ?? 1,
                                    highFreqFactor: try a.double("high-freq-factor") ?? 4,
                                    originalMaxPositionEmbeddings: try need(original, "original-context")))
        default: scaling = .none
        }
        var maxPosition = try a.int("max-position", minimum: 1, maximum: 1 << 50)
        if maxPosition == nil, let factor, let original { maxPosition = Int((factor * Double(original)).rounded()) }
        if maxPosition == nil, case .dynamic = scaling { throw UsageError("--scaling dynamic needs --max-position") }
        let configuration = RotaryConfiguration(base: base, headDim: headDim, rotaryDim: rotaryDim, scaling: scaling,
                                                maxPositionEmbeddings: maxPosition)
        do {
            _ = try configuration.spectrum()
        } catch {
            throw InputError("\(optionForField[error.field] ?? error.field): \(error.problem)")
        }
        return configuration
    }
}
