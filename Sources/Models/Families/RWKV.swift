/// RWKV 4–7 (`rwkv`, `rwkv5`, `rwkv6`, `rwkv7`): every layer an RWKV block of its version, the
/// trained context in `context_length`.
extension ModelFamily {
    static let rwkv = ModelFamily(
        name: "rwkv", matches: { $0.hasPrefix("rwkv") },
        recurrentModel: { c, type throws(ConfigError) in
            let version = type == "rwkv" ? 4 : Int(type.dropFirst(4)) ?? 0
            guard (4...7).contains(version) else { throw ConfigError(c.field("model_type"), "unknown RWKV version '\(type)'") }
            let block = try RecurrentReader.rwkv(c, version: version)
            return RecurrentModel(layers: Array(repeating: LayerDescription(recurrent: .rwkv(block)), count: try ModelReader.layerCount(c)),
                                  hiddenSize: block.hiddenSize, context: try c.int("context_length", in: Limits.positions))
        })
}
