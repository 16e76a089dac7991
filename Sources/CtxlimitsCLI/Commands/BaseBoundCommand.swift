import Charts
import ContextLimits
import Foundation

/// `ctxlimits base-bound`: b*(L), the smallest RoPE base whose kernel stays ≥ 0 over the context.
enum BaseBoundCommand {
    static let spec = CommandSpec(
        name: "base-bound",
        summary: "Men et al. lower bound b*(L) on the RoPE base, by a certified exact search",
        usage: ["--context L --head-dim D [--start B] [--resolution R]", "--table [--max-context L]"],
        options: [
            .init("context", "L", "context length (m = 0 … L−1)"),
            .init("head-dim", "D", "rotary dimension d"),
            .init("start", "B", "start the walk at this base (default 1: assume nothing)"),
            .init("resolution", "R", "smallest relative step (default 1e-7)"),
            .init("table", nil, "the d = 128 table for L = 2^10 … 2^20 next to the paper's (about 40 s)"),
            .init("max-context", "L", "with --table: stop at this context"),
        ],
        details: """
            The walk only skips bases proved invalid by a derivative bound (see Guides/Bounds.md), and the
            base it returns has K(m) ≥ 0 at every m < L. JSON: context_length, head_dim, min_base,
            argmin_distance, resolution, min_kernel.
            """)

    static let command = Subcommand(spec) { args, io in
        if args.has("table") {
            let maxContext = try args.int("max-context", minimum: 1024, maximum: 1 << 20) ?? 1 << 20
            return Outcome(try BaseBoundTable.report(upTo: maxContext) { if io.stderrIsTerminal { io.err("computing \($0)…\n") } })
        }
        return try run(args, io)
    }

    static func run(_ args: ParsedArguments, _ io: ToolIO) throws -> Outcome {
        let L = try args.requiredInt("context", minimum: 1, maximum: 1 << 26)
        let d = try args.requiredInt("head-dim", minimum: 2, maximum: 4096)
        guard d % 2 == 0 else { throw InputError("--head-dim: \(d) must be even") }
        let start = try args.double("start", minimum: 1, exclusiveMinimum: true) ?? 1 + 1e-9
        let resolution = try args.double("resolution", minimum: 1e-12, maximum: 0.1) ?? 1e-7
        let r = try BaseBound.search(context: L, rotaryDim: d, start: start, relativeResolution: resolution,
                                     progress: io.stderrIsTerminal ? { io.err("\rscanning b = \(TextTable.formatNumber($0))   ") } : nil)
        if io.stderrIsTerminal { io.err("\r\u{1B}[K") }
        var table = DataTable(columns: ["context_length", "head_dim", "min_base", "resolution", "min_kernel", "argmin_distance", "bases_tested", "full_scans"])
        table.append([.integer(L), .integer(d), .number(r.minBase), .number(r.resolution), .number(r.minKernel),
                      .integer(r.argminDistance), .integer(r.basesTested), .integer(r.fullScans)])
        let json = JSONValue.object([("context_length", .integer(L)), ("head_dim", .integer(d)), ("min_base", .number(r.minBase)),
                                     ("argmin_distance", .integer(r.argminDistance)), ("resolution", .number(r.resolution)),
                                     ("min_kernel", .number(r.minKernel)), ("bases_tested", .integer(r.basesTested)),
                                     ("full_scans", .integer(r.fullScans))])
        return Outcome(Report(title: "Lower bound on the RoPE base (Men et al. 2024)",
                              summary: [("b*(L)", "\(TextTable.formatNumber(r.minBase)) (no valid base below it except islands narrower than \(TextTable.formatNumber(r.resolution)))"),
                                        ("at b*", "min K = \(TextTable.formatNumber(r.minKernel)) at m = \(r.argminDistance)")],
                              table: table, json: json))
    }
}
