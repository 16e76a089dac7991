import Charts
import ContextLimits
import Foundation

/// `ctxlimits capacity`: recurrent state sizes, capacity estimates, and state against KV-cache memory.
enum CapacityCommand {
    static let archs = ["mamba1", "mamba2", "rwkv4", "rwkv5", "rwkv6", "rwkv7", "linear-attention"]

    static let spec = CommandSpec(
        name: "capacity",
        summary: "recurrent state size and capacity (Stuffed Mamba laws, copy bound), state against KV cache",
        usage: ["CONFIG [--context L]", "--arch ARCH --d-model D --layers N [--d-state S --expand E --head-dim P --groups G --d-conv W ...]"],
        options: [
            .init("arch", "ARCH", archs.joined(separator: "|")),
            .init("d-model", "D", "model width"),
            .init("layers", "N", "number of recurrent layers"),
            .init("d-state", "S", "SSM state size (mamba1 16, mamba2 128)"),
            .init("expand", "E", "inner expansion (2)"),
            .init("head-dim", "P", "mamba2 head dim (64) or RWKV head size (64)"),
            .init("groups", "G", "mamba2 B/C groups (1)"),
            .init("d-conv", "W", "convolution width (4)"),
            .init("heads", "H", "linear attention: heads"),
            .init("key-dim", "K", "linear attention: key dim per head"),
            .init("value-dim", "V", "linear attention: value dim per head"),
            .init("context", "L", "context for the KV-cache comparison (default: max_position_embeddings or 131072)"),
            .init("vocab", "V", "vocabulary size for the copy bound (default 50277, RWKV 65536)"),
            .init("bits", "B", "bits per state element (default: the dtype's; RWKV 32)"),
            .init("tokens-per-k", "K", "tokens in Stuffed Mamba's 'K' (default 1024; 1000 for decimal)"),
            .init("target", "T", "also: the state size the Stuffed Mamba laws need for a length of T tokens"),
            .init("laws", nil, "instead: the Stuffed Mamba laws against state size, with the paper's fit points"),
            .init("compare", "A,B,…", "instead: memory (state + KV cache) against context for these configs"),
        ],
        maxPositionals: 1,
        details: """
            \(ModelInput.help). state_elements counts the recurrent state summed over layers (Mamba-2:
            n_layer·heads·head_dim·d_state; RWKV-5+: L(2D + D²/h)); state_elements_with_conv adds the d_conv − 1
            informative columns of the convolution cache, the convention that reproduces Stuffed Mamba's sizes.
            forget_length and passkey_length are Stuffed Mamba's empirical fits (flagged beyond their 12.9 M range);
            copy_length is Jelassi et al.'s information bound (b + 1)/log₂V.
            """)

    static let command = Subcommand(spec) { args, _ in
        if args.has("laws") { return Outcome(lawsReport()) }
        if let list = args.string("compare") { return Outcome(try compareReport(list.split(separator: ",").map(String.init))) }
        return try run(args)
    }

    /// The default models of `--compare`: SSMs, hybrids and attention models of several cache kinds.
    static let comparison = ["mamba2-370m", "mamba2-2.7b", "rwkv6-finch-7b", "jamba-v0.1", "falcon-h1-0.5b",
                             "llama-3.1-8b", "mistral-7b-v0.1", "gemma-3-1b-it", "deepseek-v3"]

