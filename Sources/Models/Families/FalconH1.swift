/// Falcon-H1 (`falcon_h1`; transformers models/falcon_h1).
extension ModelFamily {
    static let falconH1 = ModelFamily(
        name: "falcon_h1", matches: { $0 == "falcon_h1" },
        classDefaults: ["falcon_h1": .init(maxPositionEmbeddings: 8192, ignoresPartialRotary: true)])
}
