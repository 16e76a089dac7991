import Rotary

/// One attention layer: its shape, its positional rotation (nil for NoPE) and its span.
public struct AttentionLayer: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case full = "full_attention"
        case sliding = "sliding_attention"
        case chunked = "chunked_attention"
        /// DeepSeek Sparse Attention (DeepSeek-V3.2, GLM-5): every cached position is a candidate,
        /// a lightning indexer picks the top index_topk of them per query (configuration_utils.py
        /// ALLOWED_ATTN_LAYER_TYPES); positions rotate as in full attention.
        case indexed = "indexed_attention"
    }

    public var kind: Kind
    /// The rotary configuration, nil when the layer applies no rotation (NoPE layers, Jamba,
    /// models with learned or ALiBi positions).
    public var rotary: RotaryConfiguration?
    /// Tokens attended to: the sliding window or the chunk size; nil for full attention.
    public var window: Int?
    public var heads: Int
    public var kvHeads: Int
    /// Query/key head dimension (MLA: qk_nope_head_dim + qk_rope_head_dim).
    public var headDim: Int
    /// Value head dimension (MLA `v_head_dim`; otherwise headDim).
    public var valueHeadDim: Int
    /// MLA: the cached latent per token and layer, kv_lora_rank + qk_rope_head_dim elements.
    public var latentCacheWidth: Int?
    /// Multimodal RoPE (Qwen2-VL … Qwen3.5): the channel sections given to the temporal, height and
    /// width position ids (`mrope_section`, summing to rotary_dim/2) and whether they interleave.
    /// Text tokens carry the same id on all three axes, so their spectrum is the plain one read here.
    public var multimodalSections: [Int]?
    public var multimodalInterleaved = false
    /// The layer reads the keys and values an earlier layer of its type cached and keeps none of its
    /// own (Gemma 3n / Gemma 4 `num_kv_shared_layers`).
    public var reusesCache = false

    public init(kind: Kind, rotary: RotaryConfiguration?, window: Int?, heads: Int, kvHeads: Int, headDim: Int,
                valueHeadDim: Int? = nil, latentCacheWidth: Int? = nil) {
        self.kind = kind
        self.rotary = rotary
        self.window = window
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.valueHeadDim = valueHeadDim ?? headDim
        self.latentCacheWidth = latentCacheWidth
    }
}

/// Mamba-1 selective SSM block (Gu & Dao 2023): state (d_inner × d_state), conv (d_inner × d_conv).
public struct Mamba1Block: Sendable, Equatable {
    public var innerDim: Int
    public var stateDim: Int
    public var convWidth: Int

    public init(innerDim: Int, stateDim: Int, convWidth: Int) {
        self.innerDim = innerDim
        self.stateDim = stateDim
        self.convWidth = convWidth
    }
}

/// Mamba-2 SSD block (Dao & Gu 2024): state (heads × head_dim × d_state) and a convolution over
/// d_ssm + 2·groups·d_state channels.
public struct Mamba2Block: Sendable, Equatable {
    public var heads: Int
    public var headDim: Int
    public var stateDim: Int
    public var groups: Int
    public var convWidth: Int

    public init(heads: Int, headDim: Int, stateDim: Int, groups: Int, convWidth: Int) {
        self.heads = heads
        self.headDim = headDim
        self.stateDim = stateDim
        self.groups = groups
        self.convWidth = convWidth
    }
}

/// RWKV time mixing: v4 keeps 5 vectors of width D per layer; v5–v7 keep a (D/h)×(D/h) matrix
/// per head plus two token-shift vectors.
public struct RWKVBlock: Sendable, Equatable {
    public var version: Int
    public var hiddenSize: Int
    public var attentionHiddenSize: Int
    /// Head size for v5+; nil for v4.
    public var headSize: Int?

    public init(version: Int, hiddenSize: Int, attentionHiddenSize: Int, headSize: Int?) {
        self.version = version
        self.hiddenSize = hiddenSize
        self.attentionHiddenSize = attentionHiddenSize
        self.headSize = headSize
    }
}

/// Linear attention (Katharopoulos et al. 2020; RetNet, GLA, Gated DeltaNet, Kimi Delta
/// Attention, MiniMax lightning attention): a fast-weight matrix of key_dim × value_dim per head,
/// and, for the variants that have one, a short causal convolution over `convolutionChannels`
/// channels of width `convolutionWidth` (its cache holds that many columns per channel).
public struct LinearAttentionBlock: Sendable, Equatable {
    /// Which recurrence: "linear_attention" (bare), "gated_deltanet", "kimi_delta_attention", "lightning_attention".
    public var variant: String
    public var heads: Int
    public var keyDim: Int
    public var valueDim: Int
    public var convolutionChannels: Int
    public var convolutionWidth: Int

    public init(heads: Int, keyDim: Int, valueDim: Int, variant: String = "linear_attention", convolutionChannels: Int = 0,
                convolutionWidth: Int = 0) {
        self.variant = variant
        self.heads = heads
        self.keyDim = keyDim
        self.valueDim = valueDim
        self.convolutionChannels = convolutionChannels
        self.convolutionWidth = convolutionWidth
    }
}

