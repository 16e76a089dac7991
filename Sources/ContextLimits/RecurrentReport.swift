import Foundation
import Models
import Rotary
import StateCapacity

/// The recurrent side of a model: its state (per convention), the memory of its attention caches at
/// a context, and the capacity estimates applied to its state.
public struct RecurrentReport: Sendable {
    public let model: ModelDescription
    /// Per recurrent layer.
    public let states: [RecurrentState]
    /// Per attention layer.
    public let caches: [AttentionCache]
    /// Bits per state element: the model's dtype (bf16 → 16), 32 for RWKV whose WKV state is fp32.
    public let bitsPerElement: Double
    public let vocabulary: Double
    public let laws: StuffedMambaLaws

    public var stateElements: Int { states.reduce(0) { $0 + $1.elements } }
    public var stateElementsWithConvolution: Int { states.reduce(0) { $0 + $1.elementsWithInformativeConvolution } }
    public var stateElementsWithAllocatedConvolution: Int { states.reduce(0) { $0 + $1.elementsWithAllocatedConvolution } }
    public var forgetLength: Double { laws.forgetLength(stateElements: Double(stateElements)) }
    public var passkeyLength: Double { laws.passkeyLength(stateElements: Double(stateElements)) }
    public var copyLength: Double {
        CapacityBounds.copyLength(stateElements: Double(stateElements), bitsPerElement: bitsPerElement, vocabulary: vocabulary)
    }
    public var extrapolated: Bool { StuffedMambaLaws.isExtrapolated(stateElements: Double(stateElements)) }

    /// The key dimension of one linear read-out (state-capacity.md §3.5): Mamba-1/2 d_state (B is
    /// shared across the heads of a group), RWKV the head size; nil without recurrent layers.
    public var keyDim: Int? {
        for layer in model.layers {
            switch layer.recurrent {
            case let .mamba1(b)?: return b.stateDim
            case let .mamba2(b)?: return b.stateDim
            case let .rwkv(b)?: return b.headSize ?? b.hiddenSize
            case let .linearAttention(b)?: return b.keyDim
            case .shortConvolution?, nil: continue
            }
        }
        return nil
    }

    /// Pairs one linear read-out holds at a 1 % bit error rate, N_max = 1 + d_k/z²₀.₉₉ [R].
    public var linearRecallCapacity: Double? {
        keyDim.flatMap { try? CapacityBounds.capacity(keyDim: Double($0), bitErrorRate: 0.01) }
    }

    /// Pairs of 16-bit values the whole state can hold by counting bits (Based, Thm 3.1) [R].
    public var recallPairsBound: Double {
        CapacityBounds.recallPairs(stateBits: Double(stateElements) * bitsPerElement, valueChoices: 65_536)
    }

    /// Elements of all attention caches at context L (GQA keys and values, MLA latents, windows).
    public func cacheElements(atContext L: Int) -> Int { caches.reduce(0) { $0 + $1.elements(atContext: L) } }

    /// The vocabulary of the copy bound when the config gives none: 65 536 for RWKV (the World
    /// tokenizer), else 50 277 (the GPT-NeoX tokenizer of the Mamba checkpoints).
    public static func defaultVocabulary(for model: ModelDescription) -> Double {
        model.layers.contains { if case .rwkv? = $0.recurrent { return true } else { return false } } ? 65_536 : 50_277
    }

    /// The most state elements counted: 2^53, below which every count is exact in a Double and
    /// no sum or product of the counts overflows an Int.
    public static let maxStateElements = 1 << 53

