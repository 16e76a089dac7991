import Charts
import ContextLimits
import Foundation

/// `ctxlimits capacity`: recurrent state sizes, capacity estimates, and state against KV-cache memory.
enum CapacityCommand {
    enum Architecture: String, ArgumentChoice {
        case mamba1, mamba2, rwkv4, rwkv5, rwkv6, rwkv7, linearAttention = "linear-attention"
    }

    static let arch = Option<Architecture>.choice("arch", "the recurrent architecture of bare parameters")
    static let dModel = Option<Int>.integer("d-model", "D", "model width", in: 1...(1 << 24))
    static let layers = Shared.layers.described("number of recurrent layers")
    static let dState = Option<Int>.integer("d-state", "S", "SSM state size", in: 1...(1 << 20), defaultText: "mamba1 16, mamba2 128")
    static let expand = Option<Int>.integer("expand", "E", "inner expansion", in: 1...64, default: 2)
    static let ssmHeadDim = Option<Int>.integer("ssm-head-dim", "P", "mamba2 head dimension", in: 1...(1 << 20), default: 64)
    static let headSize = Option<Int>.integer("head-size", "P", "RWKV-5+ head size", in: 1...(1 << 20), default: 64)
    static let groups = Option<Int>.integer("groups", "G", "mamba2 B/C groups", in: 1...(1 << 10), default: 1)
    static let dConv = Option<Int>.integer("d-conv", "W", "convolution width", in: 1...64, default: 4)
    static let heads = Option<Int>.integer("heads", "H", "linear attention: heads", in: 1...(1 << 20))
    static let keyDim = Option<Int>.integer("key-dim", "K", "linear attention: key dimension per head", in: 1...(1 << 20))
    static let valueDim = Option<Int>.integer("value-dim", "V", "linear attention: value dimension per head", in: 1...(1 << 20))
    static let context = Shared.context.withDefault(nil, text: "max_position_embeddings, else 131072").described("context of the KV-cache comparison")
    static let vocab = Option<Double>.real("vocab", "V", "vocabulary size of the copy bound", in: RealDomain(lower: 2, upper: 1e12), defaultText: "50277, RWKV 65536")
    static let bits = Option<Double>.real("bits", "B", "bits per state element", in: .closed(1, 128), defaultText: "the dtype's; RWKV 32")
    static let tokensPerK = Option<Double>.real("tokens-per-k", "K", "tokens in Stuffed Mamba's 'K' (1000 for decimal)", in: .closed(1, 1e6), default: 1024)
    static let target = Option<Int>.integer("target", "T", "also: the state size the Stuffed Mamba laws need for a length of T tokens", in: 1...Shared.maxContext)
    static let laws = Flag("laws", "instead: the Stuffed Mamba laws against state size, with the paper's fit points")
    static let forget = Flag("forget", "instead: the forget threshold against training length, with every bundled recurrent checkpoint marked 'predicted to collapse' or not")
    static let memory = Option<Double>.bytes("memory", "also: the longest context whose KV cache and state (and weights with --weights-dtype) fit in this memory")
    static let kvDtype = storageFormat("kv-dtype", "format of the cached keys and values", defaultText: "the config's dtype, else bf16")
    /// How the weights are counted: every weight in one format, or as the checkpoint stores them.
    enum WeightsFormat: Sendable {
        case uniform(bits: Double)
        /// `quantization_config` per part, the unquantized parts at the config's dtype.
        case stored
    }

    static let weightsDtype: Option<WeightsFormat> = {
        let names = FloatFormat.all.map(\.name) + ["int8", "int4", "stored"]
        return Option<WeightsFormat>("weights-dtype", "P", "count the weights too, all in this format, or 'stored': as the checkpoint stores them (quantization_config, else its dtype)",
                                     allowed: names.joined(separator: " "), defaultText: "weights left out") { text throws(InputError) in
            if text == "stored" { return .stored }
            if text == "int8" { return .uniform(bits: 8) }
            if text == "int4" { return .uniform(bits: 4) }
            guard let f = FloatFormat.named(text) else { throw InputError("--weights-dtype: unknown format '\(text)' (known: \(names.joined(separator: ", ")))") }
            return .uniform(bits: Double(f.storageBits))
        }
    }()
    static let batch = Option<Int>.integer("batch", "N", "sequences held at once (each its own KV cache and state)", in: 1...(1 << 20), default: 1)

    /// A storage format, as its bits per element: a floating format or int8/int4 (quantised weights, KV caches).
    static func storageFormat(_ name: String, _ summary: String, defaultText: String) -> Option<Double> {
        let names = FloatFormat.all.map(\.name) + ["int8", "int4"]
        return Option<Double>(name, "P", summary, allowed: names.joined(separator: " "), defaultText: defaultText) { text throws(InputError) in
            if text == "int8" { return 8 }
            if text == "int4" { return 4 }
            guard let f = FloatFormat.named(text) else { throw InputError("--\(name): unknown format '\(text)' (known: \(names.joined(separator: ", ")))") }
            return Double(f.storageBits)
        }
    }

