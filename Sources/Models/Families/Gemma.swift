/// Gemma, Gemma 2 and Gemma 3 (`gemma`, `gemma2`, `gemma3`, `gemma3_text`; transformers
/// models/gemma, gemma2, gemma3). Gemma 3n and Gemma 4 are ``gemma3n``.
extension ModelFamily {
    static let gemma = ModelFamily(
        name: "gemma", matches: { ["gemma", "gemma2", "gemma3", "gemma3_text"].contains($0) },
        ggufArchitectures: ["gemma": "gemma", "gemma2": "gemma2", "gemma3": "gemma3_text"],
        classDefaults: [
            "gemma": .init(headDim: 256, maxPositionEmbeddings: 8192, tieWordEmbeddings: true, ignoresPartialRotary: true),   // configuration_gemma.py:72,74
            "gemma2": .init(headDim: 256, maxPositionEmbeddings: 8192, tieWordEmbeddings: true, ignoresPartialRotary: true),  // configuration_gemma2.py:73,75
            "gemma3_text": .init(ropeTheta: 1_000_000, headDim: 256, maxPositionEmbeddings: 131_072, tieWordEmbeddings: true,
                                 ignoresPartialRotary: true),                                                                  // configuration_gemma3.py:79,81,148-155
        ])
}
