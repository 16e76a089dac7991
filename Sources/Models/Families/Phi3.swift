/// Phi-3 (`phi3`; transformers models/phi3).
extension ModelFamily {
    static let phi3 = ModelFamily(name: "phi3", matches: { $0 == "phi3" }, ggufArchitectures: ["phi3": "phi3"])
}
