/// DeepSeek Sparse Attention (`deepseek_v32`: DeepSeek-V3.2; `glm_moe_dsa`: GLM-5): MLA layers
/// whose lightning indexer picks index_topk cached positions per query. Without `layer_types`
/// every layer is `indexed_attention` (configuration_deepseek_v32.py:134-135,
/// configuration_glm_moe_dsa.py:154-155); the rope is the model's one.
extension ModelFamily {
    static let sparseIndexed = ModelFamily(
        name: "deepseek_v32/glm_moe_dsa", matches: { $0 == "deepseek_v32" || $0 == "glm_moe_dsa" },
        layerSlots: { _, n throws(ConfigError) in Array(repeating: .attention(.indexed), count: n) })
}
