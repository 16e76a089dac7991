/// Zamba2 (`zamba2`; transformers models/zamba2): the shared attention reads the concatenation of
/// the hidden state and the input embedding, so a derived head_dim is 2·hidden_size // heads
/// (configuration_zamba2.py attention_hidden_size).
extension ModelFamily {
    static let zamba2 = ModelFamily(
        name: "zamba2", matches: { $0 == "zamba2" }, attentionInputWidthFactor: 2,
        // "mamba" layers, and "hybrid" layers that add the shared attention block (rotary only with use_mem_rope).
        layerList: { c, reader throws(ConfigError) in
            let types = try ModelReader.blockTypes(c, key: "layers_block_type", allowed: ["mamba", "hybrid"])
            let block = RecurrentBlock.mamba2(try RecurrentReader.zamba2(c))
            var shared = try reader.sharedLayer()
            if try c.bool("use_mem_rope") != true { shared.rotary = nil }
            return types.map { LayerDescription(attention: $0 == "hybrid" ? shared : nil, recurrent: block) }
        })
}
