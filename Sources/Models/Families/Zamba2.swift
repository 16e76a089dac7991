/// Zamba2 (`zamba2`; transformers models/zamba2): the shared attention reads the concatenation of
/// the hidden state and the input embedding, so a derived head_dim is 2·hidden_size // heads
/// (configuration_zamba2.py attention_hidden_size). Its layer list is read by ``ModelReader``.
extension ModelFamily {
    static let zamba2 = ModelFamily(name: "zamba2", matches: { $0 == "zamba2" }, attentionInputWidthFactor: 2)
}
