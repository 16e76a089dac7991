/// Persimmon (`persimmon`; transformers models/persimmon).
extension ModelFamily {
    static let persimmon = ModelFamily(
        name: "persimmon", matches: { $0 == "persimmon" },
        classDefaults: ["persimmon": .init(partialRotaryFactor: 0.5, maxPositionEmbeddings: 16384)])
}
