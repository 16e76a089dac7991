import Rotary

/// How a checkpoint stores its weights: the `quantization_config` of config.json read per part of
/// the model, with the parts it leaves unquantized (embeddings, output head, routers, and whatever
/// `modules_to_not_convert` names) counted at the checkpoint's dtype.
///
/// Bits per stored weight, by method (derived here from each format's layout; sources per case):
/// - `mxfp4` (gpt-oss): blocks of 32 FP4 (E2M1) values sharing one 8-bit E8M0 scale, 17 bytes per
///   32 weights = 4.25 bits (OCP Microscaling Formats (MX) v1.0, §5; ggml's `block_mxfp4`);
///   transformers' gpt-oss checkpoints quantize the routed experts only.
/// - `fp8` (DeepSeek-V3, Qwen3-FP8, MiniMax-M2): 8 bits plus one fp32 scale per
///   `weight_block_size` block (128 × 128: +32/16384 bits), on every linear layer of the decoder.
/// - `gptq` / `awq`: `bits` per weight plus, per `group_size` weights of a column, one fp16 scale
///   and one packed zero point of `bits` bits: bits + (16 + bits)/group_size (group_size −1: one
///   group per column, read as 0 overhead).
/// - `bitsandbytes`: 4-bit NF4/FP4 with one fp32 absmax per 64 weights (+0.5 bits; with
///   `bnb_4bit_use_double_quant` an 8-bit absmax and one fp32 per 256 blocks: +0.127 bits), or
///   8-bit LLM.int8 (its per-row scales ignored); every linear layer but `llm_int8_skip_modules`
///   (default: the output head).
/// Norms and biases are left out, as in ``ParameterCount``.
public struct WeightStorage: Sendable, Equatable {
    public enum Method: String, Sendable, Equatable {
        case mxfp4, fp8, gptq, awq, bitsandbytes
    }

    /// The parts of ``ParameterCount/Breakdown``.
    public enum Part: String, Sendable, Equatable, CaseIterable {
        case embedding, outputHead = "output_head", attention, denseMLP = "dense_mlp", experts, router, recurrent
    }

    public let method: Method
    /// Bits per quantized weight, scales included.
    public let quantizedBits: Double
    /// The parts stored quantized; the others keep the dtype.
    public let quantizedParts: Set<Part>
    /// Bits of an unquantized weight (the config's dtype, else bf16).
    public let unquantizedBits: Double

    public init(method: Method, quantizedBits: Double, quantizedParts: Set<Part>, unquantizedBits: Double) {
        self.method = method
        self.quantizedBits = quantizedBits
        self.quantizedParts = quantizedParts
        self.unquantizedBits = unquantizedBits
    }

    /// Bytes of the weights of `parts`. O(1).
    public func bytes(_ parts: ParameterCount.Breakdown) -> Double {
        Part.allCases.reduce(0.0) { sum, part in
            sum + parts[part] * (quantizedParts.contains(part) ? quantizedBits : unquantizedBits) / 8
        }
    }

