/// Mamba and Mamba-2 (`mamba`, `mamba2`; transformers models/mamba, mamba2): every layer a Mamba block.
/// llama.cpp's converter writes context_length 2^20 (MambaModel, Mamba2Model: no trained context).
extension ModelFamily {
    static let mamba = ModelFamily(
        name: "mamba", matches: { $0 == "mamba" || $0 == "mamba2" },
        llamaCppContext: { _ in LlamaCppContext(keys: [], absent: 1 << 20) },
        recurrentModel: { c, type throws(ConfigError) in
            let block: RecurrentBlock = type == "mamba" ? .mamba1(try RecurrentReader.mamba1HF(c)) : .mamba2(try RecurrentReader.mamba2HF(c))
            return RecurrentModel(layers: Array(repeating: LayerDescription(recurrent: block), count: try ModelReader.layerCount(c)),
                                  hiddenSize: try c.int("hidden_size", in: Limits.width))
        })
}
