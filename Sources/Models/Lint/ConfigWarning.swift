/// One lint finding: the rule, the config field it concerns, and what a user should know.
public struct ConfigWarning: Sendable, Equatable, CustomStringConvertible {
    public let rule: LintRule
    /// The field's path in config.json ("rope_scaling.factor", "text_config.rope_theta").
    public let field: String
    public let message: String

    public init(_ rule: LintRule, _ field: String, _ message: String) {
        self.rule = rule
        self.field = field
        self.message = message
    }

    /// `FIELD: MESSAGE`, as stderr shows it after "warning: ".
    public var description: String { "\(field): \(message)" }
}

/// The lint rules, each mirroring what a stack does with a config (the source line it comes from in
/// ``source``). transformers is 5.24.0 (`modeling_rope_utils.py`, "MRU" below); vLLM 0.33.0;
/// llama.cpp `convert_hf_to_gguf.py` @ 0024aa74.
public enum LintRule: String, Sendable, CaseIterable {
    // transformers' rope validation (validate_rope and the per-type validators)
    case unknownRopeKey = "rope-key-unknown"
    case misspelledRopeKey = "rope-key-misspelled"
    case ropeTypeConflict = "rope-type-conflict"
    case factorBelowOne = "rope-factor-below-one"
    case attentionFactor = "rope-attention-factor"
    case betaOrder = "yarn-beta-order"
    case yarnFactorMismatch = "yarn-factor-mismatch"
    case mscaleWithoutAllDim = "yarn-mscale-without-all-dim"
    case longropeFactorLength = "longrope-factor-length"
    case longropeImplicitFactor = "longrope-implicit-factor"
    case llama3FrequencyOrder = "llama3-frequency-order"
    case llama3OriginalNotInteger = "llama3-original-not-integer"
    case llama3OriginalNotBelowMax = "llama3-original-not-below-max"
    case proportionalWithoutPartialRotary = "proportional-without-partial-rotary"
    // values defaulted rather than read, and where several places hold one value
    case originalDefaulted = "original-defaulted"
    case originalTopLevelWins = "original-top-level-wins"
    case ropeThetaMissing = "rope-theta-missing"
    case ropeThetaTwice = "rope-theta-twice"
    case bothRopeDictionaries = "rope-both-dictionaries"
    case classDefaultHeadDim = "class-default-head-dim"
    case classDefaultPartialRotary = "class-default-partial-rotary"
    case partialRotaryIgnored = "partial-rotary-ignored"
    // stacks that read the same file differently
    case doubleScaling = "double-scaling"
    case stacksDisagree = "stacks-disagree"
    case modelMaxLength = "model-max-length"
    case dbrxRopeTheta = "dbrx-rope-theta"
    case chatglmRemoteCode = "chatglm-remote-code"
    case condenseRatio = "rope-condense-ratio"
    case globalNoPE = "global-nope"
    case neoxKeys = "gpt-neox-keys"
    case gemma3LegacyType = "gemma3-legacy-type"
    // GGUF files (metadata only)
    case ggufTensorFactors = "gguf-tensor-factors"
    case ggufArchitecture = "gguf-architecture"