    /// Stuffed Mamba's two laws over 0–20 M elements, with the points read off the authors' figures.
    static func lawsReport() -> Report {
        let laws = StuffedMambaLaws(tokensPerK: 1)
        var table = DataTable(columns: ["state_millions", "forget_length_k", "passkey_length_k", "extrapolated"])
        let xs = stride(from: 0.0, through: 20, by: 0.25).map { $0 }
        for x in xs {
            table.append([.number(x), .number(laws.forgetLength(stateElements: x * 1e6)), .number(laws.passkeyLength(stateElements: x * 1e6)),
                          .bool(StuffedMambaLaws.isExtrapolated(stateElements: x * 1e6))])
        }
        let inside = xs.filter { $0 <= 12.9 }, outside = xs.filter { $0 >= 12.9 }
        let chart = Chart(
            title: "Stuffed Mamba: forget threshold and passkey capacity against state size",
            subtitle: "fits from the authors' figures (T_forget = 5.172x − 4.469, T_recall = 4.756(1.365ˣ − 1) − 0.742); dashed: extrapolation",
            x: Axis("state size x (M elements)"), y: Axis("tokens (K)", scale: .log10, range: 0.3...1e4),
            layers: [
                .line(LineSeries("T_forget (training length to learn forgetting)", inside.map { Point($0, laws.forgetLength(stateElements: $0 * 1e6)) }, color: Palette.color(0))),
                .line(LineSeries(nil, outside.map { Point($0, laws.forgetLength(stateElements: $0 * 1e6)) }, color: Palette.color(0), dashed: true)),
                .line(LineSeries("T_recall (passkey capacity)", inside.map { Point($0, laws.passkeyLength(stateElements: $0 * 1e6)) }, color: Palette.color(1))),
                .line(LineSeries(nil, outside.map { Point($0, laws.passkeyLength(stateElements: $0 * 1e6)) }, color: Palette.color(1), dashed: true)),
                .scatter(ScatterSeries("paper points, forget", StuffedMambaLaws.forgetPoints.map { .init(Point($0.0, $0.1)) }, color: Palette.color(0))),
                .scatter(ScatterSeries("paper points, passkey", StuffedMambaLaws.recallPoints.map { .init(Point($0.0, $0.1)) }, color: Palette.color(1))),
                .rule(Rule(.vertical, at: 12.9, label: "largest fitted state")),
            ])
        return Report(title: "Stuffed Mamba capacity laws", table: table,
                      notes: ["Points at x = 0 and the points' coordinates are read off the authors' figures [R]; the coefficients are the figures' legends [V]."],
                      json: .object([("forget", .object([("a", .number(StuffedMambaLaws.forget.a)), ("b", .number(StuffedMambaLaws.forget.b))])),
                                     ("recall", .object([("a", .number(StuffedMambaLaws.recall.a)), ("b", .number(StuffedMambaLaws.recall.b)),
                                                         ("c", .number(StuffedMambaLaws.recall.c))]))]),
                      chart: chart)
    }

    /// Memory against context for several configs: the recurrent state is flat, the KV cache grows
    /// (or saturates at a sliding window).
    static func compareReport(_ names: [String]) throws -> Report {
        let list = names.isEmpty || names == ["default"] ? comparison : names
        let contexts = (10...24).map { 1 << $0 }
        var table = DataTable(columns: ["model", "context_length", "state_bytes", "kv_cache_bytes", "total_bytes"])
        var lines: [Layer] = []
        for (i, name) in list.enumerated() {
            let r = RecurrentReport(model: try ModelInput.load(name))
            let bytes = r.bitsPerElement / 8
            let points = contexts.map { L -> Point in
                let state = Double(r.stateElementsWithConvolution) * bytes, kv = Double(r.cacheElements(atContext: L)) * bytes
                table.append([.text(name), .integer(L), .number(state), .number(kv), .number(state + kv)])
                return Point(Double(L), state + kv)
            }
            lines.append(.line(LineSeries(name, points, color: Palette.color(i), dashed: r.states.isEmpty)))
        }
        return Report(title: "Memory against context: recurrent state and KV cache", table: table,
                      notes: ["Bytes at each model's dtype (RWKV state in fp32); state includes the d_conv − 1 informative conv columns."],
                      json: .records(table),
                      chart: Chart(title: "Inference memory against context (batch 1)",
                                   subtitle: "solid: models with a recurrent state; dashed: attention only",
                                   x: Axis("context length", scale: .log10), y: Axis("state + KV cache (bytes)", scale: .log10), layers: lines))
    }

    static func run(_ args: ParsedArguments) throws -> Outcome {
        let model: ModelDescription
        if let specifier = args.positionals.first {
            guard !args.has("arch") else { throw UsageError("give either CONFIG or --arch, not both") }
            model = try ModelInput.load(specifier)
        } else {
            guard args.has("arch") else { throw UsageError("give CONFIG or --arch") }
            model = try bareModel(args)
        }
        guard model.recurrentLayerCount > 0 || model.attentionLayerCount > 0 else {
            throw InputError("\(model.name) has neither recurrent nor attention layers")
        }
        let rwkv = model.layers.contains { if case .rwkv? = $0.recurrent { return true } else { return false } }
        let report = RecurrentReport(model: model, vocabulary: try args.double("vocab", minimum: 2, maximum: 1e12) ?? (rwkv ? 65_536 : 50_277),
                                     tokensPerK: try args.double("tokens-per-k", minimum: 1, maximum: 1e6) ?? 1024,
                                     bitsPerElement: try args.double("bits", minimum: 1, maximum: 128))
        let context = try args.int("context", minimum: 1, maximum: 1 << 40) ?? model.advertisedContext ?? 131_072
        var outcome = self.report(report, context: context)
        if let target = try args.int("target", minimum: 1, maximum: 1 << 40) {
            let forget = report.laws.stateForForgetLength(Double(target)), passkey = report.laws.stateForPasskeyLength(Double(target))
            let flag = StuffedMambaLaws.isExtrapolated(stateElements: passkey) ? " (extrapolated)" : ""
            outcome.summary.append(("state for \(target) tokens", "to learn forgetting when trained at that length: \(TextTable.formatNumber(forget)) elements; to retrieve a passkey at that length: \(TextTable.formatNumber(passkey))\(flag) (inverses of the Stuffed Mamba laws)"))
            if case var .object(pairs) = outcome.json {
                pairs += [("target_length", .integer(target)), ("state_for_forget_length", .number(forget)), ("state_for_passkey_length", .number(passkey))]
                outcome.json = .object(pairs)
            }
        }
        return Outcome(outcome)
    }

