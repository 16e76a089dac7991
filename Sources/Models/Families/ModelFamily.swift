import Rotary

/// What one model family adds to the generic reading of a transformers config.json: its classes'
/// defaults, its GGUF architecture names and fixed GGUF window patterns, its layer pattern when
/// `layer_types` is absent (sliding/global interval and global NoPE included) or its whole layer
/// list (Falcon-H1, Jamba, Zamba2, Nemotron-H: `layerList`; Mamba, RWKV: `recurrentModel`), the recurrent block
/// of its `linear_attention` layers, whether it reads per-layer NoPE lists or HunYuan's NTK-alpha,
/// which layers it rotates and how a family without RoPE encodes position, where it keeps K/V
/// heads, rotary base and context (DBRX, ChatGLM, Command-R), its parameter layout (gated or
/// ungated MLP, expert keys, embedding tying), and llama.cpp's context rule for it.
/// Each family lives in its own file of this folder and is listed in ``all``; the readers
/// (``AttentionReader``, ``ModelReader``, ``RopeReader``), ``ModelClassDefaults``, ``ConfigLint``, ``ServingStacks``' llama.cpp rule, ``ParameterCount`` and
/// the GGUF reader consult ``of(_:)`` instead of testing model types themselves.
///
/// Its lint rules (``ConfigLint``: `readsOnlyRopeType`, `writesRopeBase`, `lintWarnings`) are kept
/// here too. Still outside: vLLM's "gemma3" substring test (``ServingStacks``), the rope
/// validation's ignored keys (``RopeLint/ignoredKeys(modelType:)``: Ministral-3, Mistral-4 and the
/// `_vl`/`omni`/`qwen3_5`/`glm4v` substring rule, which also covers types no family lists) and the pure recurrent models
/// of `mamba_ssm` checkpoints, which have no model_type (``ModelReader``).
/// Sources: transformers 5.25.0 (5.24.0 for the class defaults), cited per file.
struct ModelFamily: Sendable {
    /// How a family reads `no_rope_layers` (1 = RoPE, 0 = NoPE) and `no_rope_layer_interval`.
    enum NoRopeLayers: Sendable, Equatable {
        case notRead
        /// Indexed per layer: exactly one entry per layer (SmolLM3, Mistral-Large-4).
        case onePerLayer
        /// "At least" one entry per layer, an empty list read as absent (Llama-4).
        case atLeastOnePerLayer
    }

    typealias SlotReader = @Sendable (ConfigObject, Int) throws(ConfigError) -> [AttentionReader.LayerSlot]?
    typealias BlockReader = @Sendable (ConfigObject) throws(ConfigError) -> RecurrentBlock
    typealias Predicate = @Sendable (ConfigObject) throws(ConfigError) -> Bool

    let name: String
    /// The `model_type` values of the family.
    let matches: @Sendable (String) -> Bool
    /// The GGUF `general.architecture` names of the family (gguf-py constants.py MODEL_ARCH_NAMES),
    /// each with the transformers model_type the GGUF reader gives it.
    var ggufArchitectures: [String: String] = [:]
    /// The GGUF architectures whose sliding-window layer pattern llama.cpp fixes in code
    /// (`set_swa_pattern`) instead of reading `attention.sliding_window_pattern`, each with the
    /// config.json keys that give the reader that pattern (none: the reader's own rule for the type).
    var ggufFixedWindowPattern: [String: [(key: String, value: Double)]] = [:]
    /// The values each model class of the family supplies when config.json is silent, by model_type
    /// (``ModelClassDefaults``; each entry cites the transformers source it was read from).
    var classDefaults: [String: ModelClassDefaults] = [:]
    /// The layer pattern when config.json has no `layer_types` (nil: the generic rules).
    var layerSlots: SlotReader?
    /// The block of its `linear_attention` layers.
    var recurrentBlock: BlockReader?
    var noRopeLayers = NoRopeLayers.notRead
    /// Whether a `dynamic` rope dictionary with `alpha` is NTK-alpha (HunYuan).
    var readsAlpha = false
    /// Whether a flat (v4) rope_scaling applies to full-attention layers only, sliding layers
    /// keeping the default rope (OLMo 3).
    var scalesFullLayersOnly = false
    /// Whether the model builds a rotary module at all (nil: it does when it has rope parameters).
    var rotates: Predicate?
    /// How many of the last layers reuse an earlier layer's K/V cache instead of keeping one.
    var cacheSharingLayers: (@Sendable (ConfigObject) throws(ConfigError) -> Int)?
    /// Whether the attention's query projection also yields a per-channel output gate, so that
    /// q_proj is 2·heads·head_dim wide (Qwen3-Next, Qwen3.5): a weight the parameter count adds.
    var gatedQueryProjection = false
    /// A head dimension and K/V head count of one layer type that differ from the model's
    /// (Gemma 4's global layers); nil fields keep the model's.
    var layerShape: (@Sendable (ConfigObject, AttentionLayer.Kind) throws(ConfigError) -> (headDim: Int?, kvHeads: Int?))?
    /// The weights of one recurrent layer's mixer (projections and convolution; norms and biases
    /// left out), given the model width; nil (no closure, or a block it does not lay out): not counted.
    var recurrentWeights: (@Sendable (ConfigObject, RecurrentBlock, _ hidden: Double) throws(ConfigError) -> Double?)?
    /// The MLP weights of layer `i` where the family departs from the generic rules of
    /// ``ParameterCount`` (nil: the generic rules, for this layer or for every layer).
    var mlpWeights: (@Sendable (ConfigObject, _ layer: Int, _ hidden: Double) throws(ConfigError) -> MLPWeights?)?
    /// The class default of `tie_word_embeddings` for a family whose other class defaults
    /// ``ModelClassDefaults`` does not list (nil: that table's).
    var tiesWordEmbeddings: Bool?
    /// How many of the K and V projections an attention layer has (nil: both, 2).
    var keyValueProjections: (@Sendable (ConfigObject, AttentionLayer) throws(ConfigError) -> Int)?
    /// Weights outside the layers' attention, MLP and recurrent mixers, for the whole model: tables
    /// counted with the embeddings and projections counted with the dense MLPs (Gemma 3n / Gemma 4's
    /// per-layer inputs, AltUp, LAuReL); nil: none.
    var extraWeights: (@Sendable (ConfigObject, _ layers: Int, _ hidden: Double) throws(ConfigError) -> (embedding: Double, linear: Double))?

