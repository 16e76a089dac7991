/// Qwen2 and Qwen3, dense and MoE (`qwen2`, `qwen2_moe`, `qwen3`, `qwen3_moe`; transformers
/// models/qwen2, qwen2_moe, qwen3, qwen3_moe). Qwen3-Next and Qwen3.5 are ``qwen3Next``.
extension ModelFamily {
    static let qwen = ModelFamily(
        name: "qwen2/qwen3", matches: { ["qwen2", "qwen2_moe", "qwen3", "qwen3_moe"].contains($0) },
        ggufArchitectures: ["qwen2": "qwen2", "qwen3": "qwen3", "qwen2moe": "qwen2_moe", "qwen3moe": "qwen3_moe"],
        classDefaults: [
            "qwen2": .init(maxPositionEmbeddings: 32768, ignoresPartialRotary: true),                 // configuration_qwen2.py:67
            "qwen3": .init(headDim: 128, maxPositionEmbeddings: 32768, ignoresPartialRotary: true),   // configuration_qwen3.py:67,69
        ])
}