    static func bareModel(_ a: ParsedArguments) throws -> ModelDescription {
        let arch = try a.choice("arch", archs)!
        let layers = try a.requiredInt("layers", minimum: 1, maximum: 100_000)
        let convWidth = try a.int("d-conv", minimum: 1, maximum: 64) ?? 4
        let block: RecurrentBlock
        var hidden: Int?
        switch arch {
        case "linear-attention":
            // A linear-attention layer is a Mamba-2-shaped state without convolution: heads × d_v × d_k.
            let heads = try a.requiredInt("heads", minimum: 1, maximum: 1 << 20)
            block = .mamba2(Mamba2Block(heads: heads, headDim: try a.requiredInt("value-dim", minimum: 1, maximum: 1 << 20),
                                        stateDim: try a.requiredInt("key-dim", minimum: 1, maximum: 1 << 20), groups: 0, convWidth: 0))
        default:
            let d = try a.requiredInt("d-model", minimum: 1, maximum: 1 << 24)
            hidden = d
            let expand = try a.int("expand", minimum: 1, maximum: 64) ?? 2
            switch arch {
            case "mamba1":
                block = .mamba1(Mamba1Block(innerDim: expand * d, stateDim: try a.int("d-state", minimum: 1, maximum: 1 << 20) ?? 16, convWidth: convWidth))
            case "mamba2":
                let headDim = try a.int("head-dim", minimum: 1, maximum: 1 << 20) ?? 64
                guard (expand * d) % headDim == 0 else { throw InputError("--head-dim: \(headDim) does not divide expand·d_model = \(expand * d)") }
                block = .mamba2(Mamba2Block(heads: expand * d / headDim, headDim: headDim,
                                            stateDim: try a.int("d-state", minimum: 1, maximum: 1 << 20) ?? 128,
                                            groups: try a.int("groups", minimum: 1, maximum: 1 << 10) ?? 1, convWidth: convWidth))
            default:
                let version = Int(arch.dropFirst(4))!
                let headSize = try a.int("head-dim", minimum: 1, maximum: 1 << 20) ?? 64
                guard version == 4 || d % headSize == 0 else { throw InputError("--head-dim: \(headSize) does not divide d_model = \(d)") }
                block = .rwkv(RWKVBlock(version: version, hiddenSize: d, attentionHiddenSize: d, headSize: version >= 5 ? headSize : nil))
            }
        }
        return ModelDescription(name: "\(arch) (parameters)", modelType: arch, dtypeName: nil, dtype: nil, advertisedContext: nil,
                                originalContext: nil, hiddenSize: hidden, layers: Array(repeating: LayerDescription(recurrent: block), count: layers),
                                positionScheme: "none")
    }

