import Charts
import ContextLimits
import Foundation

/// `ctxlimits decay`: RoFormer's relative upper bound U(r) and the Men et al. kernel against distance.
enum DecayCommand {
    static let spec = CommandSpec(
        name: "decay",
        summary: "RoFormer long-term decay: relative upper bound U(r) and kernel K(r) against distance",
        usage: ["--base B --head-dim D --max-distance M [--step S]"],
        options: [
            .init("base", "B", "RoPE base (the paper: 10000)"),
            .init("head-dim", "D", "rotary dimension d"),
            .init("max-distance", "M", "largest relative distance r"),
            .init("step", "S", "distance step (default: 1, or M/2000 for long ranges)"),
        ],
        details: """
            U(r) = (1/(d/2)) Σ_{j=1}^{d/2} |S_j(r)|, S_j = Σ_{k<j} e^{i r θ_k} (Su et al., RoFormer §3.4.3).
            K(r) = Σ cos(r θ_i) is the Men et al. kernel, shown for comparison (divided by d/2 in kernel_normalized).
            """)

    static let command = Subcommand(spec) { args, _ in try run(args) }

    static func run(_ args: ParsedArguments) throws -> Outcome {
        let base = try args.requiredDouble("base", minimum: 1, exclusiveMinimum: true)
        let d = try args.requiredInt("head-dim", minimum: 2, maximum: 1 << 16)
        guard d % 2 == 0 else { throw InputError("--head-dim: \(d) must be even") }
        let maxDistance = try args.requiredInt("max-distance", minimum: 1, maximum: 1 << 40)
        let step = try args.int("step", minimum: 1, maximum: maxDistance) ?? max(1, maxDistance / 2000)
        guard maxDistance / step <= 1_000_000 else { throw InputError("--step: \(step) gives more than 10⁶ rows; use a larger step") }
        let kernel = RoPEKernel(base: base, rotaryDim: d)
        let theta = kernel.inverseFrequencies
        var table = DataTable(columns: ["distance", "relative_upper_bound", "kernel", "kernel_normalized"])
        let distances = Array(stride(from: 0, through: maxDistance, by: step))
        let bounds = distances.map { RoFormerDecay.relativeUpperBound(distance: $0, inverseFrequencies: theta) }
        let values = distances.map { kernel.value(at: $0) }
        for (r, (bound, value)) in zip(distances, zip(bounds, values)) {
            table.append([.integer(r), .number(bound), .number(value), .number(value / Double(d / 2))])
        }
        let u = zip(distances, bounds).map { Point(Double($0), $1) }
        let k = zip(distances, values).map { Point(Double($0), $1 / Double(d / 2)) }
        let json = JSONValue.object([("base", .number(base)), ("head_dim", .integer(d)),
                                     ("distance", .array(distances.map(JSONValue.integer))),
                                     ("relative_upper_bound", .numbers(bounds)), ("kernel", .numbers(values))])
        let chart = Chart(title: "RoFormer long-term decay, base \(TextTable.formatNumber(base)), d = \(d)",
                          subtitle: "U(r) = mean |S_j(r)| (Su et al. 2021, §3.4.3) and the Men et al. kernel K(r)/(d/2)",
                          x: Axis("relative distance r"), y: Axis("value"),
                          layers: [.line(LineSeries("relative upper bound U(r)", u)),
                                   .line(LineSeries("kernel K(r)/(d/2)", k, width: 1.2)),
                                   .rule(Rule(.horizontal, at: 0))])
        return Outcome(Report(title: "RoFormer long-term decay", summary: [("U(0)", TextTable.formatNumber(u[0].y) + " = (d/2 + 1)/2")],
                              table: table, json: json, chart: chart))
    }
}
