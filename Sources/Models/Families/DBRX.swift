/// DBRX (`dbrx`; transformers models/dbrx): key/value heads in `attn_config.kv_n_heads` (default 1,
/// configuration_dbrx.py:42,153); the rotary base in `attn_config.rope_theta`, the base the model
/// was trained with (transformers 5.24 builds DBRX's rotary module from a top-level `rope_theta`
/// instead, which the lint reports).
extension ModelFamily {
    static let dbrx = ModelFamily(
        name: "dbrx", matches: { $0 == "dbrx" }, ggufArchitectures: ["dbrx": "dbrx"],
        classDefaults: ["dbrx": .init(maxPositionEmbeddings: 2048, ignoresPartialRotary: true)],   // configuration_dbrx.py:115-125
        // The experts and their width in ffn_config (configuration_dbrx.py DbrxFFNConfig).
        expertShape: { c throws(ConfigError) in
            let ffn = try c.object("ffn_config")
            return (try ffn?.double("moe_num_experts"), try ffn?.double("ffn_hidden_size"))
        },
        kvHeads: { c, _ throws(ConfigError) in
            guard let attention = try c.object("attn_config") else { return nil }
            return (try attention.int("kv_n_heads", in: Limits.heads) ?? 1, attention.field("kv_n_heads"))
        },
        ropeBase: { c throws(ConfigError) in
            guard let attention = try c.object("attn_config"), let b = try attention.double("rope_theta") else { return nil }
            return (b, attention.field("rope_theta"))
        },
        llamaCppContext: { _ in LlamaCppContext(keys: ["max_seq_len"]) },   // DbrxModel
        writesRopeBase: { c throws(ConfigError) in try c.object("attn_config")?.has("rope_theta") == true },
        lintWarnings: { text, _, _ throws(ConfigError) in
            guard let attention = try text.object("attn_config"), let theta = try attention.double("rope_theta") else { return [] }
            let used = try text.double("rope_theta") ?? 10_000
            guard used != theta else { return [] }
            return [ConfigWarning(.dbrxRopeTheta, attention.field("rope_theta"), "transformers 5.24 builds DBRX's rotary embedding with rope_theta \(ConfigObject.format(used)) and ignores this value (\(ConfigObject.format(theta))); this tool and llama.cpp's converter use \(ConfigObject.format(theta)), the base the model was trained with")]
        })
}
