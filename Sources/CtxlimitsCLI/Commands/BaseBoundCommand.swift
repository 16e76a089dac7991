import Charts
import ContextLimits
import Foundation

/// `ctxlimits base-bound`: b*(L), the smallest RoPE base whose kernel stays ≥ 0 over the context.
enum BaseBoundCommand {
    static let maxContext = 1 << 22
    static let boundedContext = Option<Int>.integer("context", "L", "context length (m = 0 … L−1)", in: 1...maxContext)
    static let headDim = ModelArguments.headDim.described("rotary dimension d of the unscaled spectrum")
    static let start = Option<Double>.real("start", "B", "start the walk at this base", in: .above(1), default: 1 + 1e-9, defaultText: "1: assume nothing")
    static let resolution = Option<Double>.real("resolution", "R", "smallest relative step", in: .closed(1e-12, 0.1), default: 1e-7)
    static let table = Flag("table", "the d = 128 table for L = 2^10 … 2^20 next to the paper's (about 40 s)")
    static let maxTableContext = Option<Int>.integer("max-context", "L", "with --table: stop at this context", in: 1024...(1 << 20), default: 1 << 20)

    static let spec = CommandSpec(
        name: "base-bound",
        summary: "Men et al. lower bound b*(L) on the RoPE base, by a certified exact search",
        usage: ["--context L --head-dim D [--start B] [--resolution R]", "--table [--max-context L]"],
        options: [boundedContext.declaration, headDim.declaration, start.declaration, resolution.declaration, table.declaration,
                  maxTableContext.declaration],
        details: """
            The walk only skips bases proved invalid by a derivative bound (see Guides/Bounds.md), and the
            base it returns has K(m) ≥ 0 at every m < L. JSON: context_length, head_dim, min_base,
            argmin_distance, resolution, min_kernel. The context is at most 2^22 and L·d/2 at most 2^30
            kernel terms per scan (the search repeats its scan up to a few hundred times).
            """)

    static let command = Subcommand(spec) { call in
        let a = call.arguments
        if a.has(table) {
            try a.restrict(to: [table.declaration, maxTableContext.declaration], form: "--table")
            return Outcome(try tableReport(upTo: try a.value(maxTableContext)!, call: call))
        }
        try a.restrict(to: [boundedContext.declaration, headDim.declaration, start.declaration, resolution.declaration], form: "the search form")
        return try run(call)
    }

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        let L = try a.required(boundedContext), d = try a.required(headDim)
        guard d % 2 == 0 else { throw InputError("--head-dim: \(d) must be even") }
        guard L * (d / 2) <= 1 << 30 else { throw InputError("--head-dim: L·d/2 = \(L * (d / 2)) kernel terms per scan is above the maximum 2^30") }
        let r = try call.withProgress("b*(\(L)) search") { sink in
            try BaseBound.search(context: L, rotaryDim: d, start: try a.value(start)!, relativeResolution: try a.value(resolution)!, progress: sink)
        }
        var table = DataTable(columns: ["context_length", "head_dim", "min_base", "resolution", "min_kernel", "argmin_distance", "bases_tested", "full_scans"])
        table.append([.integer(L), .integer(d), .number(r.minBase), .number(r.resolution), .number(r.minKernel),
                      .integer(r.argminDistance), .integer(r.basesTested), .integer(r.fullScans)])
        let json = JSONValue.object([("context_length", .integer(L)), ("head_dim", .integer(d)), ("min_base", .number(r.minBase)),
                                     ("argmin_distance", .integer(r.argminDistance)), ("resolution", .number(r.resolution)),
                                     ("min_kernel", .number(r.minKernel)), ("bases_tested", .integer(r.basesTested)),
                                     ("full_scans", .integer(r.fullScans))])
        let f = TextTable.formatNumber
        return Outcome(Report(title: "Lower bound on the RoPE base (Men et al. 2024)",
                              summary: [("b*(L)", "\(f(r.minBase)) (no valid base below it except islands narrower than \(f(r.resolution)))"),
                                        ("at b*", "min K = \(f(r.minKernel)) at m = \(r.argminDistance)")],
                              table: table, json: json))
    }

    /// The d = 128 table next to the published values (``PublishedBaseBounds``).
    static func tableReport(upTo maxContext: Int, call: Invocation) throws -> Report {
        var table = DataTable(columns: ["context_length", "min_base", "resolution", "argmin_distance", "paper", "su_recomputation", "paper_fit"])
        var ours: [Point] = []
        var json: [JSONValue] = []
        let p = PublishedBaseBounds.self
        for (i, L) in p.contexts.enumerated() where L <= maxContext {
            let r = try call.withProgress("b*(\(L))") { sink in try BaseBound.search(context: L, rotaryDim: 128, progress: sink) }
            table.append([.integer(L), .number(r.minBase), .number(r.resolution), .integer(r.argminDistance),
                          .number(p.paper[i]), .number(p.su[i]), .number(p.fit(Double(L)))])
            ours.append(Point(Double(L), r.minBase))
            json.append(.object([("context_length", .integer(L)), ("head_dim", .integer(128)), ("min_base", .number(r.minBase)),
                                 ("argmin_distance", .integer(r.argminDistance)), ("resolution", .number(r.resolution)),
                                 ("paper", .number(p.paper[i])), ("su_recomputation", .number(p.su[i]))]))
        }
        let xs = p.contexts.filter { $0 <= maxContext }.map(Double.init)
        let chart = Chart(
            title: "Lower bound b*(L) on the RoPE base, d = 128",
            subtitle: "this tool's certified search against Men et al.'s table, Su's recomputation and the paper's fit",
            x: Axis("context length L (tokens)", scale: .log2), y: Axis("smallest valid base b^*", scale: .log10),
            layers: [
                .line(LineSeries("paper fit 0.0424·L^{1.628}", xs.map { Point($0, p.fit($0)) }, color: "#999999", dashed: true)),
                .line(LineSeries("ctxlimits (certified)", ours, color: Palette.color(0), width: 1.5, marker: .circle)),
                // Hollow, larger markers drawn over the line, so that agreement shows as a dot inside a ring.
                .scatter(ScatterSeries("Su's recomputation", zip(xs, p.su).map { .init(Point($0, $1)) }, color: Palette.color(2), radius: 7, hollow: true)),
                .scatter(ScatterSeries("Men et al. table", zip(xs, p.paper).map { .init(Point($0, $1)) }, color: Palette.color(1), radius: 5.5, shape: .square, hollow: true)),
            ])
        return Report(title: "b*(L) for d = 128: this tool, the paper and Su's recomputation", table: table,
                      notes: ["min_base is this tool's certified value: every m < L checked, no valid island wider than `resolution` below it.",
                              "paper and su_recomputation are quoted from Su (kexue.fm/archives/10122) [secondary source]."],
                      json: .array(json), chart: chart)
    }
}
