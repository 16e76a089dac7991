/// DeepSeek-V2 and V3 (`deepseek_v2`, `deepseek_v3`; transformers models/deepseek_v2, deepseek_v3):
/// MLA, read by ``AttentionReader``'s latent rules. DeepSeek-V3.2 is ``sparseIndexed``.
extension ModelFamily {
    static let deepSeek = ModelFamily(
        name: "deepseek_v2/deepseek_v3", matches: { $0 == "deepseek_v2" || $0 == "deepseek_v3" },
        classDefaults: [
            "deepseek_v2": .init(maxPositionEmbeddings: 2048, ignoresPartialRotary: true),   // head_dim := qk_rope_head_dim: the MLA reading
            "deepseek_v3": .init(maxPositionEmbeddings: 4096, ignoresPartialRotary: true),
        ])
}
