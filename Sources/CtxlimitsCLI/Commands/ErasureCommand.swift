import Charts
import ContextLimits
import Foundation

/// `ctxlimits erasure`: where finite precision makes consecutive positions indistinguishable.
enum ErasureCommand {
    static let maxPositions = 100_000_000
    /// The most angles one run computes (variants × positions × channels): 2^35, about a minute
    /// (5 variants × 10⁸ positions × 64 channels took 75 s on two loaded cores).
    static let maxAngles = 1 << 35
    static let context = Option<Int>.integer("context", "L", "positions 0 … L−1", in: 2...maxPositions, defaultText: "the config's max_position_embeddings, at most 10⁸")
    static let precision = Shared.precision.withDefault(.bf16, text: "bf16").described("the narrow format in which angles are computed (fp32 is always simulated too)")

    static let spec = CommandSpec(
        name: "erasure",
        summary: "positional erasure: first positions with identical rotations, phase error against float64",
        usage: ["CONFIG [--precision P] [--context L]", "--base B --head-dim D --context L [--precision P] [--scaling ...]"],
        options: ModelArguments.rotaryOptions + [context.declaration, precision.declaration],
        maxPositionals: 1,
        details: """
            Variants: angles computed in fp32 (as transformers does); angles in P; fp32 angles cast to P;
            angles reduced mod 2π in fp64 then rounded to P; exact angles with cos/sin rounded to P.
            Closed form (derived here): direct angles first collide in [2^p, 2^(p+1)], p = fraction bits.
            With CONFIG the spectrum of the layer type most layers use, at L.
            """)