    /// Where the behaviour comes from: the stack, its version and the source lines.
    public var source: String {
        switch self {
        case .unknownRopeKey: return "transformers 5.24.0 MRU:1155-1157 (_check_received_keys, 'Unrecognized keys')"
        case .misspelledRopeKey: return "transformers 5.24.0 MRU:1155-1157 (the key is unrecognised); llama.cpp convert_hf_to_gguf.py reads attn_factor as yarn_attn_factor"
        case .ropeTypeConflict: return "transformers 5.24.0 MRU:825 (rope_type wins over type)"
        case .factorBelowOne: return "transformers 5.24.0 MRU:944-945, 959-960, 980-981, 1059-1060, 1084-1085"
        case .attentionFactor: return "transformers 5.24.0 MRU:983-987 (yarn: a float ≥ 0), 1062-1066 (longrope)"
        case .betaOrder: return "transformers 5.24.0 MRU:995-999"
        case .yarnFactorMismatch: return "transformers 5.24.0 MRU:1001-1014"
        case .mscaleWithoutAllDim: return "transformers 5.24.0 MRU:436-440 (_compute_yarn_parameters uses mscale only together with mscale_all_dim)"
        case .longropeFactorLength: return "transformers 5.24.0 MRU:1025-1043"
        case .longropeImplicitFactor: return "transformers 5.24.0 MRU:1049-1056"
        case .llama3FrequencyOrder: return "transformers 5.24.0 MRU:1095-1099"
        case .llama3OriginalNotInteger: return "transformers 5.24.0 MRU:1101-1106"
        case .llama3OriginalNotBelowMax: return "transformers 5.24.0 MRU:1107-1111"
        case .proportionalWithoutPartialRotary: return "transformers 5.24.0 MRU:1121-1127"
        case .originalDefaulted: return "transformers 5.24.0 MRU:842-843 (standardize_rope_params: setdefault from max_position_embeddings)"
        case .originalTopLevelWins: return "transformers 5.24.0 MRU:837-841 (a top-level original_max_position_embeddings is copied over the dict's)"
        case .ropeThetaMissing: return "transformers 5.24.0 MRU:760, 785 (default_theta of the class); DeepSpeed #8341 (getattr(config, 'rope_theta', 10000))"
        case .ropeThetaTwice: return "transformers 5.24.0 MRU:785, 795 (the dictionary's rope_theta wins)"
        case .bothRopeDictionaries: return "transformers 5.24.0 MRU:776-777 (rope_scaling is popped into rope_parameters)"
        case .classDefaultHeadDim: return "transformers 5.24.0 configuration_qwen3.py:67, configuration_gemma.py:72, configuration_glm.py:61"
        case .classDefaultPartialRotary: return "transformers 5.24.0 configuration_glm.py:76, configuration_stablelm.py:67, configuration_gpt_neox.py:98"
        case .partialRotaryIgnored: return "transformers 5.24.0 modeling_llama.py:101-102 (the default RoPE of these classes rotates the full head_dim)"
        case .doubleScaling: return "vLLM 0.33.0 vllm/config/model.py:2599-2634 (length × factor for linear and dynamic)"
        case .stacksDisagree: return "transformers 5.24.0, vLLM 0.33.0 _get_and_verify_max_len, llama.cpp convert_hf_to_gguf.py @ 0024aa74"
        case .modelMaxLength: return "vLLM 0.33.0 model_arch_config_convertor.py:403-406; llama.cpp CommandR2Model; transformers ignores it (cohere config)"
        case .dbrxRopeTheta: return "transformers 5.24.0 modeling_dbrx.py:184, 472 (attn_config.rope_theta stored, never used)"
        case .chatglmRemoteCode: return "transformers convert_glm_weights_to_hf.py (convert_config); vLLM chatglm.py GLMAttention; llama.cpp ChatGLMModel"
        case .condenseRatio: return "FastChat llama_condense_monkey_patch.py; LitGPT build_rope_cache; not read by transformers"
        case .globalNoPE: return "transformers 5.24.0 modeling_exaone4.py:233-235, modeling_cohere2.py:190, 222-223"
        case .neoxKeys: return "transformers 5.24.0 configuration_gpt_neox.py:97-98 (rotary_emb_base, rotary_pct only)"
        case .gemma3LegacyType: return "transformers 5.24.0 configuration_gemma3.py:137-143"
        case .ggufTensorFactors: return "llama.cpp convert_hf_to_gguf.py @ 0024aa74 (LlamaModel writes rope_freqs, Phi3MiniModel rope_factors_long/short)"
        case .ggufArchitecture: return "llama.cpp src/llama-model.cpp load_hparams (per-architecture cases)"
        }
    }
}
