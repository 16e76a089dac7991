/// The size of one layer's recurrent state, in elements, with the convolution cache counted three
/// ways. Shapes are those of the official implementations (cited per constructor).
public struct RecurrentState: Sendable, Equatable {
    /// The recurrent (SSM / WKV / fast-weight) state proper.
    public let stateElements: Int
    /// Other carried vectors (RWKV token shifts), always part of the state.
    public let shiftElements: Int
    /// Convolution channels and width: `mamba_ssm` allocates `width` columns, of which `width − 1`
    /// carry information (the newest input enters at the next step).
    public let convolutionChannels: Int
    public let convolutionWidth: Int

    /// SSM state plus shifts: the "state size" most papers report.
    public var elements: Int { stateElements + shiftElements }
    /// Plus the d_conv − 1 informative convolution columns (the convention that reproduces Stuffed
    /// Mamba's reported sizes, state-capacity.md §1.3).
    public var elementsWithInformativeConvolution: Int { elements + convolutionChannels * max(convolutionWidth - 1, 0) }
    /// Plus every allocated convolution column (the cache mamba_ssm actually allocates).
    public var elementsWithAllocatedConvolution: Int { elements + convolutionChannels * convolutionWidth }

    /// Mamba-1 (`mamba_simple.py`): ssm (d_inner × d_state), conv (d_inner × d_conv).
    public static func mamba1(innerDim: Int, stateDim: Int, convWidth: Int) -> RecurrentState {
        RecurrentState(stateElements: innerDim * stateDim, shiftElements: 0, convolutionChannels: innerDim, convolutionWidth: convWidth)
    }

    /// Mamba-2 (`mamba2.py`): ssm (heads × head_dim × d_state), conv over d_ssm + 2·groups·d_state
    /// channels with d_ssm = heads·head_dim.
    public static func mamba2(heads: Int, headDim: Int, stateDim: Int, groups: Int, convWidth: Int) -> RecurrentState {
        RecurrentState(stateElements: heads * headDim * stateDim, shiftElements: 0,
                       convolutionChannels: heads * headDim + 2 * groups * stateDim, convolutionWidth: convWidth)
    }

    /// RWKV. v5–v7 (Eagle/Finch/Goose; Eagle & Finch paper App. E, Eq. 30): a head_size × head_size WKV
    /// matrix per head (attention_hidden·head_size in all) plus two token-shift vectors of width D, so
    /// L(2D + D²/h) = 66·D·L for head size 64 and attention width D. v4 (RWKV paper): 5 vectors of D.
    /// RWKV-7 is read with the v5/v6 layout [R: not checked against the RWKV-7 paper].
    public static func rwkv(version: Int, hiddenSize: Int, attentionHiddenSize: Int, headSize: Int?) -> RecurrentState {
        guard version >= 5, let headSize else {
            return RecurrentState(stateElements: 5 * hiddenSize, shiftElements: 0, convolutionChannels: 0, convolutionWidth: 0)
        }
        return RecurrentState(stateElements: attentionHiddenSize * headSize, shiftElements: 2 * hiddenSize,
                              convolutionChannels: 0, convolutionWidth: 0)
    }

    /// Linear attention / RetNet / GLA / Gated DeltaNet / KDA: a d_k × d_v fast-weight matrix per
    /// head, plus the short convolution of the variants that have one (transformers 5.25: Gated
    /// DeltaNet's conv over 2·n_k·d_k + n_v·d_v channels, modeling_qwen3_next.py; KDA's three
    /// convolutions over q, k, v, modeling_kimi_linear.py).
    public static func linearAttention(heads: Int, keyDim: Int, valueDim: Int, convolutionChannels: Int = 0,
                                       convolutionWidth: Int = 0) -> RecurrentState {
        RecurrentState(stateElements: heads * keyDim * valueDim, shiftElements: 0, convolutionChannels: convolutionChannels,
                       convolutionWidth: convolutionWidth)
    }

    /// A short convolution without a recurrent matrix (LFM2 `conv` layers): only its cache.
    public static func shortConvolution(channels: Int, width: Int) -> RecurrentState {
        RecurrentState(stateElements: 0, shiftElements: 0, convolutionChannels: channels, convolutionWidth: width)
    }
}

/// The cache of one attention layer: elements per cached token and how many tokens it keeps.
public struct AttentionCache: Sendable, Equatable {
    /// Elements per token: 2·kv_heads·head_dim (keys and values), or the MLA latent width.
    public let elementsPerToken: Int
    /// Tokens kept: nil for all of them, else a sliding window or an attention chunk.
    public let window: Int?

    public init(elementsPerToken: Int, window: Int?) {
        self.elementsPerToken = elementsPerToken
        self.window = window
    }

    /// Grouped-query attention: K and V of kv_heads × head_dim (value head dim may differ).
    public static func groupedQuery(kvHeads: Int, headDim: Int, valueHeadDim: Int? = nil, window: Int? = nil) -> AttentionCache {
        AttentionCache(elementsPerToken: kvHeads * (headDim + (valueHeadDim ?? headDim)), window: window)
    }

    /// Elements held at context L: per token × min(L, window). O(1).
    public func elements(atContext L: Int) -> Int { elementsPerToken * min(L, window ?? L) }
}
