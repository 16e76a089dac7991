/// OLMo 3 (`olmo3`): three sliding layers then one full (configuration_olmo3.py:92-95); a flat
/// rope_scaling is merged into the full-attention layers only (configuration_olmo3.py:100-121).
extension ModelFamily {
    static let olmo3 = ModelFamily(
        name: "olmo3", matches: { $0 == "olmo3" },
        classDefaults: ["olmo3": .init(ropeTheta: 500_000, maxPositionEmbeddings: 2048)],
        layerSlots: { c, n throws(ConfigError) in
            guard c.has("sliding_window") else { return nil }
            return (0..<n).map { .attention(($0 + 1) % 4 == 0 ? .full : .sliding) }
        },
        scalesFullLayersOnly: true)
}
