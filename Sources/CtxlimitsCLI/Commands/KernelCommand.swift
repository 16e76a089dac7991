import Charts
import ContextLimits
import Foundation

/// `ctxlimits kernel`: min over 0 ≤ m < L of the Men et al. kernel K(m) = Σᵢ cos(m·θᵢ).
enum KernelCommand {
    static let spec = CommandSpec(
        name: "kernel",
        summary: "Men et al. kernel K(m) = Σ cos(m·θᵢ): its minimum over m < L and whether it stays ≥ 0",
        usage: ["--base B --head-dim D --context L", "CONFIG [--context L]"],
        options: [
            .init("base", "B", "RoPE base"),
            .init("head-dim", "D", "rotary dimension d (default spectrum θᵢ = B^(−2i/d))"),
            .init("context", "L", "context length: m ranges over 0 … L−1 (default for CONFIG: max_position_embeddings)"),
            .init("points", "N", "samples of K(m) in the figure and CSV (default 2000)"),
        ],
        maxPositionals: 1,
        details: """
            K(m) is B_{m,θ} of Men et al. (NeurIPS 2024, Thm 1): the expected score advantage of a similar
            key over a random one at distance m. Every m < L is evaluated (blocked recurrence, absolute
            error < 1e-9). With CONFIG the model's scaled spectrum is used (each rotary layer type).
            JSON: min_kernel, argmin_distance, holds (min_kernel ≥ 0).
            """)

    static let command = Subcommand(spec) { args, _ in try run(args) }

    static func run(_ args: ParsedArguments) throws -> Outcome {
        let points = try args.int("points", minimum: 2, maximum: 1_000_000) ?? 2000
        var name = "parameters"
        var spectra: [(String, [Double])] = []
        var context = try args.int("context", minimum: 1, maximum: 1 << 40)
        if let specifier = args.positionals.first {
            guard !args.has("base") else { throw UsageError("give either CONFIG or --base/--head-dim, not both") }
            let model = try ModelInput.load(specifier)
            name = model.name
            context = context ?? model.advertisedContext
            for g in try ModelInput.rotaryGroups(model) {
                spectra.append((g.label, try g.attention.rotary!.spectrum().inverseFrequencies.filter { $0 > 0 }))
            }
        } else {
            let base = try args.requiredDouble("base", minimum: 1, exclusiveMinimum: true)
            let d = try args.requiredInt("head-dim", minimum: 2, maximum: 1 << 16)
            guard d % 2 == 0 else { throw InputError("--head-dim: \(d) must be even") }
            spectra.append(("rope", RoPEKernel(base: base, rotaryDim: d).inverseFrequencies))
        }
        guard let L = context else { throw UsageError("missing required option --context") }

        var table = DataTable(columns: ["layer_type", "distance", "kernel"])
        var groups: [JSONValue] = []
        var lines: [Layer] = []
        var summary: [(String, String)] = [("model", name), ("context", "m = 0 … \(L - 1)")]
        var results: [(Double, Int)] = []
        for (i, (label, theta)) in spectra.enumerated() {
            let kernel = RoPEKernel(inverseFrequencies: theta)
            let (minimum, argmin) = kernel.minimum(over: 0..<L)
            results.append((minimum, argmin))
            let samples = sampleDistances(L, points)
            let values = samples.map { kernel.value(at: $0) }
            for (m, k) in zip(samples, values) { table.append([.text(label), .integer(m), .number(k)]) }
            groups.append(.object([("layer_type", .string(label)), ("min_kernel", .number(minimum)),
                                   ("argmin_distance", .integer(argmin)), ("holds", .bool(minimum >= 0))]))
            lines.append(.line(LineSeries(spectra.count > 1 ? label : "K(m)", zip(samples, values).map { Point(Double($0), $1) },
                                          color: Palette.color(i), width: 1.2)))
            lines.append(.scatter(ScatterSeries(spectra.count > 1 ? nil : "minimum over every m < L",
                                                [.init(Point(Double(argmin), minimum), label: "min \(TextTable.formatNumber(minimum)) at m = \(argmin)")],
                                                color: "#D55E00", radius: 4.5)))
            summary.append((label, "min K = \(TextTable.formatNumber(minimum)) at m = \(argmin): " + (minimum >= 0 ? "holds (K ≥ 0 for every m < L)" : "violated")))
        }
        let (minimum, argmin) = results[0]
        let json = JSONValue.object([("model", .string(name)), ("context_length", .integer(L)), ("channels", .integer(spectra[0].1.count)),
                                     ("min_kernel", .number(minimum)), ("argmin_distance", .integer(argmin)),
                                     ("holds", .bool(minimum >= 0)), ("groups", .array(groups))])
        lines.append(.rule(Rule(.horizontal, at: 0, label: "K = 0")))
        let chart = Chart(title: "Men et al. kernel K(m) = Σ cos(m·θᵢ) — \(name)",
                          subtitle: "sampled at \(points) distances; the minimum is over every m < \(L)",
                          x: Axis("relative distance m"), y: Axis("K(m)"), layers: lines)
        let report = Report(title: "RoPE kernel bound (Men et al. 2024)", summary: summary, table: table,
                            notes: ["The table samples K at \(points) distances; min_kernel is exact over all m < L."],
                            json: json, chart: chart)
        return Outcome(report)
    }

    /// Up to `count` distances spread evenly over 0 … L−1.
    static func sampleDistances(_ L: Int, _ count: Int) -> [Int] {
        guard L > count else { return Array(0..<L) }
        var out = (0..<count).map { Int((Double($0) * Double(L - 1) / Double(count - 1)).rounded()) }
        out = Array(Set(out)).sorted()
        return out
    }
}
