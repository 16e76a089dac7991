import Charts
import ContextLimits
import Foundation

/// The figure forms of `capacity`: the Stuffed Mamba laws and memory against context.
enum CapacityFigures {
    /// Stuffed Mamba's two laws over 0–20 M elements, with the points read off the authors' figures.
    static func lawsReport() -> Report {
        let laws = StuffedMambaLaws(tokensPerK: 1)
        let fitted = StuffedMambaLaws.fitRange.upperBound
        var table = DataTable(columns: ["state_millions", "forget_length_k", "passkey_length_k", "extrapolated"])
        let xs = stride(from: 0.0, through: 20, by: 0.25).map { $0 }
        for x in xs {
            table.append([.number(x), .number(laws.forgetLength(stateElements: x * 1e6)), .number(laws.passkeyLength(stateElements: x * 1e6)),
                          .bool(StuffedMambaLaws.isExtrapolated(stateElements: x * 1e6))])
        }
        let inside = xs.filter { $0 <= fitted }, outside = xs.filter { $0 >= fitted }
        func forget(_ x: Double) -> Point { Point(x, laws.forgetLength(stateElements: x * 1e6)) }
        func recall(_ x: Double) -> Point { Point(x, laws.passkeyLength(stateElements: x * 1e6)) }
        let chart = Chart(
            title: "Stuffed Mamba: T_{forget} and T_{recall} against state size",
            subtitle: "fits from the authors' figures: T_{forget} = 5.172x − 4.469, T_{recall} = 4.756(1.365^x − 1) − 0.742; dashed beyond the fitted range",
            x: Axis("state size x (millions of elements)"), y: Axis("length (thousands of tokens)", scale: .log10, range: 0.3...1e4),
            layers: [
                .line(LineSeries("T_{forget} (training length to learn forgetting)", inside.map(forget), color: Palette.color(0))),
                .line(LineSeries(nil, outside.map(forget), color: Palette.color(0), dashed: true)),
                .line(LineSeries("T_{recall} (passkey capacity)", inside.map(recall), color: Palette.color(1))),
                .line(LineSeries(nil, outside.map(recall), color: Palette.color(1), dashed: true)),
                // The two point sets share three x values: hollow squares around filled triangles keep both visible.
                .scatter(ScatterSeries("paper points, passkey", StuffedMambaLaws.recallPoints.map { .init(Point($0.0, $0.1)) }, color: Palette.color(1), radius: 4, shape: .triangle)),
                .scatter(ScatterSeries("paper points, forget", StuffedMambaLaws.forgetPoints.map { .init(Point($0.0, $0.1)) }, color: Palette.color(0), radius: 6.5, shape: .square, hollow: true)),
                .rule(Rule(.vertical, at: fitted, label: "largest fitted state")),
            ])
        return Report(title: "Stuffed Mamba capacity laws", table: table,
                      notes: ["Points at x = 0 and the points' coordinates are read off the authors' figures [R]; the coefficients are the figures' legends [V]."],
                      json: .object([("forget", .object([("a", .number(StuffedMambaLaws.forget.a)), ("b", .number(StuffedMambaLaws.forget.b))])),
                                     ("recall", .object([("a", .number(StuffedMambaLaws.recall.a)), ("b", .number(StuffedMambaLaws.recall.b)),
                                                         ("c", .number(StuffedMambaLaws.recall.c))]))]),
                      chart: chart)
    }

    /// The default models of `--compare`: SSMs, hybrids and attention models of several cache kinds.
    static let comparison = ["mamba2-370m", "mamba2-2.7b", "rwkv6-finch-7b", "jamba-v0.1", "falcon-h1-0.5b",
                             "llama-3.1-8b", "mistral-7b-v0.1", "gemma-3-1b-it", "deepseek-v3"]

    /// Memory against context for several configs: the recurrent state is flat, the KV cache grows
    /// (or saturates at a sliding window).
    static func compareReport(_ names: [String]) throws -> Report {
        let list = names == ["default"] ? comparison : names
        let contexts = (10...24).map { 1 << $0 }
        var table = DataTable(columns: ["model", "context_length", "state_bytes", "kv_cache_bytes", "total_bytes"])
        var lines: [Layer] = []
        for (i, name) in list.enumerated() {
            let r = RecurrentReport(model: try ModelArguments.load(name).model)
            let bytes = r.bitsPerElement / 8
            let points = contexts.map { L -> Point in
                let state = Double(r.stateElementsWithConvolution) * bytes, kv = Double(r.cacheElements(atContext: L)) * Double(r.model.defaultStorageBits) / 8
                table.append([.text(name), .integer(L), .number(state), .number(kv), .number(state + kv)])
                return Point(Double(L), (state + kv) / 0x1p30)
            }
            let advertised = try ModelArguments.load(name).model.advertisedContext
            lines.append(.line(LineSeries(name + (advertised.map { " (\(Notation.compact(Double($0))))" } ?? ""), points, color: Palette.color(i), dashed: r.states.isEmpty)))
        }
        return Report(title: "Memory against context: recurrent state and KV cache", table: table,
                      notes: ["Bytes at each model's dtype (RWKV state in fp32); state includes the d_conv − 1 informative conv columns."],
                      json: .records(table),
                      chart: Chart(title: "Inference memory against context (batch 1)",
                                   subtitle: "KV cache and recurrent state in each config's dtype (bf16 where unstated: 2 bytes per element; RWKV state fp32); solid: a recurrent state, dashed: attention only; in brackets: the advertised context",
                                   x: Axis("context length (tokens)", scale: .log10), y: Axis("state + KV cache (GiB)", scale: .log10), layers: lines))
    }
}