    static let compare = Option<[String]>.names("compare", "A,B,…", "instead: memory (state + KV cache) against context for these configs",
                                                maxCount: 16, defaultText: nil)

    static let bareOptions = [arch.declaration] + [dState, ssmHeadDim, headSize, groups, dConv, heads, keyDim, valueDim].map(\.declaration)
        + [dModel.declaration, layers.declaration, expand.declaration]
    static let runOptions = bareOptions + [context.declaration, vocab.declaration, bits.declaration, tokensPerK.declaration, target.declaration,
                                           memory.declaration, kvDtype.declaration, batch.declaration, weightsDtype.declaration]

    static let spec = CommandSpec(
        name: "capacity",
        summary: "recurrent state size and capacity (Stuffed Mamba laws, copy bound), state against KV cache",
        usage: ["CONFIG [--context L] [--kv-dtype P] [--memory BYTES [--batch N] [--weights-dtype P]]", "--arch ARCH --d-model D --layers N [--d-state S --expand E --ssm-head-dim P --groups G --d-conv W ...]",
                "--arch linear-attention --heads H --key-dim K --value-dim V --layers N", "--laws", "--forget", "--compare A,B,…|default"],
        options: runOptions + [laws.declaration, forget.declaration, compare.declaration],
        maxPositionals: 1,
        details: """
            \(ModelArguments.configHelp). state_elements counts the recurrent state summed over layers (Mamba-2:
            n_layer·heads·head_dim·d_state; RWKV-5+: L(2D + D²/h)); state_elements_with_conv adds the d_conv − 1
            informative columns of the convolution cache, the convention that reproduces Stuffed Mamba's sizes.
            forget_length and passkey_length are Stuffed Mamba's empirical fits (flagged beyond their 12.9 M range);
            copy_length is Jelassi et al.'s information bound (b + 1)/log₂V. With --memory: max_context_for_memory, the longest
            context whose KV cache (every attention layer, sliding and chunked layers holding only their window) and state fit,
            for --batch sequences; max_context_for_memory_full_pages, the same for an engine that allocates full-length pages
            for sliding layers; the weights are left out unless --weights-dtype is given (counted from the config). Both are
            capped at max_position_embeddings (capped_by names the cap; the *_uncapped keys keep the memory-only answer).
            --kv-dtype sets the format of the KV cache in every line and table.
            """)

    static let command = Subcommand(spec) { call in
        let a = call.arguments
        if a.has(laws) {
            try a.restrict(to: [laws.declaration], form: "--laws")
            return Outcome(CapacityFigures.lawsReport())
        }
        if a.has(forget) {
            try a.restrict(to: [forget.declaration], form: "--forget")
            return Outcome(try ForgetFigure.report())
        }
        if let names = try a[compare] {
            try a.restrict(to: [compare.declaration], form: "--compare")
            return Outcome(try CapacityFigures.compareReport(names))
        }
        try a.restrict(to: runOptions, form: "the CONFIG and --arch forms")
        return try run(a)
    }

