/// Command-R (`cohere`, `cohere2`; transformers models/cohere, cohere2); llama.cpp names it
/// `command-r`. `model_max_length` wins over a smaller `max_position_embeddings`, as in vLLM
/// (`derive_max_model_len_and_key`) and llama.cpp's converter (CommandR2Model); transformers reads
/// only the latter, which the lint notes.
extension ModelFamily {
    static let cohere = ModelFamily(
        name: "cohere", matches: { $0 == "cohere" || $0 == "cohere2" },
        ggufArchitectures: ["command-r": "cohere"],
        classDefaults: [
            "cohere": .init(ropeTheta: 500_000, maxPositionEmbeddings: 8192, tieWordEmbeddings: true, ignoresPartialRotary: true), // configuration_cohere.py:50,74
            "cohere2": .init(maxPositionEmbeddings: 8192, tieWordEmbeddings: true, ignoresPartialRotary: true),                    // configuration_cohere2.py:73
        ],
        longerContextKey: "model_max_length",
        llamaCppContext: { _ in LlamaCppContext(keys: ["model_max_length", "max_position_embeddings"]) },   // CommandR2Model
        // configuration_cohere2.py:95-101: layer i global iff (i + 1) % sliding_window_pattern == 0
        // (default 4); RoPE only in sliding layers (modeling_cohere2.py:190,222-223).
        windowPattern: { $0 == "cohere2" ? WindowPattern(interval: 4, intervalKey: "sliding_window_pattern", needsWindow: true, globalNoPE: true) : nil },
        lintWarnings: { text, _, _ throws(ConfigError) in
            guard let longer = try text.int("model_max_length", in: Limits.positions), let written = try text.int("max_position_embeddings", in: Limits.positions),
                  longer != written else { return [] }
            return [ConfigWarning(.modelMaxLength, text.field("model_max_length"), "\(longer) differs from max_position_embeddings (\(written)): transformers uses \(written); vLLM and llama.cpp use \(longer)"
                                  + (longer > written ? ", and so does this tool" : "; this tool keeps \(written)"))]
        })
}