    /// How a family without a rotary embedding encodes position (a learned table, ALiBi, or none);
    /// nil: RoPE, or NoPE when no layer rotates.
    var positionScheme: PositionScheme?
    /// Whether its MLP is gated (SwiGLU/GeGLU: gate, up and down); false: up and down only.
    var gatedMLP = true
    /// A key of the family's that wins over `tie_word_embeddings` (LFM2's `tie_embedding`).
    var tieEmbeddingKey: String?
    /// The expert count and expert width where the family keeps them apart from the generic keys
    /// (DBRX's `ffn_config`); nil fields: the generic keys.
    var expertShape: (@Sendable (ConfigObject) throws(ConfigError) -> (experts: Double?, width: Double?))?

    /// How many times the hidden size the attention reads, for a head_dim derived as
    /// width // num_attention_heads (Zamba2's shared attention: 2).
    var attentionInputWidthFactor = 1
    /// Key/value heads kept where the generic keys do not say, with the field read (nil from the
    /// closure: the generic keys).
    var kvHeads: (@Sendable (ConfigObject, _ heads: Int) throws(ConfigError) -> (count: Int, field: String)?)?
    /// A key whose larger value wins over `max_position_embeddings` as the advertised context.
    var longerContextKey: String?
    /// The rotary base where neither the rope dictionary nor a top-level `rope_theta` gives one,
    /// with the field read (nil from the closure: the class default).
    var ropeBase: (@Sendable (ConfigObject) throws(ConfigError) -> (base: Double, field: String)?)?

    /// How llama.cpp's converter (`convert_hf_to_gguf.py`) writes the GGUF `context_length` of a
    /// model type of the family, where it departs from `TextModel.set_gguf_parameters` (nil: the
    /// generic key scan of ``ServingStacks``).
    var llamaCppContext: (@Sendable (_ modelType: String) -> LlamaCppContext?)?

    /// The sliding/global layer pattern of a model type of the family when config.json has no
    /// `layer_types` (nil: the generic rules).
    var windowPattern: (@Sendable (_ modelType: String) -> WindowPattern?)?

    /// Whether a model type of the family reads only `rope_type`, ignoring a legacy `type` in
    /// rope_scaling (Gemma-3; nil: both are read), for the rope reader and lint.
    var readsOnlyRopeType: (@Sendable (_ modelType: String) -> Bool)?
    /// Whether config.json states the rotary base in the family's own key (DBRX's
    /// `attn_config.rope_theta`, ChatGLM's `rope_ratio`), for the lint's missing-rope_theta rule.
    var writesRopeBase: Predicate?
    /// The family's own lint warnings (how its stacks read its keys), given the text config, its
    /// model_type and the first rotating layer's rotary configuration.
    var lintWarnings: (@Sendable (ConfigObject, _ modelType: String, RotaryConfiguration?) throws(ConfigError) -> [ConfigWarning])?

    /// The whole layer list of a hybrid whose layers the generic slot rules cannot express (a layer
    /// with attention and a recurrent mixer side by side, a shared attention block, a layer code
    /// pattern), given the text config and its attention reader (nil: ``AttentionReader/layerSlots(count:)``).
    var layerList: (@Sendable (ConfigObject, AttentionReader) throws(ConfigError) -> [LayerDescription])?

    /// A model without attention: its layers, width and trained context, read without the
    /// attention reader (Mamba, Mamba-2, RWKV); its position scheme is none.
    var recurrentModel: (@Sendable (ConfigObject, _ modelType: String) throws(ConfigError) -> RecurrentModel)?

    /// The reading of a model without attention.
    struct RecurrentModel: Sendable {
        var layers: [LayerDescription]
        var hiddenSize: Int?
        var context: Int?
    }

