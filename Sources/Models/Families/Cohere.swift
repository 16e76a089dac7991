/// Command-R (`cohere`, `cohere2`; transformers models/cohere, cohere2); llama.cpp names it
/// `command-r`. `model_max_length` wins over a smaller `max_position_embeddings`, as in vLLM
/// (`derive_max_model_len_and_key`) and llama.cpp's converter (CommandR2Model); transformers reads
/// only the latter, which the lint notes.
extension ModelFamily {
    static let cohere = ModelFamily(
        name: "cohere", matches: { $0 == "cohere" || $0 == "cohere2" },
        ggufArchitectures: ["command-r": "cohere"], longerContextKey: "model_max_length")
}
