import Charts
import ContextLimits
import Foundation

/// How `capacity CONFIG` presents a ``RecurrentReport``.
enum CapacityPresentation {
    /// - Parameter kvBits: bits of one cached key/value element (`--kv-dtype`, else the config's dtype).
    static func report(_ r: RecurrentReport, context: Int, target: Int?, kvBits: Double) -> Report {
        let bytes = r.bitsPerElement / 8, kvBytes = kvBits / 8, f = TextTable.formatNumber
        let contexts = (10...24).map { 1 << $0 }.filter { $0 <= max(context, 1 << 20) * 4 }
        var table = DataTable(columns: ["context_length", "state_bytes", "state_with_conv_bytes", "kv_cache_bytes", "total_bytes"])
        for L in contexts {
            let kv = Double(r.cacheElements(atContext: L)) * kvBytes
            table.append([.integer(L), .number(Double(r.stateElements) * bytes), .number(Double(r.stateElementsWithConvolution) * bytes),
                          .number(kv), .number(Double(r.stateElementsWithConvolution) * bytes + kv)])
        }
        func mib(_ elements: Int) -> String { BoundsPresentation.mebibytes(elements, bytesPerElement: bytes) }
        let kvLine = BoundsPresentation.mebibytes(r.cacheElements(atContext: context), bytesPerElement: kvBytes) + " at \(Int(kvBits)) bits"
        let kvPoints = contexts.map { Point(Double($0), Double(r.cacheElements(atContext: $0)) * kvBytes) }
        guard !r.states.isEmpty else {
            // Attention only: the memory that grows with the context is the KV cache; no state law applies.
            return Report(title: "Memory of an attention-only model", summary: [
                ("model", BoundsPresentation.modelLine(r.model)),
                ("recurrent state", "none: \(r.caches.count) attention layers, so the memory is the KV cache"),
                ("KV cache at \(context)", kvLine),
            ], table: table, json: .object([
                ("model", .string(r.model.name)), ("recurrent_layers", .integer(0)), ("attention_layers", .integer(r.caches.count)),
                ("state_elements", .integer(0)), ("state_elements_with_conv", .integer(0)), ("forget_length", .null),
                ("passkey_length", .null), ("copy_length", .null), ("context_length", .integer(context)),
                ("kv_cache_elements", .integer(r.cacheElements(atContext: context))), ("kv_bits", .number(kvBits)),
                ("kv_cache_bytes", .number(Double(r.cacheElements(atContext: context)) * kvBytes)),
            ]), chart: Chart(title: "KV-cache memory against context — \(RichText.literal(r.model.name))", x: Axis("context length", scale: .log10),
                             y: Axis("memory (bytes)", scale: .log10), layers: [.line(LineSeries("KV cache", kvPoints))]))
        }
        let law = r.extrapolated ? " (extrapolated: the fits span 0–12.9 M elements)" : ""
        var summary: [(String, String)] = [
            ("model", BoundsPresentation.modelLine(r.model)),
            ("layers", "\(r.states.count) recurrent, \(r.caches.count) attention of \(r.model.layerCount)"),
            ("state", "\(r.stateElements) elements = \(mib(r.stateElements)) at \(Int(r.bitsPerElement)) bits"),
            ("  with conv (d_conv−1)", "\(r.stateElementsWithConvolution) elements (all d_conv columns: \(r.stateElementsWithAllocatedConvolution))"),
            ("forget threshold", "T_forget ≈ \(f(r.forgetLength)) tokens of training (Stuffed Mamba)\(law)"),
            ("passkey capacity", "T_recall ≈ \(f(r.passkeyLength)) tokens (Stuffed Mamba)\(law)"),
            ("copy bound", "≤ \(f(r.copyLength)) tokens of V = \(Int(r.vocabulary)) (Jelassi et al., error ≤ 1/2)"),
            ("associative recall", "≤ \(f(r.recallPairsBound)) pairs of 16-bit values by counting bits (Based, Thm 3.1)"),
        ]
        if let dk = r.keyDim, let n = r.linearRecallCapacity {
            summary.append(("linear read-out", "d_k = \(dk): about \(f(n)) random-key pairs per read-out at 1 % bit error (SNR d_k/(N−1), derived)"))
        }
        if !r.caches.isEmpty { summary.append(("KV cache at \(context)", kvLine + " over \(r.caches.count) attention layers")) }
        var json: [(String, JSONValue)] = [
            ("model", .string(r.model.name)), ("recurrent_layers", .integer(r.states.count)), ("attention_layers", .integer(r.caches.count)),
            ("state_elements", .integer(r.stateElements)), ("state_elements_with_conv", .integer(r.stateElementsWithConvolution)),
            ("state_elements_with_allocated_conv", .integer(r.stateElementsWithAllocatedConvolution)),
            ("bits_per_element", .number(r.bitsPerElement)), ("state_bytes", .number(Double(r.stateElements) * bytes)),
            ("forget_length", .number(r.forgetLength)), ("passkey_length", .number(r.passkeyLength)), ("copy_length", .number(r.copyLength)),
            ("laws_extrapolated", .bool(r.extrapolated)), ("context_length", .integer(context)),
            ("recall_pairs_bound", .number(r.recallPairsBound)), ("key_dim", r.keyDim.map(JSONValue.integer) ?? .null),
            ("linear_recall_capacity", r.linearRecallCapacity.map(JSONValue.number) ?? .null),
            ("kv_cache_elements", .integer(r.cacheElements(atContext: context))), ("kv_bits", .number(kvBits)),
            ("kv_cache_bytes", .number(Double(r.cacheElements(atContext: context)) * kvBytes)),
        ]
        if let target {
            let forget = r.laws.stateForForgetLength(Double(target)), passkey = r.laws.stateForPasskeyLength(Double(target))
            let flag = StuffedMambaLaws.isExtrapolated(stateElements: passkey) ? " (extrapolated)" : ""
            summary.append(("state for \(target) tokens", "to learn forgetting when trained at that length: \(f(forget)) elements; to retrieve a passkey at that length: \(f(passkey))\(flag) (inverses of the Stuffed Mamba laws)"))
            json += [("target_length", .integer(target)), ("state_for_forget_length", .number(forget)), ("state_for_passkey_length", .number(passkey))]
        }
        let state = contexts.map { Point(Double($0), Double(r.stateElementsWithConvolution) * bytes) }
        var layers: [Layer] = [.line(LineSeries("recurrent state (+ conv)", state))]
        if !r.caches.isEmpty { layers.append(.line(LineSeries("KV cache of its attention layers", kvPoints))) }
        return Report(title: "Recurrent state capacity", summary: summary, table: table,
                      notes: ["Stuffed Mamba laws: fits of the authors' figures (T_forget = 5.172x − 4.469, T_recall = 4.756(1.365ˣ − 1) − 0.742, x in M elements, lengths in K)."],
                      json: .object(json),
                      chart: Chart(title: "State against KV-cache memory — \(RichText.literal(r.model.name))", x: Axis("context length", scale: .log10),
                                   y: Axis("memory (bytes)", scale: .log10), layers: layers))
    }

