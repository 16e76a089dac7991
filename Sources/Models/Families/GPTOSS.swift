/// gpt-oss (`gpt_oss`; transformers models/gpt_oss).
extension ModelFamily {
    static let gptOSS = ModelFamily(
        name: "gpt_oss", matches: { $0 == "gpt_oss" },
        classDefaults: ["gpt_oss": .init(ropeTheta: 150_000, headDim: 64, maxPositionEmbeddings: 131_072)])
}