    /// Every `interval`-th layer global, the others sliding.
    struct WindowPattern: Sendable, Equatable {
        /// The interval when `intervalKey` is absent or not read.
        var interval: Int
        /// The key that overrides `interval` (nil: fixed).
        var intervalKey: String?
        /// Whether the pattern applies only when `sliding_window` is set.
        var needsWindow = false
        /// Whether, with a sliding window, the global layers apply no RoPE.
        var globalNoPE = false

        /// HF Gemma-3: layer i is global iff (i + 1) % sliding_window_pattern == 0, default 6.
        static let gemma3 = WindowPattern(interval: 6, intervalKey: "sliding_window_pattern")
    }

    /// A converter's context rule: the first present of `keys` (text_config merged over the root),
    /// else `absent`.
    struct LlamaCppContext: Sendable, Equatable {
        var keys: [String]
        var absent: Int?
    }

    /// One layer's MLP weights by the parts ``ParameterCount/Breakdown`` keeps apart.
    struct MLPWeights: Sendable, Equatable {
        /// Dense MLP and shared experts.
        var dense = 0.0
        /// Routed experts.
        var experts = 0.0
        /// The router H·E.
        var router = 0.0
    }

    static let all: [ModelFamily] = [.qwen3Next, .kimiLinear, .miniMax, .lfm2, .graniteHybrid, .hunYuan, .smolLM3, .llama4,
                                     .mistralLarge4, .olmo3, .gemma3n, .sparseIndexed, .nemotronH,
                                     .llama, .mistral, .qwen, .gemma, .phi3, .phi, .cohere, .starCoder2, .olmo2, .granite, .stableLM,
                                     .gptNeoX, .internLM, .exaone, .dbrx, .chatGLM, .zamba2, .qwenVL, .glm, .deepSeek, .persimmon,
                                     .nemotron, .falconH1, .apertus, .gptOSS, .mamba, .gpt2, .opt, .bert, .bloom, .mpt, .falcon, .jamba, .rwkv]

    /// The family of `modelType`, nil for the families read by the generic rules alone.
    static func of(_ modelType: String?) -> ModelFamily? {
        let type = modelType ?? ""
        return all.first { $0.matches(type) }
    }

    /// The transformers model_type of a GGUF `general.architecture`, nil for an architecture no
    /// family names.
    static func modelType(ggufArchitecture arch: String) -> String? {
        all.lazy.compactMap { $0.ggufArchitectures[arch] }.first
    }

    /// The keys giving a GGUF architecture's fixed sliding-window pattern, nil when the file's
    /// `attention.sliding_window_pattern` is read.
    static func ggufFixedWindowPattern(_ arch: String) -> [(key: String, value: Double)]? {
        all.lazy.compactMap { $0.ggufFixedWindowPattern[arch] }.first
    }

    /// The families with a recurrent block, for messages.
    static var recurrentFamilies: String { all.filter { $0.recurrentBlock != nil }.map(\.name).joined(separator: ", ") }

    /// Which layers apply RoPE under `no_rope_layers` / `no_rope_layer_interval` (default 4: every
    /// fourth layer NoPE), as transformers 5.25 builds the list (configuration_llama4.py:169-172,
    /// configuration_smollm3.py:100-103, configuration_mistral_large4.py:150-154).
    static func ropeUsingLayers(_ config: ConfigObject, count n: Int, rule: NoRopeLayers) throws(ConfigError) -> [Bool] {
        let atLeast = rule == .atLeastOnePerLayer
        if let list = try config.array("no_rope_layers"), !(atLeast && list.isEmpty) {
            guard atLeast ? list.count >= n : list.count == n else {
                throw ConfigError(config.field("no_rope_layers"), "has \(list.count) entries for \(n) layers (one per layer: 1 = RoPE, 0 = NoPE)")
            }
            var out: [Bool] = []
            for i in 0..<n {
                let v = try ConfigObject.number(list[i], config.field("no_rope_layers") + "[\(i)]")
                guard v == 0 || v == 1 else { throw ConfigError(config.field("no_rope_layers") + "[\(i)]", "must be 0 or 1, got \(v)") }
                out.append(v == 1)
            }
            return out
        }
        let interval = try config.int("no_rope_layer_interval", in: 1...Limits.layers.upperBound) ?? 4
        return (0..<n).map { ($0 + 1) % interval != 0 }
    }

    /// Layer indices from a list in `key` of `object`, each in `range` (0- or 1-indexed).
    static func indices(_ object: ConfigObject, _ key: String, in range: ClosedRange<Int>, what: String) throws(ConfigError) -> [Int] {
        var out: [Int] = []
        for (i, v) in (try object.array(key) ?? []).enumerated() {
            let x = try ConfigObject.number(v, object.field(key) + "[\(i)]")
            guard x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
                throw ConfigError(object.field(key) + "[\(i)]", "must be a \(what) in \(range.lowerBound)…\(range.upperBound), got \(ConfigObject.format(x))")
            }
            out.append(Int(x))
        }
        return out
    }
}
