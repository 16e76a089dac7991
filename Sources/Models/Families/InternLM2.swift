/// InternLM2 (`internlm2`): remote code, its configuration_internlm2.py shipped on the Hub.
extension ModelFamily {
    static let internLM2 = ModelFamily(name: "internlm2", matches: { $0 == "internlm2" }, ggufArchitectures: ["internlm2": "internlm2"])
}
