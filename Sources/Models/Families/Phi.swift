/// Phi-3 and PhiMoE (`phi3`, `phimoe`; transformers models/phi3, phimoe).
extension ModelFamily {
    static let phi3 = ModelFamily(
        name: "phi3", matches: { $0 == "phi3" || $0 == "phimoe" }, ggufArchitectures: ["phi3": "phi3"],
        classDefaults: [
            "phi3": .init(partialRotaryFactor: 1, maxPositionEmbeddings: 4096, originalMaxPositionEmbeddings: 4096), // configuration_phi3.py:70,71,96
            "phimoe": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 131_072),
        ],
        llamaCppContext: { $0 == "phi3" ? LlamaCppContext(keys: ["n_positions", "max_position_embeddings"]) : nil })   // Phi3MiniModel

    /// Phi-1, 1.5 and 2 (`phi`; transformers models/phi): its MLP has no gate (PhiMLP fc1, fc2).
    static let phi = ModelFamily(
        name: "phi", matches: { $0 == "phi" },
        classDefaults: ["phi": .init(partialRotaryFactor: 0.5, maxPositionEmbeddings: 2048)],
        gatedMLP: false)
}
