import Charts
import ContextLimits
import Foundation

/// `ctxlimits decay`: RoFormer's relative upper bound U(r) and the Men et al. kernel against distance.
enum DecayCommand {
    static let maxDistance = Option<Int>.integer("max-distance", "M", "largest relative distance r", in: 1...Shared.maxContext)
    static let step = Option<Int>.integer("step", "S", "distance step", in: 1...Shared.maxContext, defaultText: "1, or M/2000 for long ranges")
    static let maxRows = 1_000_000

    static let spec = CommandSpec(
        name: "decay",
        summary: "RoFormer long-term decay: relative upper bound U(r) and kernel K(r) against distance",
        usage: ["--base B --head-dim D --max-distance M [--step S]", "CONFIG --max-distance M [--step S]"],
        options: ModelArguments.rotaryOptions + [maxDistance.declaration, step.declaration],
        maxPositionals: 1,
        details: """
            U(r) = (1/(d/2)) Σ_{j=1}^{d/2} |S_j(r)|, S_j = Σ_{k<j} e^{i r θ_k} (Su et al., RoFormer §3.4.3; the paper
            uses base 10000). K(r) = Σ cos(r θ_i) is the Men et al. kernel, shown for comparison (divided by d/2 in
            kernel_normalized). At most 10⁶ rows.
            """)

    static let command = Subcommand(spec) { try run($0) }

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        let input = try ModelArguments.input(a)
        let spectrum = try ModelArguments.dominantSpectrum(input, atContext: input.model.advertisedContext ?? 1).spectrum
        let theta = spectrum.rotatedInverseFrequencies
        let channels = theta.count
        let maxR = try a.required(maxDistance)
        let dr = try a[step] ?? max(1, maxR / 2000)
        guard maxR / dr < maxRows else { throw InputError("--step: \(dr) gives more than 10⁶ rows; use a larger step") }
        let kernel = RoPEKernel(inverseFrequencies: theta)
        var table = DataTable(columns: ["distance", "relative_upper_bound", "kernel", "kernel_normalized"])
        let distances = Array(stride(from: 0, through: maxR, by: dr))
        // Shown as progress: at large distances each angle's sin/cos needs a long argument reduction
        // (2000 distances to 2^40 with --head-dim 65536 take about 20 s).
        let evaluated = try call.withProgress("decay, \(distances.count) distances × \(channels) channels") { sink throws(Interrupted) in
            let counter = WorkCounter(total: Double(distances.count), sink: sink)
            return try distances.map { r throws(Interrupted) in
                let pair = (RoFormerDecay.relativeUpperBound(distance: r, inverseFrequencies: theta), kernel.value(at: r))
                try counter.advance()
                return pair
            }
        }
        let bounds = evaluated.map(\.0), values = evaluated.map(\.1)
        for (r, (bound, value)) in zip(distances, zip(bounds, values)) {
            table.append([.integer(r), .number(bound), .number(value), .number(value / Double(channels))])
        }
        // Both curves relative to r = 0 (U(0) = (d/2 + 1)/2, K(0) = d/2), so that they share one axis.
        let u = zip(distances, bounds).map { Point(Double($0), $1 / bounds[0]) }
        let k = zip(distances, values).map { Point(Double($0), $1 / Double(channels)) }
        let base = spectrum.base, d = spectrum.rotaryDim
        let json = JSONValue.object([("model", .string(input.name)), ("base", .number(base)), ("head_dim", .integer(d)),
                                     ("distance", .array(distances.map(JSONValue.integer))),
                                     ("relative_upper_bound", .numbers(bounds)), ("kernel", .numbers(values))])
        let chart = Chart(title: "RoFormer long-term decay, base \(Notation.compact(base)), d = \(d)",
                          subtitle: "the relative upper bound U(r) = mean_{j} |S_{j}(r)| (Su et al. 2021, §3.4.3) and the Men et al. kernel K(r), each divided by its value at r = 0",
                          x: Axis("relative distance r (tokens)"), y: Axis("value relative to r = 0"),
                          layers: [.line(LineSeries("relative upper bound U(r)/U(0)", u)),
                                   .line(LineSeries("kernel K(r)/K(0)", k, width: 1.2)),
                                   .rule(Rule(.horizontal, at: 0))])
        return Outcome(Report(title: "RoFormer long-term decay", summary: [("U(0)", TextTable.formatNumber(u[0].y) + " = (d/2 + 1)/2")],
                              table: table, json: json, chart: chart))
    }
}
