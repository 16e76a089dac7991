/// StarCoder2 (`starcoder2`; transformers models/starcoder2).
extension ModelFamily {
    static let starCoder2 = ModelFamily(name: "starcoder2", matches: { $0 == "starcoder2" }, ggufArchitectures: ["starcoder2": "starcoder2"],
                                          gatedMLP: false)   // Starcoder2MLP: c_fc, c_proj
}
