/// Mistral, Mixtral and Ministral 3 (`mistral`, `mixtral`, `ministral3`; transformers
/// models/mistral, models/mixtral, models/ministral3). llama.cpp's `mistral3` architecture is
/// Ministral 3's text model.
extension ModelFamily {
    static let mistral = ModelFamily(
        name: "mistral", matches: { ["mistral", "mixtral", "ministral3"].contains($0) },
        ggufArchitectures: ["mistral3": "ministral3"],
        classDefaults: [
            "mistral": .init(maxPositionEmbeddings: 131_072, ignoresPartialRotary: true),                      // configuration_mistral.py:68,70
            "mixtral": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 131_072, ignoresPartialRotary: true), // configuration_mixtral.py:43,72
        ])
}
