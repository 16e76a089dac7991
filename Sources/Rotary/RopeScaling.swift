/// The Hugging Face rope types (transformers v5 `ROPE_INIT_FUNCTIONS`, plus `default`), with
/// their parameters. Field names follow the `rope_parameters` / `rope_scaling` keys.
public enum RopeScaling: Sendable, Equatable {
    /// θ_k = b^{−2k/d}.
    case none
    /// Position interpolation: θ_k / factor.
    case linear(factor: Double)
    /// Dynamic NTK: the base grows with the sequence length beyond `max_position_embeddings`.
    case dynamic(factor: Double)
    case yarn(Yarn)
    case longrope(LongRope)
    case llama3(Llama3)
    /// v5 `proportional`: frequencies b^{−2k/head_dim} for the first ⌊p·head_dim/2⌋ channels,
    /// zero (no rotation) for the rest, all divided by `factor`.
    case proportional(factor: Double)
    /// HunYuan's NTK-alpha: a fixed base b·α^{d/(d−2)}, independent of the sequence length
    /// (transformers 5.25 `HunYuanDenseV1RotaryEmbedding.compute_ntk_alpha_rope_parameters`, used when
    /// a `dynamic` dictionary carries `alpha`; the `factor` beside it is not read).
    case ntkAlpha(alpha: Double)

    /// YaRN (Peng et al. 2023, arXiv 2309.00071) as transformers v5 implements it.
    public struct Yarn: Sendable, Equatable {
        /// s; when nil, v5 uses max_position_embeddings / L₀.
        public var factor: Double?
        /// L₀ = `original_max_position_embeddings`.
        public var originalMaxPositionEmbeddings: Int
        public var betaFast: Double?
        public var betaSlow: Double?
        public var attentionFactor: Double?
        public var mscale: Double?
        public var mscaleAllDim: Double?
        public var truncate: Bool

        public init(factor: Double?, originalMaxPositionEmbeddings: Int, betaFast: Double? = nil, betaSlow: Double? = nil,
                    attentionFactor: Double? = nil, mscale: Double? = nil, mscaleAllDim: Double? = nil, truncate: Bool = true) {
            self.factor = factor
            self.originalMaxPositionEmbeddings = originalMaxPositionEmbeddings
            self.betaFast = betaFast
            self.betaSlow = betaSlow
            self.attentionFactor = attentionFactor
            self.mscale = mscale
            self.mscaleAllDim = mscaleAllDim
            self.truncate = truncate
        }
    }

    /// LongRoPE / Phi-3 "su" scaling.
    public struct LongRope: Sendable, Equatable {
        public var shortFactor: [Double]
        public var longFactor: [Double]
        /// s; when nil, max_position_embeddings / L₀.
        public var factor: Double?
        public var originalMaxPositionEmbeddings: Int
        public var attentionFactor: Double?

        public init(shortFactor: [Double], longFactor: [Double], factor: Double? = nil,
                    originalMaxPositionEmbeddings: Int, attentionFactor: Double? = nil) {
            self.shortFactor = shortFactor
            self.longFactor = longFactor
            self.factor = factor
            self.originalMaxPositionEmbeddings = originalMaxPositionEmbeddings
            self.attentionFactor = attentionFactor
        }
    }

    /// Llama 3.1 band-wise scaling.
    public struct Llama3: Sendable, Equatable {
        public var factor: Double
        public var lowFreqFactor: Double
        public var highFreqFactor: Double
        public var originalMaxPositionEmbeddings: Int

        public init(factor: Double, lowFreqFactor: Double, highFreqFactor: Double, originalMaxPositionEmbeddings: Int) {
            self.factor = factor
            self.lowFreqFactor = lowFreqFactor
            self.highFreqFactor = highFreqFactor
            self.originalMaxPositionEmbeddings = originalMaxPositionEmbeddings
        }
    }

    /// The rope type this scaling is (`rope_type` in config.json).
    public var ropeType: RopeType {
        switch self {
        case .none: return .default
        case .linear: return .linear
        case .dynamic: return .dynamic
        case .yarn: return .yarn
        case .longrope: return .longrope
        case .llama3: return .llama3
        case .proportional: return .proportional
        case .ntkAlpha: return .ntkAlpha
        }
    }

    /// L₀, the pre-extension context of the scalings that have one.
    public var originalMaxPositionEmbeddings: Int? {
        switch self {
        case let .yarn(y): return y.originalMaxPositionEmbeddings
        case let .longrope(l): return l.originalMaxPositionEmbeddings
        case let .llama3(l): return l.originalMaxPositionEmbeddings
        case .none, .linear, .dynamic, .proportional, .ntkAlpha: return nil
        }
    }
}
