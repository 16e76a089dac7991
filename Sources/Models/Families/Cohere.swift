/// Command-R (`cohere`, `cohere2`; transformers models/cohere, cohere2); llama.cpp names it
/// `command-r`.
extension ModelFamily {
    static let cohere = ModelFamily(
        name: "cohere", matches: { $0 == "cohere" || $0 == "cohere2" },
        ggufArchitectures: ["command-r": "cohere"])
}