    /// The memory budget's lines and keys, added to a capacity report. The answer is capped at the
    /// model's positional limit (`max_position_embeddings`): memory beyond it buys no context the
    /// model can address, so `capped_by` names the limit and the uncapped figure stays beside it.
    /// "mxfp4 (4.25 bits) on experts, the rest at 16 bits".
    static func describe(_ s: WeightStorage) -> String {
        let parts = WeightStorage.Part.allCases.filter { s.quantizedParts.contains($0) }.map(\.rawValue).joined(separator: ", ")
        return "\(s.method.rawValue) (\(TextTable.formatNumber(s.quantizedBits)) bits) on \(parts.isEmpty ? "nothing" : parts), the rest at \(Int(s.unquantizedBits)) bits"
    }

    static func addBudget(_ report: inout Report, _ b: MemoryBudget, memory: Double, kvBits: Double, parameters: Double?, weightStorage: String?,
                          positionalLimit: Int?) {
        let f = TextTable.formatNumber
        let ideal = b.maxContext(memory: memory), full = b.maxContext(memory: memory, fullPages: true)
        let capped = positionalLimit.map { min(ideal, $0) } ?? ideal, cappedFull = positionalLimit.map { min(full, $0) } ?? full
        let cappedBy: String? = positionalLimit.flatMap { ideal > $0 || full > $0 ? "max_position_embeddings" : nil }
        func tokens(_ n: Int) -> String { n == 0 ? "none (not even one token fits)" : n == 1 << 40 ? "≥ 2^40 tokens (memory is no constraint)" : "\(n) tokens" }
        let gib = memory / 0x1p30
        report.summary.append(("memory budget", "\(f(gib)) GiB for \(b.batch) sequence\(b.batch == 1 ? "" : "s"), KV cache at \(Int(kvBits)) bits"
                               + (b.weightBytes.map { ", weights \(f($0 / 0x1p30)) GiB (\(f(parameters! / 1e9)) B parameters, \(weightStorage ?? "?"))" } ?? ", weights left out")))
        report.summary.append(("  max context", tokens(capped) + (cappedFull != capped ? "; \(tokens(cappedFull)) if sliding layers get full-length pages" : "")))
        if let limit = positionalLimit, cappedBy != nil {
            report.summary.append(("  capped", "at max_position_embeddings = \(limit): the memory alone would hold \(tokens(ideal))"
                                   + (full != ideal ? " (\(tokens(full)) with full pages)" : "") + ", but positions beyond it are not addressable"))
        }
        report.summary.append(("  KV per token", "\(f(b.kvBytesPerToken(fullPages: false) / 1024)) KiB per sequence beyond the windows (\(f(b.kvBytesPerToken(fullPages: true) / 1024)) KiB with full pages)"))
        if case let .object(pairs) = report.json {
            report.json = .object(pairs + [
                ("memory_bytes", .number(memory)), ("batch", .integer(b.batch)),
                ("weights_bytes", b.weightBytes.map(JSONValue.number) ?? .null), ("weights_parameters", parameters.map(JSONValue.number) ?? .null),
                ("weights_storage", weightStorage.map(JSONValue.string) ?? .null),
                ("max_context_for_memory", .integer(capped)), ("max_context_for_memory_full_pages", .integer(cappedFull)),
                ("capped_by", cappedBy.map(JSONValue.string) ?? .null),
                ("max_context_for_memory_uncapped", .integer(ideal)), ("max_context_for_memory_full_pages_uncapped", .integer(full)),
                ("kv_bytes_per_token", .number(b.kvBytesPerToken(fullPages: false))),
                ("kv_bytes_per_token_full_pages", .number(b.kvBytesPerToken(fullPages: true))),
            ])
        }
    }
}
