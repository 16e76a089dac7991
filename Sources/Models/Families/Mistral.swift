/// Mistral, Mixtral and Ministral 3 (`mistral`, `mixtral`, `ministral3`; transformers
/// models/mistral, models/mixtral, models/ministral3). llama.cpp's `mistral3` architecture is
/// Ministral 3's text model.
extension ModelFamily {
    static let mistral = ModelFamily(
        name: "mistral", matches: { ["mistral", "mixtral", "ministral3"].contains($0) },
        ggufArchitectures: ["mistral3": "ministral3"])
}
