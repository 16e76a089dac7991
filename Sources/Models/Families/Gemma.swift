/// Gemma, Gemma 2 and Gemma 3 (`gemma`, `gemma2`, `gemma3`, `gemma3_text`, any other `gemma3…`;
/// transformers models/gemma, gemma2, gemma3). Gemma 3n and Gemma 4 are ``gemma3n``, listed first.
extension ModelFamily {
    static let gemma = ModelFamily(
        name: "gemma", matches: { $0 == "gemma" || $0 == "gemma2" || $0.hasPrefix("gemma3") },
        ggufArchitectures: ["gemma": "gemma", "gemma2": "gemma2", "gemma3": "gemma3_text"],
        // llama.cpp GEMMA2: every 2nd layer global (the reader's Gemma-2 rule); GEMMA3:
        // set_swa_pattern(6), sliding base 10000.
        ggufFixedWindowPattern: ["gemma2": [], "gemma3": [("sliding_window_pattern", 6), ("rope_local_base_freq", 10_000)]],
        classDefaults: [
            "gemma": .init(headDim: 256, maxPositionEmbeddings: 8192, tieWordEmbeddings: true, ignoresPartialRotary: true),   // configuration_gemma.py:72,74
            "gemma2": .init(headDim: 256, maxPositionEmbeddings: 8192, tieWordEmbeddings: true, ignoresPartialRotary: true),  // configuration_gemma2.py:73,75
            "gemma3_text": .init(ropeTheta: 1_000_000, headDim: 256, maxPositionEmbeddings: 131_072, tieWordEmbeddings: true,
                                 ignoresPartialRotary: true),                                                                  // configuration_gemma3.py:79,81,148-155
        ],
        llamaCppContext: gemmaLlamaCppContext,
        windowPattern: { $0 == "gemma2" ? WindowPattern(interval: 2) : $0.hasPrefix("gemma3") ? .gemma3 : nil },   // HF Gemma-2: every 2nd layer global
        readsOnlyRopeType: gemma3ReadsOnlyRopeType)

    /// Gemma-3 (and 3n) read only `rope_type`: with a legacy `type` key transformers leaves the
    /// global layers unscaled.
    static let gemma3ReadsOnlyRopeType: @Sendable (String) -> Bool = { $0.hasPrefix("gemma3") }

    /// llama.cpp's Gemma converters: max_position_embeddings, Gemma-3 (and 3n) 131072 when absent.
    static let gemmaLlamaCppContext: @Sendable (String) -> LlamaCppContext? = {
        LlamaCppContext(keys: ["max_position_embeddings"], absent: $0.hasPrefix("gemma3") ? 131_072 : nil)
    }
}