    static func report(_ r: RecurrentReport, context: Int) -> Report {
        let bytes = r.bitsPerElement / 8
        let contexts = (10...24).map { 1 << $0 }.filter { $0 <= max(context, 1 << 20) * 4 }
        var table = DataTable(columns: ["context_length", "state_bytes", "state_with_conv_bytes", "kv_cache_bytes", "total_bytes"])
        for L in contexts {
            let kv = Double(r.cacheElements(atContext: L)) * bytes
            table.append([.integer(L), .number(Double(r.stateElements) * bytes), .number(Double(r.stateElementsWithConvolution) * bytes),
                          .number(kv), .number(Double(r.stateElementsWithConvolution) * bytes + kv)])
        }
        func mib(_ elements: Int) -> String { TextTable.formatNumber(Double(elements) * bytes / 1_048_576) + " MiB" }
        let law = r.extrapolated ? " (extrapolated: the fits span 0–12.9 M elements)" : ""
        guard !r.states.isEmpty else {
            // Attention only: the memory that grows with the context is the KV cache; no state law applies.
            return Report(title: "Memory of an attention-only model", summary: [
                ("model", r.model.name + (r.model.modelType.map { " (\($0))" } ?? "")),
                ("recurrent state", "none: \(r.caches.count) attention layers, so the memory is the KV cache"),
                ("KV cache at \(context)", mib(r.cacheElements(atContext: context))),
            ], table: table, json: .object([
                ("model", .string(r.model.name)), ("recurrent_layers", .integer(0)), ("attention_layers", .integer(r.caches.count)),
                ("state_elements", .integer(0)), ("state_elements_with_conv", .integer(0)), ("forget_length", .null),
                ("passkey_length", .null), ("copy_length", .null), ("context_length", .integer(context)),
                ("kv_cache_elements", .integer(r.cacheElements(atContext: context))),
            ]), chart: Chart(title: "KV-cache memory against context — \(r.model.name)", x: Axis("context length", scale: .log10),
                             y: Axis("memory (bytes)", scale: .log10),
                             layers: [.line(LineSeries("KV cache", contexts.map { Point(Double($0), Double(r.cacheElements(atContext: $0)) * bytes) }))]))
        }
        var summary: [(String, String)] = [
            ("model", r.model.name + (r.model.modelType.map { " (\($0))" } ?? "")),
            ("layers", "\(r.states.count) recurrent, \(r.caches.count) attention of \(r.model.layerCount)"),
            ("state", "\(r.stateElements) elements = \(mib(r.stateElements)) at \(Int(r.bitsPerElement)) bits"),
            ("  with conv (d_conv−1)", "\(r.stateElementsWithConvolution) elements (all d_conv columns: \(r.stateElementsWithAllocatedConvolution))"),
            ("forget threshold", "T_forget ≈ \(TextTable.formatNumber(r.forgetLength)) tokens of training (Stuffed Mamba)\(law)"),
            ("passkey capacity", "T_recall ≈ \(TextTable.formatNumber(r.passkeyLength)) tokens (Stuffed Mamba)\(law)"),
            ("copy bound", "≤ \(TextTable.formatNumber(r.copyLength)) tokens of V = \(Int(r.vocabulary)) (Jelassi et al., error ≤ 1/2)"),
            ("associative recall", "≤ \(TextTable.formatNumber(r.recallPairsBound)) pairs of 16-bit values by counting bits (Based, Thm 3.1)"),
        ]
        if let dk = r.keyDim, let n = r.linearRecallCapacity {
            summary.append(("linear read-out", "d_k = \(dk): about \(TextTable.formatNumber(n)) random-key pairs per read-out at 1 % bit error (SNR d_k/(N−1), derived)"))
        }
        if !r.caches.isEmpty {
            summary.append(("KV cache at \(context)", mib(r.cacheElements(atContext: context)) + " over \(r.caches.count) attention layers"))
        }
        let json = JSONValue.object([
            ("model", .string(r.model.name)), ("recurrent_layers", .integer(r.states.count)), ("attention_layers", .integer(r.caches.count)),
            ("state_elements", .integer(r.stateElements)), ("state_elements_with_conv", .integer(r.stateElementsWithConvolution)),
            ("state_elements_with_allocated_conv", .integer(r.stateElementsWithAllocatedConvolution)),
            ("bits_per_element", .number(r.bitsPerElement)), ("state_bytes", .number(Double(r.stateElements) * bytes)),
            ("forget_length", .number(r.forgetLength)), ("passkey_length", .number(r.passkeyLength)), ("copy_length", .number(r.copyLength)),
            ("laws_extrapolated", .bool(r.extrapolated)), ("context_length", .integer(context)),
            ("recall_pairs_bound", .number(r.recallPairsBound)), ("key_dim", r.keyDim.map(JSONValue.integer) ?? .null),
            ("linear_recall_capacity", r.linearRecallCapacity.map(JSONValue.number) ?? .null),
            ("kv_cache_elements", .integer(r.cacheElements(atContext: context))),
        ])
        let state = contexts.map { Point(Double($0), Double(r.stateElementsWithConvolution) * bytes) }
        let kv = contexts.map { Point(Double($0), Double(r.cacheElements(atContext: $0)) * bytes) }
        var layers: [Layer] = [.line(LineSeries("recurrent state (+ conv)", state))]
        if !r.caches.isEmpty { layers.append(.line(LineSeries("KV cache of its attention layers", kv))) }
        return Report(title: "Recurrent state capacity", summary: summary, table: table,
                      notes: ["Stuffed Mamba laws: fits of the authors' figures (T_forget = 5.172x − 4.469, T_recall = 4.756(1.365ˣ − 1) − 0.742, x in M elements, lengths in K)."],
                      json: json,
                      chart: Chart(title: "State against KV-cache memory — \(r.model.name)", x: Axis("context length", scale: .log10),
                                   y: Axis("memory (bytes)", scale: .log10), layers: layers))
    }
}
