/// The alternative spellings of one config value, shared by every reader of config.json (the model
/// reader, the serving-stack rules, the lint, the patcher) so that they cannot disagree. The first
/// spelling present wins, in this order.
public enum ConfigKeys {
    /// The advertised context: transformers' `max_position_embeddings`, GPT-2/BLOOM `n_positions`,
    /// `max_sequence_length` (some remote-code families), MPT `max_seq_len`, ChatGLM/Qwen-1 `seq_length`.
    public static let maxPositionEmbeddings = ["max_position_embeddings", "n_positions", "max_sequence_length", "max_seq_len", "seq_length"]
    /// The rotary base: `rope_theta`, GPT-NeoX / Pythia `rotary_emb_base`.
    public static let ropeTheta = ["rope_theta", "rotary_emb_base"]
}