    static let command = Subcommand(spec) { try run($0) }

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        let format = try a.value(precision)!
        let input = try ModelArguments.input(a, context: try a[context])
        let L: Int
        if let given = try a[context] { L = given } else if let advertised = input.model.advertisedContext {
            L = min(max(advertised, 2), maxPositions)
        } else { throw UsageError("missing required option --context") }
        let group = try ModelArguments.dominantSpectrum(input, atContext: L)
        let channels = group.spectrum.rotatedInverseFrequencies.count, variants = ErasureStudy.computations(format).count
        let angles = ErasureStudy.angleCount(channels: channels, context: L, format: format)
        guard angles <= Double(Self.maxAngles) else {
            let source = a.has(Self.context) ? "--context \(L)" : "\(input.name)'s context \(L)"
            throw InputError("\(source) × \(channels) channels × \(variants) variants is \(Numbers.text(angles)) angles, above the "
                             + "\(Numbers.size(Self.maxAngles)) one run computes (about a minute): lower --context or the head dimension")
        }
        let study = try call.withProgress("erasure, \(variants) variants × \(L) positions") { sink throws(Interrupted) in
            try ErasureStudy(model: input.name, group: group, context: L, format: format, progress: sink)
        }
        return Outcome(report(study))
    }

    /// The report of an erasure study: the summary, the per-channel table, the JSON and the figure
    /// (the figure is also the report page's). Presentation only.
    static func report(_ study: ErasureStudy) -> Report {
        let runs = study.runs, theta = study.inverseFrequencies, group = study.group, format = study.format, L = study.context
        var table = DataTable(columns: ["variant", "channel", "inv_freq", "first_collision", "max_phase_error"])
        for r in runs {
            for k in theta.indices {
                table.append([.text(r.computation.description), .integer(k), .number(theta[k]),
                              r.firstCollision[k].map(Cell.integer) ?? .empty, .number(r.maxPhaseError[k])])
            }
        }
        let f = TextTable.formatNumber
        var summary: [(String, String)] = [("model", study.model), ("positions", "0 … \(L - 1)"), ("channels", "\(theta.count)")]
        for r in runs {
            let window = r.computation.collisionWindow.map { " (closed form: \(Int($0.lowerBound))…\(Int($0.upperBound)))" } ?? ""
            summary.append((r.computation.description,
                            (r.firstCollisionOverall.map { "first collision at m = \($0), \(r.erasedChannels)/\(theta.count) channels erased" } ?? "no collision below L")
                            + window + "; max phase error \(f(r.maxPhaseError.max() ?? 0)) rad"))
        }
        summary.append(("paper's ceiling", "base < 1/ε_mach: \(f(PhaseModulationBounds.precisionCeiling(format))) for \(format.name), \(f(PhaseModulationBounds.precisionCeiling(.fp32))) for fp32; effective base here \(f(group.spectrum.effectiveBase))"))
        let json = JSONValue.object([
            ("model", .string(study.model)), ("context_length", .integer(L)), ("precision", .string(format.name)),
            ("layer_type", .string(group.label)), ("rope_type", .string(group.spectrum.ropeType.rawValue)),
            ("min_inv_freq", .number(group.spectrum.minInverseFrequency)), ("effective_base", .number(group.spectrum.effectiveBase)),
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
        return Report(title: "Positional erasure in finite precision", summary: summary, table: table,
                      notes: ["A collision: positions m − 1 and m get bit-identical rotations in that channel."],
                      json: json, chart: chart(study))
    }

    /// The phase error of every variant against position, with the closed-form collision window.
    static func chart(_ study: ErasureStudy) -> Chart {
        let runs = study.runs, theta = study.inverseFrequencies, L = study.context, format = study.format
        var layers: [Layer] = []
        // Colour: the format the angle m·θ is computed in, as in every figure (fp64 for the
        // reduction, black for the exact angle); a cast is dashed. Shapes as well, so that the
        // variants stay apart where they overlap.
        for r in runs {
            let style: (color: String, dashed: Bool, marker: MarkerShape?)
            switch r.computation {
            case let .direct(f): style = (Palette.formatColor(f.name), false, f == .fp32 ? nil : .circle)
            case let .cast(c, _): style = (Palette.formatColor(c.name), true, .square)
            case .reduced: style = (Palette.formatColor(FloatFormat.fp64.name), false, .triangle)
            case .cosSin: style = ("#000000", false, .diamond)
            }
            layers.append(.line(LineSeries(r.computation.description, r.errorGrowth.map { Point(Double($0.position), $0.error) },
                                           color: style.color, dashed: style.dashed, marker: style.marker)))
        }
        let marks = runs[0].errorGrowth.map(\.position), thetaMax = theta.max()!
        let direct = AngleComputation.direct(.fp32)
        layers.append(.line(LineSeries("bound 2u·m·θ_{max} (fp32)", marks.map { Point(Double($0), direct.phaseErrorBound(position: Double($0), maxInverseFrequency: thetaMax)!) },
                                       color: "#777777", dashed: true, width: 1.2)))
        layers.append(.rule(Rule(.horizontal, at: .pi, label: "π: the phase carries no position", color: "#222222")))
        // One rule for the first collisions of all variants (they fall within a few positions).
        let collisions = runs.compactMap(\.firstCollisionOverall)
        var collisionNote = "no two consecutive positions rotate identically in any variant"
        if let first = collisions.min(), let last = collisions.max() {
            let free = runs.filter { $0.firstCollisionOverall == nil }.map(\.computation.description)
            let range = first == last ? "m = \(first)" : "m = \(first)–\(last)"
            layers.append(.rule(Rule(.vertical, at: Double(first), label: "collisions from \(range)", color: "#444444")))
            collisionNote = "dotted vertical line: first identical consecutive rotations (\(collisions.count) of \(runs.count) variants, \(range))"
                + (free.isEmpty ? "" : "; none for \(free.joined(separator: ", "))")
        }
        // The closed-form window [2^p, 2^(p+1)] of the narrowest direct format, shaded over the full height.
        if let window = runs.compactMap({ $0.computation.collisionWindow }).min(by: { $0.lowerBound < $1.lowerBound }),
           window.lowerBound < Double(L) {
            layers.insert(.band(Band("closed-form collision window [2^p, 2^{p+1}]", x: [window.lowerBound, min(window.upperBound, Double(L))],
                                     lower: [1e-300, 1e-300], upper: [1e300, 1e300], color: "#999999", opacity: 0.18)), at: 0)
        }
        let errors = runs.flatMap { $0.errorGrowth.map(\.error) }.filter { $0 > 0 }
        return Chart(title: "Phase error against float64 in \(format.name) — \(RichText.literal(study.model))",
                     subtitle: "running maximum over channels and positions ≤ m, for five ways of computing the angles; " + collisionNote,
                     x: Axis("position m", scale: .log10, range: 1...Double(L)),
                     y: Axis("max phase error (rad)", scale: .log10, range: (errors.min() ?? 1e-12) / 2...max(errors.max() ?? 1, .pi) * 3),
                     layers: layers)
    }
}
