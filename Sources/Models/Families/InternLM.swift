/// InternLM2 and InternLM3 (`internlm2`, `internlm3`): remote code, their configuration_*.py
/// shipped on the Hub.
extension ModelFamily {
    static let internLM = ModelFamily(
        name: "internlm", matches: { $0 == "internlm2" || $0 == "internlm3" }, ggufArchitectures: ["internlm2": "internlm2"],
        classDefaults: [
            "internlm3": .init(headDim: 128, maxPositionEmbeddings: 32768),
            "internlm2": .init(isRemoteCode: true),
        ])
}
