/// Nemotron (`nemotron`; transformers models/nemotron). Nemotron-H is ``nemotronH``.
extension ModelFamily {
    static let nemotron = ModelFamily(
        name: "nemotron", matches: { $0 == "nemotron" },
        classDefaults: ["nemotron": .init(partialRotaryFactor: 0.5, maxPositionEmbeddings: 4096)])
}
