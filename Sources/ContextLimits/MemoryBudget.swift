import Models
import StateCapacity

/// How much context fits in a memory budget: KV cache plus recurrent state for a batch of
/// sequences, with the weights when their format is given.
///
/// bytes(L) = batch · (Σ_layers e_ℓ · min(L, w_ℓ) · b_kv + S · b_state) + W · b_w, with e_ℓ the cached
/// elements per token of attention layer ℓ (2·n_kv·d, MLA's latent width), w_ℓ its window or
/// chunk (∞ for full attention and NoPE layers, which cache every token), S the recurrent state
/// elements (with the informative convolution columns), W the weight count (``ParameterCount``).
/// Two readings of windowed layers (derived here):
/// - **ideal**: a sliding or chunked layer keeps only its window, as engines with per-layer
///   (hybrid) allocators do (vLLM's hybrid KV-cache manager, llama.cpp's SWA cache);
/// - **full pages**: every layer holds all L tokens, as an engine that allocates full-length pages
///   for sliding layers needs (vLLM with `--disable-hybrid-kv-cache-manager`, older engines).
///
/// bytes(L) is nondecreasing and piecewise linear in L, so the largest fitting L is found by
/// bisection on the integers (exact).
public struct MemoryBudget: Sendable {
    public let caches: [AttentionCache]
    public let stateElements: Int
    public let kvBytesPerElement: Double
    public let stateBytesPerElement: Double
    public let batch: Int
    /// Bytes of the weights, nil when they are left out.
    public let weightBytes: Double?

    public init(report: RecurrentReport, kvBytesPerElement: Double, stateBytesPerElement: Double, batch: Int = 1, weightBytes: Double? = nil) {
        precondition(batch >= 1 && kvBytesPerElement > 0 && stateBytesPerElement > 0, "a batch of at least one sequence, positive element sizes")
        caches = report.caches
        stateElements = report.stateElementsWithConvolution
        self.kvBytesPerElement = kvBytesPerElement
        self.stateBytesPerElement = stateBytesPerElement
        self.batch = batch
        self.weightBytes = weightBytes
    }

    /// The bytes needed at context L. O(layers).
    public func bytes(atContext L: Int, fullPages: Bool = false) -> Double {
        let kv = caches.reduce(0.0) { sum, c in sum + Double(c.elementsPerToken) * Double(fullPages ? L : min(L, c.window ?? L)) }
        return Double(batch) * (kv * kvBytesPerElement + Double(stateElements) * stateBytesPerElement) + (weightBytes ?? 0)
    }

    /// KV-cache bytes per token at long context (windowed layers contribute nothing beyond their
    /// window in the ideal reading), per sequence.
    public func kvBytesPerToken(fullPages: Bool) -> Double {
        caches.reduce(0.0) { $0 + (fullPages || $1.window == nil ? Double($1.elementsPerToken) : 0) } * kvBytesPerElement
    }

    /// The largest context L ≤ `limit` whose bytes fit in `memory`: 0 when not even one token
    /// fits, `limit` when everything up to it does (then the memory is no constraint).
    ///
    /// - Complexity: O(layers · log limit).
    public func maxContext(memory: Double, fullPages: Bool = false, limit: Int = 1 << 40) -> Int {
        guard bytes(atContext: 1, fullPages: fullPages) <= memory else { return 0 }
        if bytes(atContext: limit, fullPages: fullPages) <= memory { return limit }
        var good = 1, bad = limit
        while bad - good > 1 {
            let mid = good + (bad - good) / 2
            if bytes(atContext: mid, fullPages: fullPages) <= memory { good = mid } else { bad = mid }
        }
        return good
    }
}