    /// The storage a config's `quantization_config` describes, nil when it has none. Errors name
    /// the field: an unknown method, bits or group size out of range, a malformed module list.
    public static func read(_ root: JSONNode) throws(ConfigError) -> WeightStorage? {
        let top = try ConfigObject(root, path: "")
        let text = try top.object("text_config")
        var q = try top.object("quantization_config")
        if q == nil { q = try text?.object("quantization_config") }
        guard let q else { return nil }
        var dtypeName = try text?.string(["torch_dtype", "dtype"])
        if dtypeName == nil { dtypeName = try top.string(["torch_dtype", "dtype"]) }
        let unquantized = Double((dtypeName.flatMap(FloatFormat.named) ?? .bf16).storageBits)
        guard let name = try q.string("quant_method") else {
            throw ConfigError(q.field("quant_method"), "is required (one of \(known))")
        }
        guard let method = Method(rawValue: name) else {
            throw ConfigError(q.field("quant_method"), "'\(name)' is not a weight format this tool counts (known: \(known))")
        }
        let skipped = try skippedParts(q, method: method)
        let linear: Set<Part> = [.attention, .denseMLP, .experts, .recurrent]
        switch method {
        case .mxfp4:
            return WeightStorage(method: method, quantizedBits: 4.25, quantizedParts: Set<Part>([.experts]).subtracting(skipped), unquantizedBits: unquantized)
        case .fp8:
            var overhead = 0.0
            if let block = try q.doubles("weight_block_size") {
                guard block.count == 2, block.allSatisfy({ $0 >= 1 && $0 == $0.rounded() }) else {
                    throw ConfigError(q.field("weight_block_size"), "must be two positive whole numbers (rows, columns), got \(block)")
                }
                overhead = 32 / (block[0] * block[1])
            }
            return WeightStorage(method: method, quantizedBits: 8 + overhead, quantizedParts: linear.subtracting(skipped), unquantizedBits: unquantized)
        case .gptq, .awq:
            let bitsKey = q.has("bits") ? "bits" : "w_bit"
            guard let bits = try q.int(bitsKey, in: 1...16) else { throw ConfigError(q.field("bits"), "is required by \(name)") }
            guard [2, 3, 4, 8].contains(bits) else { throw ConfigError(q.field(bitsKey), "must be 2, 3, 4 or 8, got \(bits)") }
            let groupKey = q.has("group_size") ? "group_size" : "q_group_size"
            let group = try q.int(groupKey, in: -1...(1 << 20)) ?? 128
            guard group == -1 || group >= 1 else { throw ConfigError(q.field(groupKey), "must be −1 (per column) or positive, got \(group)") }
            let overhead = group == -1 ? 0 : (16 + Double(bits)) / Double(group)
            return WeightStorage(method: method, quantizedBits: Double(bits) + overhead, quantizedParts: linear.subtracting(skipped),
                                 unquantizedBits: unquantized)
        case .bitsandbytes:
            let four = try q.bool("load_in_4bit") ?? false, eight = try q.bool("load_in_8bit") ?? false
            guard four != eight else {
                throw ConfigError(q.field("load_in_4bit"), "exactly one of load_in_4bit and load_in_8bit must be true")
            }
            let double = try q.bool("bnb_4bit_use_double_quant") ?? false
            let absmax: Double = double ? 8.0 / 64 + 32.0 / (64 * 256) : 32.0 / 64
            let bits: Double = eight ? 8 : 4 + absmax
            let parts = linear.union([.router]).union(q.has("llm_int8_skip_modules") ? [.outputHead] : [])
            let skippedHere = q.has("llm_int8_skip_modules") ? skipped : skipped.union([.outputHead])
            return WeightStorage(method: method, quantizedBits: bits, quantizedParts: parts.subtracting(skippedHere), unquantizedBits: unquantized)
        }
    }

    static let known = "mxfp4, fp8, gptq, awq, bitsandbytes"

    /// Parts named by `modules_to_not_convert` (bitsandbytes: `llm_int8_skip_modules`), by the
    /// module names transformers uses: self_attn/attention, mlp.gate/router, embed_tokens, lm_head,
    /// experts, mlp/shared_expert.
    static func skippedParts(_ q: ConfigObject, method: Method) throws(ConfigError) -> Set<Part> {
        let key = method == .bitsandbytes ? "llm_int8_skip_modules" : "modules_to_not_convert"
        guard let list = try q.array(key) else { return [] }
        var parts: Set<Part> = []
        for (i, item) in list.enumerated() {
            guard case let .string(name) = item else { throw ConfigError(q.field(key) + "[\(i)]", "expected a module name, found \(item.typeName)") }
            if name.contains("self_attn") || name.contains("attention") { parts.insert(.attention) }
            if name.contains("router") || name.hasSuffix("gate") || name.contains(".gate") { parts.insert(.router) }
            if name.contains("embed_tokens") || name.contains("wte") { parts.insert(.embedding) }
            if name.contains("lm_head") { parts.insert(.outputHead) }
            if name.contains("shared_expert") { parts.insert(.denseMLP) }
        }
        return parts
    }
}

extension ParameterCount.Breakdown {
    public subscript(part: WeightStorage.Part) -> Double {
        switch part {
        case .embedding: return embedding
        case .outputHead: return outputHead
        case .attention: return attention
        case .denseMLP: return denseMLP
        case .experts: return experts
        case .router: return router
        case .recurrent: return recurrent
        }
    }
}
