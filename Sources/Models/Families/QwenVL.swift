/// Qwen2-VL and Qwen2.5-VL (`qwen2_vl`, `qwen2_5_vl`; transformers models/qwen2_vl, qwen2_5_vl).
extension ModelFamily {
    static let qwenVL = ModelFamily(
        name: "qwen2_vl/qwen2_5_vl", matches: { $0 == "qwen2_vl" || $0 == "qwen2_5_vl" },
        classDefaults: [
            "qwen2_vl": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 32768, tieWordEmbeddings: true),
            "qwen2_5_vl": .init(ropeTheta: 1_000_000, maxPositionEmbeddings: 32768, tieWordEmbeddings: true),
        ])
}
