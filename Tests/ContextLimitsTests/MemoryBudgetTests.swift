import Testing
@testable import ContextLimits

/// Memory budgets against hand computations from the models' published shapes (bf16 caches,
/// 2 bytes per element; GiB = 2^30 bytes).
@Suite("Memory budgets: context that fits")
struct MemoryBudgetTests {
    static let gib = 1 << 30

    func budget(_ name: String, batch: Int = 1, kvBytes: Double = 2, weights: Double? = nil) throws -> MemoryBudget {
        let report = RecurrentReport(model: try ModelInput.load(name).model)
        return MemoryBudget(report: report, kvBytesPerElement: kvBytes, stateBytesPerElement: report.bitsPerElement / 8, batch: batch, weightBytes: weights)
    }

    @Test func groupedQueryAttention() throws {
        // Llama-3.1-8B: 32 layers × 2 (K, V) × 8 KV heads × 128 × 2 bytes = 131072 bytes per token.
        #expect(try budget("llama-3.1-8b").maxContext(memory: Double(80 * Self.gib)) == 80 * Self.gib / 131_072)
        // fp8 KV cache: half the bytes, twice the context.
        #expect(try budget("llama-3.1-8b", kvBytes: 1).maxContext(memory: Double(80 * Self.gib)) == 80 * Self.gib / 65_536)
        // With its 8 029 995 008 weights (no norms) in bf16.
        let weights = 8_029_995_008.0 * 2
        #expect(try budget("llama-3.1-8b", weights: weights).maxContext(memory: Double(80 * Self.gib)) == Int((Double(80 * Self.gib) - weights) / 131_072))
    }

    @Test func slidingLayersIdealAndFullPages() throws {
        // Mistral-7B-v0.1: every layer slides over 4096 tokens: ideally 4096 × 131072 bytes at most, so 8 GiB is no limit;
        // with full-length pages, 8 GiB / 131072 bytes.
        let mistral = try budget("mistral-7b-v0.1")
        #expect(mistral.maxContext(memory: Double(8 * Self.gib)) == 1 << 40)
        #expect(mistral.maxContext(memory: Double(8 * Self.gib), fullPages: true) == 8 * Self.gib / 131_072)
        // Gemma-3-27B: 62 layers, 2 × 16 × 128 elements per token each; 52 slide over 1024 tokens, 10 are global.
        let perLayer = 2 * 16 * 128 * 2
        let gemma = try budget("gemma-3-27b-it")
        #expect(gemma.maxContext(memory: Double(24 * Self.gib)) == (24 * Self.gib - 52 * perLayer * 1024) / (10 * perLayer))
        #expect(gemma.maxContext(memory: Double(24 * Self.gib), fullPages: true) == 24 * Self.gib / (62 * perLayer))
    }

    @Test func latentCachesChunksAndHybrids() throws {
        // DeepSeek-V3: MLA caches kv_lora_rank + qk_rope_head_dim = 576 elements per token in each of 61 layers.
        #expect(try budget("deepseek-v3").maxContext(memory: Double(80 * Self.gib)) == 80 * Self.gib / (61 * 576 * 2))
        // Llama-4-Scout: 36 chunked layers keep 8192 tokens, the 12 NoPE global layers keep all; 2 × 8 × 128 elements each.
        let perLayer = 2 * 8 * 128 * 2
        #expect(try budget("llama-4-scout-17b-16e").maxContext(memory: Double(80 * Self.gib)) == (80 * Self.gib - 36 * perLayer * 8192) / (12 * perLayer))
        // Jamba-v0.1, 4 sequences: 4 attention layers (2 × 8 × 128 each) and 28 Mamba layers of
        // d_inner 8192 × (d_state 16 + d_conv − 1 = 3) state elements, all in bf16.
        let state = 28 * 8192 * (16 + 3) * 2
        #expect(try budget("jamba-v0.1", batch: 4).maxContext(memory: Double(80 * Self.gib)) == (80 * Self.gib / 4 - state) / (4 * perLayer))
    }

    @Test func edges() throws {
        let b = try budget("llama-3.1-8b")
        #expect(b.maxContext(memory: 100) == 0)
        #expect(b.maxContext(memory: 131_072) == 1)
        #expect(b.bytes(atContext: 10) == 10 * 131_072)
    }
}
