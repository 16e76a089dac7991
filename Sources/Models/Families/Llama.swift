/// Llama (`llama`): read by the generic rules (transformers models/llama).
extension ModelFamily {
    static let llama = ModelFamily(name: "llama", matches: { $0 == "llama" }, ggufArchitectures: ["llama": "llama"])
}
