/// Gemma, Gemma 2 and Gemma 3 (`gemma`, `gemma2`, `gemma3`, `gemma3_text`; transformers
/// models/gemma, gemma2, gemma3). Gemma 3n and Gemma 4 are ``gemma3n``.
extension ModelFamily {
    static let gemma = ModelFamily(
        name: "gemma", matches: { ["gemma", "gemma2", "gemma3", "gemma3_text"].contains($0) },
        ggufArchitectures: ["gemma": "gemma", "gemma2": "gemma2", "gemma3": "gemma3_text"])
}
