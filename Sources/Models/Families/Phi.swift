/// Phi, Phi-3 and PhiMoE (`phi`, `phi3`, `phimoe`; transformers models/phi, phi3, phimoe).
extension ModelFamily {
    static let phi = ModelFamily(
        name: "phi", matches: { ["phi", "phi3", "phimoe"].contains($0) }, ggufArchitectures: ["phi3": "phi3"],
        classDefaults: [
            "phi3": .init(partialRotaryFactor: 1, maxPositionEmbeddings: 4096, originalMaxPositionEmbeddings: 4096), // configuration_phi3.py:70,71,96
            "phi": .init(partialRotaryFactor: 0.5, maxPositionEmbeddings: 2048),
            "phimoe": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 131_072),
        ],
        llamaCppContext: { $0 == "phi3" ? LlamaCppContext(keys: ["n_positions", "max_position_embeddings"]) : nil })   // Phi3MiniModel
}
