/// Falcon-H1 (`falcon_h1`; transformers models/falcon_h1).
extension ModelFamily {
    static let falconH1 = ModelFamily(
        name: "falcon_h1", matches: { $0 == "falcon_h1" },
        classDefaults: ["falcon_h1": .init(maxPositionEmbeddings: 8192, ignoresPartialRotary: true)],
        // A parallel hybrid: attention and Mamba-2 side by side in every layer.
        layerList: { c, reader throws(ConfigError) in
            let block = RecurrentBlock.mamba2(try RecurrentReader.falconH1(c))
            return try reader.layers(count: try ModelReader.layerCount(c)).map { LayerDescription(attention: $0, recurrent: block) }
        })
}
