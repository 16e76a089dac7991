/// StableLM (`stablelm`; transformers models/stablelm).
extension ModelFamily {
    static let stableLM = ModelFamily(name: "stablelm", matches: { $0 == "stablelm" }, ggufArchitectures: ["stablelm": "stablelm"])
}
