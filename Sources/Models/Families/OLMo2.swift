/// OLMo 2 (`olmo2`; transformers models/olmo2). OLMo 3 is ``olmo3``.
extension ModelFamily {
    static let olmo2 = ModelFamily(
        name: "olmo2", matches: { $0 == "olmo2" }, ggufArchitectures: ["olmo2": "olmo2"],
        classDefaults: ["olmo2": .init(maxPositionEmbeddings: 2048, ignoresPartialRotary: true)])
}
