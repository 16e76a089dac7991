/// HunYuan dense and MoE (`hunyuan_v1_dense`, `hunyuan_v1_moe`): a `dynamic` rope dictionary with
/// `alpha` is NTK-alpha, a fixed base θ·α^(d/(d−2)) (modeling_hunyuan_v1_dense.py:298-305,342-358).
extension ModelFamily {
    static let hunYuan = ModelFamily(name: "hunyuan", matches: { $0.hasPrefix("hunyuan") }, readsAlpha: true)
}
