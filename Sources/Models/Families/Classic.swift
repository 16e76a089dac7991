/// The pre-RoPE families, which encode position with a learned table or ALiBi and whose MLP has
/// no gate (up and down only): GPT-2 and GPTBigCode (`gpt2`, `gpt_bigcode`), OPT (`opt`), BERT and
/// RoBERTa (`bert`, `roberta`), BLOOM (`bloom`) and MPT (`mpt`); transformers models/gpt2,
/// gpt_bigcode, opt, bert, roberta, bloom, mpt.
extension ModelFamily {
    static let gpt2 = ModelFamily(name: "gpt2", matches: { $0 == "gpt2" || $0 == "gpt_bigcode" }, positionScheme: .learned, gatedMLP: false)
    static let opt = ModelFamily(name: "opt", matches: { $0 == "opt" }, positionScheme: .learned, gatedMLP: false)
    static let bert = ModelFamily(name: "bert", matches: { $0 == "bert" || $0 == "roberta" }, positionScheme: .learned)
    static let bloom = ModelFamily(name: "bloom", matches: { $0 == "bloom" }, positionScheme: .alibi, gatedMLP: false)
    static let mpt = ModelFamily(name: "mpt", matches: { $0 == "mpt" }, positionScheme: .alibi)
}
