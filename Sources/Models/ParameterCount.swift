/// The number of weights of a transformer config, for memory budgets (`capacity --weights-dtype`).
///
/// Counted as the modelling code of transformers lays the weights out (derived here from the
/// config keys; checked against `sum(p.numel())` of the model transformers builds on the meta
/// device for every bundled config that carries its sizes, within 0.5 %):
/// - embeddings V·H, and the output head V·H unless `tie_word_embeddings`;
/// - attention per layer: queries H·n_q·d, keys and values 2·H·n_kv·d, output n_q·d·H; DeepSeek's
///   MLA instead H·r_q + r_q·n_q·(d_nope + d_rope) (or H·n_q·(d_nope + d_rope) without q_lora_rank),
///   H·(r_kv + d_rope) + r_kv·n_q·(d_nope + d_v), n_q·d_v·H;
/// - MLP per layer: 3·H·I when gated (SwiGLU/GeGLU: gate, up, down), else 2·H·I; mixture of
///   experts E·3·H·I_e + a router H·E (+ shared experts), DeepSeek's first_k_dense_replace layers dense;
/// - norms and biases are left out (under 0.1 % of the total for these families).
///
/// Of the recurrent and hybrid models, the layouts their family files lay out (``ModelFamily``'s
/// `recurrentWeights` and `mlpWeights`: Qwen3-Next / Qwen3.5 Gated DeltaNet, Granite-4.0-H and
/// Nemotron-H Mamba-2, LFM2 short convolutions, Kimi-Linear KDA, MiniMax lightning attention) are
/// counted, and so are Gemma 3n / Gemma 4's per-layer inputs, AltUp and LAuReL (``ModelFamily``'s
/// `extraWeights`); the other recurrent layouts (Mamba, RWKV, Jamba, Zamba2, Falcon-H1) are not.
public enum ParameterCount {
    public struct Unavailable: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The weights of a config by the part of the model that holds them, the parts a
    /// `quantization_config` stores differently (``WeightStorage``).
    public struct Breakdown: Sendable, Equatable {
        /// Input embeddings V·H.
        public var embedding = 0.0
        /// The output head V·H (0 when tied to the embeddings).
        public var outputHead = 0.0
        /// Attention projections (queries, keys, values, output; MLA's low-rank factors).
        public var attention = 0.0
        /// Dense MLPs and shared experts.
        public var denseMLP = 0.0
        /// Routed experts.
        public var experts = 0.0
        /// MoE routers (H·E per layer).
        public var router = 0.0
        /// Recurrent layers' projections and convolutions (Gated DeltaNet, Mamba-2, KDA, lightning attention, short convolutions).
        public var recurrent = 0.0

        public var total: Double { embedding + outputHead + attention + denseMLP + experts + router + recurrent }
    }

    /// The weight count of a config.
    ///
    /// - Complexity: O(1) after reading the config.
    public static func count(_ root: JSONNode) throws(Unavailable) -> Double { try breakdown(root).total }

    /// The weight count of a config by part (same layout and sources as ``count(_:)``).
    ///
    /// - Complexity: O(layers).
    public static func breakdown(_ root: JSONNode) throws(Unavailable) -> Breakdown {
        do { return try countOrThrow(root) } catch let error as Unavailable { throw error } catch { throw Unavailable(description: "\(error)") }
    }

