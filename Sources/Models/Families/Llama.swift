/// Llama (`llama`): read by the generic rules (transformers models/llama).
extension ModelFamily {
    static let llama = ModelFamily(
        name: "llama", matches: { $0 == "llama" }, ggufArchitectures: ["llama": "llama"],
        classDefaults: ["llama": .init(maxPositionEmbeddings: 2048, ignoresPartialRotary: true)])   // configuration_llama.py:70,83
}