/// A gated short convolution with no recurrent matrix (LFM2's `conv` layers): its cache is the
/// last `width` inputs of `channels` channels.
public struct ShortConvolutionBlock: Sendable, Equatable {
    public var channels: Int
    public var width: Int

    public init(channels: Int, width: Int) {
        self.channels = channels
        self.width = width
    }
}

/// The recurrent block of a layer.
public enum RecurrentBlock: Sendable, Equatable {
    case mamba1(Mamba1Block)
    case mamba2(Mamba2Block)
    case rwkv(RWKVBlock)
    case linearAttention(LinearAttentionBlock)
    case shortConvolution(ShortConvolutionBlock)

    public var name: String {
        switch self {
        case .mamba1: return "mamba1"
        case .mamba2: return "mamba2"
        case let .rwkv(b): return "rwkv\(b.version)"
        case let .linearAttention(b): return b.variant
        case .shortConvolution: return "short_convolution"
        }
    }
}

/// How a model encodes position.
public enum PositionScheme: String, Sendable, Equatable {
    /// Rotary embeddings in at least one attention layer.
    case rope
    /// Attention layers without any positional encoding.
    case nope
    /// Learned absolute position embeddings (GPT-2, OPT, BERT).
    case learned
    /// ALiBi linear biases (BLOOM, MPT).
    case alibi
    /// No attention layers that need positions (pure recurrent models, Jamba).
    case none
}

/// A layer: attention, a recurrent block, both (parallel hybrids such as Falcon-H1), or neither
/// (an MLP-only layer of a Nemotron-H pattern).
public struct LayerDescription: Sendable, Equatable {
    public var attention: AttentionLayer?
    public var recurrent: RecurrentBlock?

    public init(attention: AttentionLayer? = nil, recurrent: RecurrentBlock? = nil) {
        self.attention = attention
        self.recurrent = recurrent
    }
}

/// What ctxlimits knows of a model after reading its config.json.
public struct ModelDescription: Sendable, Equatable {
    public var name: String
    public var modelType: String?
    /// `torch_dtype` / `dtype` as written, and the matching format when it is a floating type.
    public var dtypeName: String?
    public var dtype: FloatFormat?
    /// `max_position_embeddings` (or the family's spelling): the context the config advertises.
    public var advertisedContext: Int?
    /// The pre-extension context for scaled RoPE (`original_max_position_embeddings`).
    public var originalContext: Int?
    public var hiddenSize: Int?
    public var layers: [LayerDescription]
    /// How positions enter.
    public var positionScheme: PositionScheme

    public init(name: String, modelType: String?, dtypeName: String?, dtype: FloatFormat?, advertisedContext: Int?,
                originalContext: Int?, hiddenSize: Int?, layers: [LayerDescription], positionScheme: PositionScheme) {
        self.name = name
        self.modelType = modelType
        self.dtypeName = dtypeName
        self.dtype = dtype
        self.advertisedContext = advertisedContext
        self.originalContext = originalContext
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.positionScheme = positionScheme
    }

    /// Bits of one cached key/value or state element when the deployment chooses no format: the
    /// config's dtype, else bf16, at its storage size (``FloatFormat/storageBits``).
    public var defaultStorageBits: Int { (dtype ?? .bf16).storageBits }

    public var layerCount: Int { layers.count }
    public var attentionLayerCount: Int { layers.filter { $0.attention != nil }.count }
    public var rotaryLayerCount: Int { layers.filter { $0.attention?.rotary != nil }.count }
    public var recurrentLayerCount: Int { layers.filter { $0.recurrent != nil }.count }

    /// Attention layers grouped by identical configuration, in order of first appearance: one
    /// group for most models, two for Gemma local/global, a NoPE group for Llama-4, …
    public var attentionGroups: [AttentionGroup] {
        var groups: [AttentionGroup] = []
        for (i, layer) in layers.enumerated() {
            guard var a = layer.attention else { continue }
            a.reusesCache = false       // a layer reading another's cache rotates and attends as its type does
            if let g = groups.firstIndex(where: { $0.attention == a }) {
                groups[g].layers.append(i)
            } else {
                groups.append(AttentionGroup(attention: a, layers: [i]))
            }
        }
        return groups
    }
}

/// Attention layers that share one configuration.
public struct AttentionGroup: Sendable, Equatable {
    public var attention: AttentionLayer
    public var layers: [Int]

    /// "full_attention", "sliding_attention (window 4096)", "full_attention (NoPE)", …
    public var label: String {
        var s = attention.kind.rawValue
        if let w = attention.window { s += attention.kind == .chunked ? " (chunk \(w))" : " (window \(w))" }
        if attention.rotary == nil { s += " (NoPE)" }
        if let m = attention.multimodalSections {
            s += " (mrope \(m.map(String.init).joined(separator: "/"))\(attention.multimodalInterleaved ? " interleaved" : ""))"
        }
        return s
    }
}
