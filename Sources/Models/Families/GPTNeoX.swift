/// GPT-NeoX (`gpt_neox`; transformers models/gpt_neox); llama.cpp names it `gptneox`.
extension ModelFamily {
    static let gptNeoX = ModelFamily(name: "gpt_neox", matches: { $0 == "gpt_neox" }, ggufArchitectures: ["gptneox": "gpt_neox"])
}
