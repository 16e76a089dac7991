import Charts
import ContextLimits
import Foundation

/// `ctxlimits erasure`: where finite precision makes consecutive positions indistinguishable.
enum ErasureCommand {
    static let spec = CommandSpec(
        name: "erasure",
        summary: "positional erasure: first positions with identical rotations, phase error against float64",
        usage: ["CONFIG --precision P [--context L]", "--base B --head-dim D --context L --precision P [--scaling ...]"],
        options: RotaryOptions.options + [
            .init("context", "L", "positions 0 … L−1 (default for CONFIG: max_position_embeddings); at most 10⁸"),
            .init("precision", "P", "the narrow format (default bf16); fp32 is always simulated too"),
        ],
        maxPositionals: 1,
        details: """
            Variants: angles computed in fp32 (as transformers does); angles in P; fp32 angles cast to P;
            angles reduced mod 2π in fp64 then rounded to P; exact angles with cos/sin rounded to P.
            Closed form (derived here): direct angles first collide in [2^p, 2^(p+1)], p = fraction bits.
            """)

    static let command = Subcommand(spec) { args, _ in try run(args) }

    static func run(_ args: ParsedArguments) throws -> Outcome {
        let precision = try ModelInput.format(args, default: .bf16)
        var context = try args.int("context", minimum: 2, maximum: 100_000_000)
        var name = "parameters"
        var theta: [Double]
        if let specifier = args.positionals.first {
            guard !args.has("base") else { throw UsageError("give either CONFIG or --base/--head-dim, not both") }
            let model = try ModelInput.load(specifier)
            name = model.name
            context = context ?? model.advertisedContext.map { min($0, 100_000_000) }
            theta = try ModelInput.dominantSpectrum(model, sequenceLength: context)
        } else {
            theta = try RotaryOptions.configuration(args).spectrum().inverseFrequencies.filter { $0 > 0 }
        }
        guard let L = context else { throw UsageError("missing required option --context") }
        guard L >= 2 else { throw InputError("--context: need at least 2 positions") }

        var variants: [AngleComputation] = [.direct(.fp32)]
        if precision != .fp32 { variants += [.direct(precision), .cast(compute: .fp32, storage: precision)] }
        variants += [.reduced(precision), .cosSin(precision)]
        let runs = variants.map { PositionalErasure.simulate(inverseFrequencies: theta, context: L, computation: $0) }

        var table = DataTable(columns: ["variant", "channel", "inv_freq", "first_collision", "max_phase_error"])
        for r in runs {
            for k in theta.indices {
                table.append([.text(r.computation.description), .integer(k), .number(theta[k]),
                              r.firstCollision[k].map(Cell.integer) ?? .empty, .number(r.maxPhaseError[k])])
            }
        }
        var summary: [(String, String)] = [("model", name), ("positions", "0 … \(L - 1)"), ("channels", "\(theta.count)")]
        for r in runs {
            let window = r.computation.collisionWindow.map { " (closed form: \(Int($0.lowerBound))…\(Int($0.upperBound)))" } ?? ""
            summary.append((r.computation.description,
                            (r.firstCollisionOverall.map { "first collision at m = \($0), \(r.erasedChannels)/\(theta.count) channels erased" } ?? "no collision below L")
                            + window + "; max phase error \(TextTable.formatNumber(r.maxPhaseError.max() ?? 0)) rad"))
        }
        summary.append(("paper's ceiling", "base < 1/ε_mach: \(TextTable.formatNumber(1 / precision.machineEpsilon)) for \(precision.name), \(TextTable.formatNumber(1 / FloatFormat.fp32.machineEpsilon)) for fp32; effective base here \(TextTable.formatNumber(1 / theta.min()!))"))
        let json = JSONValue.object([
            ("model", .string(name)), ("context_length", .integer(L)), ("precision", .string(precision.name)),
            ("variants", .array(runs.map { r in .object([
                ("variant", .string(r.computation.description)),
                ("first_collision", r.firstCollisionOverall.map(JSONValue.integer) ?? .null),
                ("erased_channels", .integer(r.erasedChannels)),
                ("max_phase_error", .number(r.maxPhaseError.max() ?? 0)),
                ("collision_window", r.computation.collisionWindow.map { .numbers([$0.lowerBound, $0.upperBound]) } ?? .null),
                ("first_collision_per_channel", .array(r.firstCollision.map { $0.map(JSONValue.integer) ?? .null })),
                ("error_growth", .object([("position", .array(r.errorGrowth.map { .integer($0.position) })),
                                          ("max_phase_error", .numbers(r.errorGrowth.map(\.error)))])),
            ]) })),
        ])
        return Outcome(Report(title: "Positional erasure in finite precision", summary: summary, table: table,
                              notes: ["A collision: positions m − 1 and m get bit-identical rotations in that channel."],
                              json: json, chart: chart(name: name, runs: runs, theta: theta, L: L)))
    }

    static func chart(name: String, runs: [ErasureSimulation], theta: [Double], L: Int) -> Chart {
        var layers: [Layer] = []
        for (i, r) in runs.enumerated() {
            layers.append(.line(LineSeries(r.computation.description,
                                           r.errorGrowth.map { Point(Double($0.position), $0.error) }, color: Palette.color(i))))
        }
        // Closed form for direct fp32 angles: |error| ≤ 2u·m·θ_max (m exact, θ and the product rounded).
        let u = FloatFormat.fp32.unitRoundoff, thetaMax = theta.max()!
        let marks = runs[0].errorGrowth.map(\.position)
        layers.append(.line(LineSeries("bound 2u·m·θ_max (fp32)", marks.map { Point(Double($0), 2 * u * Double($0) * thetaMax) },
                                       color: "#777777", dashed: true, width: 1.2)))
        for (i, r) in runs.enumerated() {
            if let c = r.firstCollisionOverall { layers.append(.rule(Rule(.vertical, at: Double(c), label: "collision", color: Palette.color(i)))) }
        }
        // The closed-form window [2^p, 2^(p+1)] of the narrowest direct format, shaded.
        if let window = runs.compactMap({ $0.computation.collisionWindow }).min(by: { $0.lowerBound < $1.lowerBound }),
           window.lowerBound < Double(L) {
            let errors = runs.flatMap { $0.errorGrowth.map(\.error) }.filter { $0 > 0 }
            let (low, high) = ((errors.min() ?? 1e-12) / 2, (errors.max() ?? 1) * 2)
            layers.insert(.band(Band("closed-form collision window", x: [window.lowerBound, min(window.upperBound, Double(L))],
                                     lower: [low, low], upper: [high, high], color: "#999999", opacity: 0.15)), at: 0)
        }
        return Chart(title: "Phase error against float64 — \(name)",
                     subtitle: "running maximum over channels and positions ≤ m; vertical lines: first identical consecutive rotations",
                     x: Axis("position m", scale: .log10), y: Axis("max phase error (rad)", scale: .log10), layers: layers)
    }
}
