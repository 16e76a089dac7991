/// GLM and GLM-4 (`glm`, `glm4`, `glm4_moe`; transformers models/glm, glm4, glm4_moe): half of each
/// head rotated. ChatGLM's remote code is ``chatGLM``, GLM-5 ``sparseIndexed``.
extension ModelFamily {
    static let glm = ModelFamily(
        name: "glm", matches: { ["glm", "glm4", "glm4_moe"].contains($0) },
        classDefaults: [
            "glm": .init(partialRotaryFactor: 0.5, headDim: 128, maxPositionEmbeddings: 131_072),   // configuration_glm.py:61,64,76
            "glm4": .init(partialRotaryFactor: 0.5, headDim: 128, maxPositionEmbeddings: 131_072),  // configuration_glm4.py:61,64,76
            "glm4_moe": .init(partialRotaryFactor: 0.5, maxPositionEmbeddings: 131_072),
        ])
}
