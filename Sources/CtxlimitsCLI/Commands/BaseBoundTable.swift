import Charts
import ContextLimits
import Foundation

/// The b*(L) table of Men et al. at d = 128 next to the paper's row and Su's recomputation.
enum BaseBoundTable {
    /// Men et al. 2024's table as quoted by Su (kexue.fm/archives/10122) [S], and Su's own Jax
    /// recomputation [S] (rope-bounds.md §2.2), for L = 2¹⁰ … 2²⁰.
    static let contexts = (10...20).map { 1 << $0 }
    static let paper: [Double] = [4.3e3, 1.6e4, 2.7e4, 8.4e4, 3.1e5, 6.4e5, 2.1e6, 7.8e6, 3.6e7, 6.4e7, 5.1e8]
    static let su: [Double] = [4.3e3, 1.2e4, 2.7e4, 8.4e4, 2.3e5, 6.3e5, 2.1e6, 4.9e6, 2.4e7, 5.8e7, 6.5e7]
    /// The paper's Figure 1 fit as described [S]: b = 0.0424·L^1.628.
    static func fit(_ L: Double) -> Double { 0.0424 * pow(L, 1.628) }

    static func report(upTo maxContext: Int, progress: (String) -> Void) throws -> Report {
        var table = DataTable(columns: ["context_length", "min_base", "resolution", "argmin_distance", "paper", "su_recomputation", "paper_fit"])
        var ours: [Point] = []
        var json: [JSONValue] = []
        for (i, L) in contexts.enumerated() where L <= maxContext {
            progress("b*(\(L))")
            let r = try BaseBound.search(context: L, rotaryDim: 128)
            table.append([.integer(L), .number(r.minBase), .number(r.resolution), .integer(r.argminDistance),
                          .number(paper[i]), .number(su[i]), .number(fit(Double(L)))])
            ours.append(Point(Double(L), r.minBase))
            json.append(.object([("context_length", .integer(L)), ("head_dim", .integer(128)), ("min_base", .number(r.minBase)),
                                 ("argmin_distance", .integer(r.argminDistance)), ("resolution", .number(r.resolution)),
                                 ("paper", .number(paper[i])), ("su_recomputation", .number(su[i]))]))
        }
        let xs = contexts.filter { $0 <= maxContext }.map(Double.init)
        let chart = Chart(
            title: "Lower bound b*(L) on the RoPE base, d = 128",
            subtitle: "this tool's certified search against Men et al.'s table, Su's recomputation and the paper's fit",
            x: Axis("context length L", scale: .log10), y: Axis("smallest valid base b*", scale: .log10),
            layers: [
                .line(LineSeries("paper fit 0.0424·L^1.628", xs.map { Point($0, fit($0)) }, color: "#999999", dashed: true)),
                .scatter(ScatterSeries("Men et al. table", zip(xs, paper).map { .init(Point($0, $1)) }, color: Palette.color(1), radius: 5)),
                .scatter(ScatterSeries("Su's recomputation", zip(xs, su).map { .init(Point($0, $1)) }, color: Palette.color(2), radius: 3.5)),
                .line(LineSeries("ctxlimits (certified)", ours, color: Palette.color(0))),
            ])
        return Report(title: "b*(L) for d = 128: this tool, the paper and Su's recomputation",
                      table: table,
                      notes: ["min_base is this tool's certified value: every m < L checked, no valid island wider than `resolution` below it.",
                              "paper and su_recomputation are quoted from Su (kexue.fm/archives/10122) [secondary source]."],
                      json: .array(json), chart: chart)
    }
}
