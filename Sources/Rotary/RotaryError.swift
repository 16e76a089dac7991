/// A parameter of a rotary configuration, named so that each layer can say where it came from:
/// the Hugging Face key for configs (``hfKey``), an option for the command line.
public enum RotaryParameter: Sendable, Equatable, Hashable, CustomStringConvertible {
    case ropeTheta
    case headDim
    case rotaryDim
    case sequenceLength
    case maxPositionEmbeddings
    /// A key of the rope-scaling dictionary (`rope_scaling` / `rope_parameters`).
    case scaling(ScalingKey)

    /// The keys of a rope-scaling dictionary that Rotary validates.
    public enum ScalingKey: Sendable, Equatable, Hashable {
        case factor, originalMaxPositionEmbeddings, betaFast, betaSlow, attentionFactor, mscale, mscaleAllDim
        case lowFreqFactor, highFreqFactor, alpha
        /// A list entry (nil: the list as a whole).
        case shortFactor(index: Int?), longFactor(index: Int?)

        /// The key as written in config.json.
        public var hfKey: String {
            switch self {
            case .factor: return "factor"
            case .originalMaxPositionEmbeddings: return "original_max_position_embeddings"
            case .betaFast: return "beta_fast"
            case .betaSlow: return "beta_slow"
            case .attentionFactor: return "attention_factor"
            case .mscale: return "mscale"
            case .mscaleAllDim: return "mscale_all_dim"
            case .lowFreqFactor: return "low_freq_factor"
            case .highFreqFactor: return "high_freq_factor"
            case .alpha: return "alpha"
            case let .shortFactor(i): return "short_factor" + (i.map { "[\($0)]" } ?? "")
            case let .longFactor(i): return "long_factor" + (i.map { "[\($0)]" } ?? "")
            }
        }
    }

    /// The Hugging Face spelling: `rope_theta`, `head_dim`, `rope_scaling.factor`, … The rotary
    /// dimension has no key of its own (it is head_dim × partial_rotary_factor).
    public var hfKey: String {
        switch self {
        case .ropeTheta: return "rope_theta"
        case .headDim: return "head_dim"
        case .rotaryDim: return "rotary dimension"
        case .sequenceLength: return "sequence length"
        case .maxPositionEmbeddings: return "max_position_embeddings"
        case let .scaling(key): return "rope_scaling." + key.hfKey
        }
    }

    public var description: String { hfKey }
}

/// A rotary configuration that cannot produce a spectrum: which parameter, and what is wrong
/// with it, so that messages point at the config entry (or option) to fix.
public struct RotaryError: Error, Equatable, CustomStringConvertible, Sendable {
    public let parameter: RotaryParameter
    public let problem: String

    public init(_ parameter: RotaryParameter, _ problem: String) {
        self.parameter = parameter
        self.problem = problem
    }

    public var description: String { "\(parameter.hfKey): \(problem)" }
}
