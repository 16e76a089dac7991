/// Jamba (`jamba`; transformers models/jamba): Mamba and attention layers, no rotary embedding in
/// any; its weights are not counted.
extension ModelFamily {
    static let jamba = ModelFamily(
        name: "jamba", matches: { $0 == "jamba" }, positionScheme: PositionScheme.none,
        // Attention on layers i % attn_layer_period (8) == attn_layer_offset (4), Mamba-1 elsewhere.
        layerList: { c, reader throws(ConfigError) in
            let n = try ModelReader.layerCount(c)
            let period = try c.int("attn_layer_period", in: 1...Limits.layers.upperBound) ?? 8
            let offset = try c.int("attn_layer_offset", in: 0...Limits.layers.upperBound) ?? 4
            let attention = try reader.layers(count: n)
            let block = RecurrentBlock.mamba1(try RecurrentReader.jamba(c))
            return (0..<n).map { $0 % period == offset ? LayerDescription(attention: attention[$0]) : LayerDescription(recurrent: block) }
        })
}
