/// StableLM (`stablelm`; transformers models/stablelm).
extension ModelFamily {
    static let stableLM = ModelFamily(
        name: "stablelm", matches: { $0 == "stablelm" }, ggufArchitectures: ["stablelm": "stablelm"],
        classDefaults: ["stablelm": .init(partialRotaryFactor: 0.25, maxPositionEmbeddings: 4096)])   // configuration_stablelm.py:51,67
}