    /// Refuses a model whose recurrent state would exceed ``maxStateElements`` before any count is
    /// made in Int (so that sizes read from a config or options cannot overflow): each layer's
    /// state, shifts and allocated convolution are bounded in Double, then summed over the layers.
    public static func checkStateSize(_ model: ModelDescription) throws(ConfigError) {
        var total = 0.0
        var largest = (elements: 0.0, name: "")
        for layer in model.layers {
            let elements: Double
            switch layer.recurrent {
            case let .mamba1(b)?: elements = Double(b.innerDim) * (Double(b.stateDim) + Double(b.convWidth))
            case let .mamba2(b)?:
                elements = Double(b.heads) * Double(b.headDim) * (Double(b.stateDim) + Double(b.convWidth))
                    + 2 * Double(b.groups) * Double(b.stateDim) * Double(b.convWidth)
            case let .rwkv(b)?: elements = Double(b.attentionHiddenSize) * Double(b.headSize ?? 1) + 5 * Double(b.hiddenSize)
            case let .linearAttention(b)?:
                elements = Double(b.heads) * Double(b.keyDim) * Double(b.valueDim) + Double(b.convolutionChannels) * Double(b.convolutionWidth)
            case let .shortConvolution(b)?: elements = Double(b.channels) * Double(b.width)
            case nil: continue
            }
            total += elements
            if elements > largest.elements { largest = (elements, layer.recurrent!.name) }
        }
        guard total <= Double(maxStateElements) else {
            throw ConfigError("", "the recurrent state would hold \(String(format: "%.3g", total)) elements "
                               + "(up to \(String(format: "%.3g", largest.elements)) per \(largest.name) layer × "
                               + "\(model.recurrentLayerCount) layers), more than the 2^53 this tool counts exactly: lower the layer count or the state's dimensions")
        }
    }

    /// Refuses a model whose attention caches at context `L` would exceed ``maxStateElements``
    /// (before ``cacheElements(atContext:)`` counts them in Int): per attention layer, its elements
    /// per token times min(L, window), bounded in Double and summed.
    public static func checkCacheSize(_ model: ModelDescription, context L: Int) throws(ConfigError) {
        var total = 0.0
        for layer in model.layers {
            guard let a = layer.attention else { continue }
            let perToken = a.latentCacheWidth.map(Double.init) ?? Double(a.kvHeads) * (Double(a.headDim) + Double(a.valueHeadDim))
            total += perToken * Double(min(L, a.window ?? L))
        }
        guard total <= Double(maxStateElements) else {
            throw ConfigError("", "the KV cache at \(L) tokens would hold \(String(format: "%.3g", total)) elements over \(model.attentionLayerCount) attention layers, "
                               + "more than the 2^53 this tool counts exactly: lower the context, the layers, the KV heads or the head dimension")
        }
    }

    /// The context of the KV-cache comparison for a model that advertises none.
    public static let defaultContext = 131_072

    public init(model: ModelDescription, vocabulary: Double? = nil, tokensPerK: Double = 1024, bitsPerElement: Double? = nil) {
        self.model = model
        self.vocabulary = vocabulary ?? Self.defaultVocabulary(for: model)
        laws = StuffedMambaLaws(tokensPerK: tokensPerK)
        var states: [RecurrentState] = [], caches: [AttentionCache] = []
        var rwkv = false
        for layer in model.layers {
            switch layer.recurrent {
            case let .mamba1(b)?: states.append(.mamba1(innerDim: b.innerDim, stateDim: b.stateDim, convWidth: b.convWidth))
            case let .mamba2(b)?: states.append(.mamba2(heads: b.heads, headDim: b.headDim, stateDim: b.stateDim, groups: b.groups, convWidth: b.convWidth))
            case let .rwkv(b)?:
                rwkv = true
                states.append(.rwkv(version: b.version, hiddenSize: b.hiddenSize, attentionHiddenSize: b.attentionHiddenSize, headSize: b.headSize))
            case let .linearAttention(b)?:
                states.append(.linearAttention(heads: b.heads, keyDim: b.keyDim, valueDim: b.valueDim,
                                               convolutionChannels: b.convolutionChannels, convolutionWidth: b.convolutionWidth))
            case let .shortConvolution(b)?: states.append(.shortConvolution(channels: b.channels, width: b.width))
            case nil: break
            }
            if let a = layer.attention, !a.reusesCache {
                caches.append(a.latentCacheWidth.map { AttentionCache(elementsPerToken: $0, window: a.window) }
                              ?? .groupedQuery(kvHeads: a.kvHeads, headDim: a.headDim, valueHeadDim: a.valueHeadDim, window: a.window))
            }
        }
        self.states = states
        self.caches = caches
        self.bitsPerElement = bitsPerElement ?? (rwkv ? 32 : Double(model.defaultStorageBits))
    }
}
