import Models
import Rotary

/// The command line for each serving stack that runs a model with a changed rotary configuration
/// at a context L without editing its config.json, each checked against that stack's source or
/// documentation (version named):
/// - **vLLM** (docs "Context Extension", examples/features/context_extension, vLLM ≥ 0.11.1, where
///   `--rope-scaling` was removed): `vllm serve MODEL --hf-overrides '{"rope_parameters": {…},
///   "max_position_embeddings": L}' --max-model-len L`.
/// - **SGLang** (`python/sglang/srt/hf_transformers_utils.py`: `get_config` applies
///   `config.update(model_override_args)`; `get_context_length` multiplies the length by the rope
///   factor unless the dictionary holds original_max_position_embeddings or is llama3):
///   `python -m sglang.launch_server --model-path MODEL --json-model-override-args '{"rope_scaling":
///   {…}, "max_position_embeddings": L}' --context-length L`.
/// - **llama.cpp** (`common/arg.cpp` @ 0017d6fb: `--rope-scaling {none,linear,yarn}`, `--rope-scale`,
///   `--rope-freq-base`, `--yarn-orig-ctx`, `-c`; the server test `test_slot_ctx_not_capped_with_yarn`
///   runs exactly `--rope-scaling yarn --rope-scale s --yarn-orig-ctx L₀` with n_ctx = s·L₀): YaRN,
///   linear and a new base only. llama3 factors are written into the GGUF's `rope_freqs` tensor by
///   `convert_hf_to_gguf.py`, so they need a conversion of the patched config; dynamic NTK and
///   LongRoPE-by-flag do not exist there (nil).
/// - **transformers** (`from_pretrained` passes unused keyword arguments to the config): the
///   dictionary as `rope_scaling=` (v4 configs) or `rope_parameters=` with rope_theta inside (v5),
///   and `max_position_embeddings=L`.
public struct StackCommands: Sendable, Equatable {
    public let vllm: String
    public let sglang: String
    /// nil where llama.cpp has no flag for the scaling (``llamaCppNote`` says what to do instead).
    public let llamaCpp: String?
    public let llamaCppNote: String?
    public let transformers: String

    /// - Parameters:
    ///   - rotary: the changed configuration (its base, scaling and max_position_embeddings).
    ///   - context: L, the context to serve.
    ///   - v5: the config uses transformers v5's `rope_parameters`.
    public init(rotary: RotaryConfiguration, context L: Int, v5: Bool) {
        let scaling = ScalingDictionary.node(rotary.scaling)
        let v5Dict = (scaling ?? .object([("rope_type", .string("default"))])).setting("rope_theta", to: .number(rotary.base))
        let compactV5 = JSONWriter.compact(v5Dict)
        vllm = "vllm serve MODEL --hf-overrides '{\"rope_parameters\": \(compactV5), \"max_position_embeddings\": \(L)}' --max-model-len \(L)"
        var sglangPairs: [(key: String, value: JSONNode)] = [("rope_scaling", scaling ?? .null), ("max_position_embeddings", .integer(L))]
        if scaling == nil || rotary.scaling == .none { sglangPairs.insert(("rope_theta", .number(rotary.base)), at: 0) }
        sglang = "python -m sglang.launch_server --model-path MODEL --json-model-override-args '\(JSONWriter.compact(.object(sglangPairs)))' --context-length \(L)"
        let f = { (x: Double) in x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
        let base = " --rope-freq-base \(f(rotary.base))"
        switch rotary.scaling {
        case .none:
            llamaCpp = "llama-server -m MODEL.gguf --rope-scaling none\(base) -c \(L)"
            llamaCppNote = nil
        case let .linear(s):
            llamaCpp = "llama-server -m MODEL.gguf --rope-scaling linear --rope-scale \(f(s))\(base) -c \(L)"
            llamaCppNote = nil
        case let .yarn(y):
            let s = y.factor ?? Double(L) / Double(y.originalMaxPositionEmbeddings)
            llamaCpp = "llama-server -m MODEL.gguf --rope-scaling yarn --rope-scale \(f(s)) --yarn-orig-ctx \(y.originalMaxPositionEmbeddings)\(base) -c \(L)"
            llamaCppNote = nil
        case .llama3:
            llamaCpp = nil
            llamaCppNote = "llama.cpp applies llama3 factors from the GGUF's rope_freqs tensor: convert the patched config.json with convert_hf_to_gguf.py, then run with -c \(L)"
        case .dynamic:
            llamaCpp = nil
            llamaCppNote = "llama.cpp has no dynamic NTK scaling (--rope-scaling takes none, linear or yarn)"
        case .ntkAlpha:
            llamaCpp = nil
            llamaCppNote = "llama.cpp has no NTK-alpha scaling: its effective base rope_theta·α^(d/(d−2)) goes in --rope-freq-base of a converted GGUF"
        case .longrope, .proportional:
            llamaCpp = nil
            llamaCppNote = "llama.cpp reads \(rotary.scaling.ropeType.rawValue) factors from the converted GGUF: convert the patched config.json, then run with -c \(L)"
        }
        let kwarg = v5 ? "rope_parameters=\(Self.python(v5Dict))" : "rope_scaling=\(scaling.map(Self.python) ?? "None"), rope_theta=\(rotary.base)"
        transformers = "AutoModelForCausalLM.from_pretrained(MODEL, \(kwarg), max_position_embeddings=\(L))"
    }

    /// A JSON object as a Python literal (true/false/null → True/False/None).
    static func python(_ node: JSONNode) -> String {
        switch node {
        case .null: return "None"
        case let .bool(b): return b ? "True" : "False"
        case let .array(items): return "[" + items.map(python).joined(separator: ", ") + "]"
        case let .object(pairs): return "{" + pairs.map { JSONWriter.quote($0.key) + ": " + python($0.value) }.joined(separator: ", ") + "}"
        default: return JSONWriter.compact(node)
        }
    }
}