    private static func countOrThrow(_ root: JSONNode) throws -> Breakdown {
        let model = try ModelReader.read(root, name: "")
        let top = try ConfigObject(root, path: "")
        let c = try top.object("text_config") ?? top
        let type = model.modelType ?? ""
        // A hybrid's recurrent layers and its MLPs are laid out by its family (Models/Families): the
        // layouts not written there are not counted.
        let family = ModelFamily.of(type)
        func notCounted() -> Unavailable {
            Unavailable(description: "the weights of \(type.isEmpty ? "this" : type) hybrid/recurrent layers are not counted; give the memory without --weights-dtype")
        }
        guard model.recurrentLayerCount == 0 || family?.recurrentWeights != nil else { throw notCounted() }
        func required(_ keys: [String], _ object: ConfigObject? = nil) throws -> Double {
            let o = object ?? c
            guard let v = try o.double(keys) else {
                throw Unavailable(description: "\(o.field(keys[0])) is needed to count the weights")
            }
            return v
        }
        let vocab = try required(["vocab_size", "padded_vocab_size"])
        let hidden: Double
        if let h = model.hiddenSize { hidden = Double(h) } else { hidden = try required(["hidden_size"]) }
        let tiedText = try family?.tieEmbeddingKey.map { k throws(ConfigError) in try c.bool(k) } ?? nil ?? c.bool("tie_word_embeddings")
        let tiedTop = try top.bool("tie_word_embeddings")
        let tied = tiedText ?? tiedTop ?? family?.tiesWordEmbeddings ?? ModelClassDefaults.of(type).tieWordEmbeddings
        var parts = Breakdown()
        parts.embedding = vocab * hidden
        parts.outputHead = tied ? 0 : vocab * hidden

        let own = try family?.expertShape?(c)
        // ERNIE 4.5 spells its MoE keys moe_num_experts / moe_num_shared_experts / moe_layer_start_index
        // (configuration_ernie4_5_moe.py); HunYuan num_shared_expert (configuration_hunyuan_v1_moe.py).
        let experts = try own?.experts ?? c.double(["num_local_experts", "num_experts", "n_routed_experts", "moe_num_experts"])
        // A family that lays out its own MLPs may spell the width otherwise (Gemma 3n: one per layer).
        let denseWidth = try own?.width ?? (family?.mlpWeights == nil ? c.double(["intermediate_size", "ffn_hidden_size"]) : nil)
        let expertWidth = try c.double("moe_intermediate_size") ?? denseWidth
        var firstDense = try c.int("first_k_dense_replace", in: 0...Limits.layers.upperBound) ?? 0
        if let start = try c.int("moe_layer_start_index", in: 0...Limits.layers.upperBound) { firstDense = start }
        let sharedExperts = try c.double(["n_shared_experts", "moe_num_shared_experts", "num_shared_expert"]) ?? 0
        let sharedWidth = try c.double("shared_expert_intermediate_size")
        let matrices: Double = family?.gatedMLP == false ? 2 : 3

        func mlp(_ i: Int) throws {
            if let own = try family?.mlpWeights?(c, i, hidden) {
                parts.denseMLP += own.dense
                parts.experts += own.experts
                parts.router += own.router
            } else if let e = experts, e > 1, i >= firstDense {
                guard let width = expertWidth else { throw Unavailable(description: "\(c.field("moe_intermediate_size")) is needed to count the expert weights") }
                parts.experts += e * matrices * hidden * width
                parts.router += hidden * e
                if sharedExperts > 0 { parts.denseMLP += sharedExperts * matrices * hidden * width }
                if let s = sharedWidth { parts.denseMLP += matrices * hidden * s; parts.router += hidden }
            } else {
                guard let width = denseWidth else { throw Unavailable(description: "\(c.field("intermediate_size")) is needed to count the weights") }
                parts.denseMLP += matrices * hidden * width
            }
        }
        if let extra = try family?.extraWeights?(c, model.layers.count, hidden) {
            parts.embedding += extra.embedding
            parts.denseMLP += extra.linear
        }
        for (i, layer) in model.layers.enumerated() {
            if let block = layer.recurrent {
                guard let weights = try family?.recurrentWeights?(c, block, hidden) else { throw notCounted() }
                parts.recurrent += weights
            }
            guard let a = layer.attention else {
                // A layer with neither is an MLP-only layer (Nemotron-H), counted where its family lays it out.
                if layer.recurrent != nil || family?.mlpWeights != nil { try mlp(i) }
                continue
            }
            let nq = Double(a.heads), nkv = Double(a.kvHeads), d = Double(a.headDim), dv = Double(a.valueHeadDim)
            if let rope = try c.double("qk_rope_head_dim"), let kvRank = try c.double("kv_lora_rank") {
                let nope = try c.double("qk_nope_head_dim") ?? 0
                if let qRank = try c.double("q_lora_rank") {
                    parts.attention += hidden * qRank + qRank * nq * (nope + rope)
                } else {
                    parts.attention += hidden * nq * (nope + rope)
                }
                parts.attention += hidden * (kvRank + rope) + kvRank * nq * (nope + dv) + nq * dv * hidden
            } else {
                let gate = family?.gatedQueryProjection == true ? hidden * nq * d : 0
                let kv = Double(try family?.keyValueProjections?(c, a) ?? 2)
                parts.attention += hidden * nq * d + gate + kv * hidden * nkv * d + nq * dv * hidden
            }
            try mlp(i)
        }
        return parts
    }

    /// The weights of a Mamba-2 mixer, nil for another block: in_proj H → I + conv_dim + heads, the
    /// depthwise convolution conv_dim·K, out_proj I → H, where I = heads·head_dim and
    /// conv_dim = I + 2·groups·state (modeling_nemotron_h.py:590-635, modeling_granitemoehybrid.py:712-753);
    /// dt_bias, A_log, D, the gated norm and the convolution's bias are left out.
    static func mamba2Weights(_ block: RecurrentBlock, hidden: Double) -> Double? {
        guard case let .mamba2(b) = block else { return nil }
        let inner = Double(b.heads * b.headDim), conv = inner + 2 * Double(b.groups * b.stateDim)
        return hidden * (inner + conv + Double(b.heads)) + conv * Double(b.convWidth) + inner * hidden
    }
}