    static func run(_ a: ParsedArguments) throws -> Outcome {
        let model: ModelDescription
        var input: ModelInput?
        if let specifier = a.positionals.first {
            if let given = bareOptions.first(where: { a.has($0.name) }) {
                throw UsageError("--\(given.name) describes bare parameters; give either CONFIG or --arch, not both")
            }
            input = try ModelArguments.load(specifier)
            model = input!.model
        } else {
            guard a.has(arch) else { throw UsageError("give CONFIG or --arch") }
            model = try bareModel(a)
        }
        guard model.recurrentLayerCount > 0 || model.attentionLayerCount > 0 else {
            throw InputError("\(model.name) has neither recurrent nor attention layers")
        }
        let L = try a[context] ?? model.advertisedContext ?? RecurrentReport.defaultContext
        // The table and figure run to 4·max(L, 2^20) tokens, at most 2^24: the cache is checked at the largest shown.
        let largest = max(L, min(max(L, 1 << 20) * 4, 1 << 24))
        do { try RecurrentReport.checkCacheSize(model, context: largest) } catch {
            throw InputError("\(model.name): \(error.problem)" + (largest > L ? " (\(largest) is the largest context the table shows for the context \(L))" : ""))
        }
        let report = RecurrentReport(model: model, vocabulary: try a[vocab], tokensPerK: try a.value(tokensPerK)!, bitsPerElement: try a[bits])
        let kvBits = try a[kvDtype] ?? Double(model.defaultStorageBits)
        var out = CapacityPresentation.report(report, context: L, target: try a[target], kvBits: kvBits)
        if let bytes = try a[memory] {
            var weights: (parameters: Double, bytes: Double, storage: String)?
            if let format = try a[weightsDtype] {
                guard let document = input?.document else { throw UsageError("--weights-dtype needs a CONFIG (the weights are counted from it)") }
                let parts: ParameterCount.Breakdown
                do { parts = try ParameterCount.breakdown(document.root) } catch { throw InputError("--weights-dtype: \(error)") }
                switch format {
                case let .uniform(bits):
                    weights = (parts.total, parts.total * bits / 8, "\(Int(bits)) bits")
                case .stored:
                    let stored: WeightStorage?
                    do { stored = try WeightStorage.read(document.root) } catch { throw InputError("\(model.name): \(error)") }
                    if let storage = stored {
                        weights = (parts.total, storage.bytes(parts), CapacityPresentation.describe(storage))
                    } else {
                        let bits = Double(model.defaultStorageBits)
                        weights = (parts.total, parts.total * bits / 8, "\(Int(bits)) bits (no quantization_config)")
                    }
                }
            }
            let budget = MemoryBudget(report: report, kvBytesPerElement: kvBits / 8, stateBytesPerElement: report.bitsPerElement / 8,
                                      batch: try a.value(batch)!, weightBytes: weights?.bytes)
            CapacityPresentation.addBudget(&out, budget, memory: bytes, kvBits: kvBits, parameters: weights?.parameters, weightStorage: weights?.storage,
                                           positionalLimit: model.advertisedContext)
        } else if let given = [batch.declaration, weightsDtype.declaration].first(where: { a.has($0.name) }) {
            throw UsageError("--\(given.name) sets the memory budget: give --memory too")
        }
        return Outcome(out)
    }

    /// The options of the other architectures would be ignored: refuse them.
    static func refuse(_ a: ParsedArguments, _ unused: [OptionDeclaration], for arch: Architecture) throws {
        if let given = unused.first(where: { a.has($0.name) }) { throw UsageError("--\(given.name) has no effect with --arch \(arch.rawValue)") }
    }

    static func bareModel(_ a: ParsedArguments) throws -> ModelDescription {
        let arch = try a.required(Self.arch)
        let n = try a.required(layers)
        let block: RecurrentBlock
        var hidden: Int?
        switch arch {
        case .linearAttention:
            try refuse(a, [dModel, expand, dState, ssmHeadDim, headSize, groups, dConv].map(\.declaration), for: arch)
            block = .linearAttention(LinearAttentionBlock(heads: try a.required(heads), keyDim: try a.required(keyDim), valueDim: try a.required(valueDim)))
        case .mamba1:
            try refuse(a, [ssmHeadDim, headSize, groups, heads, keyDim, valueDim].map(\.declaration), for: arch)
            let d = try a.required(dModel)
            hidden = d
            block = .mamba1(Mamba1Block(innerDim: try a.value(expand)! * d, stateDim: try a[dState] ?? 16, convWidth: try a.value(dConv)!))
        case .mamba2:
            try refuse(a, [headSize, heads, keyDim, valueDim].map(\.declaration), for: arch)
            let d = try a.required(dModel)
            hidden = d
            let inner = try a.value(expand)! * d, headDim = try a.value(ssmHeadDim)!
            guard inner % headDim == 0 else { throw InputError("--ssm-head-dim: \(headDim) does not divide expand·d_model = \(inner)") }
            block = .mamba2(Mamba2Block(heads: inner / headDim, headDim: headDim, stateDim: try a[dState] ?? 128,
                                        groups: try a.value(groups)!, convWidth: try a.value(dConv)!))
        case .rwkv4, .rwkv5, .rwkv6, .rwkv7:
            try refuse(a, [expand, dState, ssmHeadDim, groups, dConv, heads, keyDim, valueDim].map(\.declaration) + (arch == .rwkv4 ? [headSize.declaration] : []), for: arch)
            let d = try a.required(dModel)
            hidden = d
            let version = Int(arch.rawValue.dropFirst(4))!
            let size = try a.value(headSize)!
            guard version == 4 || d % size == 0 else { throw InputError("--head-size: \(size) does not divide d_model = \(d)") }
            block = .rwkv(RWKVBlock(version: version, hiddenSize: d, attentionHiddenSize: d, headSize: version >= 5 ? size : nil))
        }
        let model = ModelDescription(name: "\(arch.rawValue) (parameters)", modelType: arch.rawValue, dtypeName: nil, dtype: nil, advertisedContext: nil,
                                     originalContext: nil, hiddenSize: hidden, layers: Array(repeating: LayerDescription(recurrent: block), count: n),
                                     positionScheme: .none)
        do { try RecurrentReport.checkStateSize(model) } catch { throw InputError(error.problem) }
        return model
    }
}
