/// Apertus (`apertus`; transformers models/apertus).
extension ModelFamily {
    static let apertus = ModelFamily(
        name: "apertus", matches: { $0 == "apertus" },
        classDefaults: ["apertus": .init(ropeTheta: 12_000_000, maxPositionEmbeddings: 65536)])
}
