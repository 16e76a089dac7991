import Charts
import ContextLimits
import Foundation

/// `ctxlimits feasibility`: the feasible ("Goldilocks") region of effective bases against context.
enum FeasibilityCommand {
    static let layers = Shared.layers.described("depth N (RoPE layers)")
    static let contextRange = Option<ClosedRange<Double>>.range("context-range", "contexts on the map", in: .closed(2, 1e15), default: 1e3...1e8)
    static let models = Option<String>.text("models", "DIR", "place the config.json files of DIR on the map", default: nil)
        .withDefault(nil, text: "the bundled examples")
    static let headDim = ModelArguments.headDim.described("also give the thresholds as rope_theta of an unscaled spectrum of this dimension")
    static let walls = Flag("walls", "instead: the precision wall L_wall against depth, per format")

    static let spec = CommandSpec(
        name: "feasibility",
        summary: "feasible base region against context length, per format and depth, with models as points",
        usage: ["--layers N [--epsilon E] [--context-range A:B] [--models DIR] [--head-dim D]", "--walls [--epsilon E]"],
        options: [layers.declaration, Shared.epsilon.declaration, contextRange.declaration, models.declaration, headDim.declaration, walls.declaration],
        details: """
            Lower bounds (effective base): aliasing L/2π, DC stability L/arccos ε, depth L/arccos(ε^(1/N)).
            Ceilings: 1/ε_mach per format. The region between the depth bound and a ceiling is feasible;
            it closes at the precision wall L_wall = arccos(ε^(1/N))/ε_mach. Models are placed at their
            advertised context and the effective base of their longest-span rotary layers.
            """)

    static let command = Subcommand(spec) { call in
        let a = call.arguments
        if a.has(walls) {
            try a.restrict(to: [walls.declaration, Shared.epsilon.declaration], form: "--walls")
            return Outcome(try wallsReport(a))
        }
        return try run(call)
    }

    /// L_wall(ε, N, format) = arccos(ε^{1/N})/ε_mach against N, for ε and each format.
    static func wallsReport(_ a: ParsedArguments) throws -> Report {
        let epsilon = try a.value(Shared.epsilon)!
        let depths = [1, 2, 4, 8, 12, 16, 24, 32, 40, 48, 61, 64, 80, 96, 126, 128]
        let all: [FloatFormat] = [.fp64, .fp32, .tf32, .bf16, .fp8E4M3]
        func wall(_ n: Int, _ f: FloatFormat) -> Double { PhaseModulationBounds.precisionWall(epsilon: epsilon, layers: n, precision: f) }
        var table = DataTable(columns: ["layers"] + all.map { "\($0.name)_wall" })
        for n in depths { table.append([.integer(n)] + all.map { .number(wall(n, $0)) }) }
        let lines: [Layer] = all.map { f in
            .line(LineSeries(f == .tf32 ? "tf32 / fp16" : f.name, depths.map { Point(Double($0), wall($0, f)) }, color: Palette.formatColor(f.name)))
        }
        return Report(title: "Precision wall against depth", table: table, notes: BoundsPresentation.notes,
                      json: .object([("epsilon", .number(epsilon)), ("layers", .array(depths.map(JSONValue.integer))),
                                     ("walls", .object(all.map { f in (f.name, .numbers(depths.map { wall($0, f) })) }))]),
                      chart: Chart(title: "Precision wall L_{wall} = arccos(ε^{1/N})/ε_{mach} (ε = \(TextTable.formatNumber(epsilon)))",
                                   subtitle: "the longest context with a non-empty feasible base interval, for each format in which angles are computed (reconstruction)",
                                   x: Axis("depth N (RoPE layers)", scale: .log10), y: Axis("context length L (tokens)", scale: .log10),
                                   layers: lines + [.rule(Rule(.horizontal, at: 1_048_576, label: "1M tokens"))]))
    }

    static let formats: [FloatFormat] = [.fp64, .fp32, .fp16, .bf16]

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        let depth = try a.required(layers)
        let epsilon = try a.value(Shared.epsilon)!
        let range = try a.value(contextRange)!
        let d = try a[headDim]
        if let d, d % 2 != 0 || d < 4 { throw InputError("--head-dim: \(d) must be even and at least 4") }
        let region = Region(depth: depth, epsilon: epsilon, range: range, headDim: d)
        var chartLayers = region.layers
        let table = region.table, wallValues = region.walls
        func bounds(_ L: Double) -> PhaseModulationBounds { region.bounds(L) }

        var feasible: [ScatterSeries.Item] = [], violated: [ScatterSeries.Item] = []
        var modelRows: [JSONValue] = []
        for (name, input) in try ConfigDirectory.inputs(try a[models]) {
            guard input.model.rotaryLayerCount > 0, let L = input.model.advertisedContext else { continue }
            let report = try BoundsCommand.modelReport(input, context: L, settings: BoundSettings(epsilon: epsilon), call: call)
            let s = report.longestSpan.spectrum.spectrum
            // Drawn at the span its verdict uses (the advertised context, or a chunked or sliding
            // layer type's span when that is the longest), so that its position and colour agree.
            let span = report.longestSpan.span
            let item = ScatterSeries.Item(Point(Double(span), s.effectiveBase), label: name)
            // The phase bounds at this figure's depth N decide the verdict drawn (the kernel is not part of this figure).
            let phaseOK = s.effectiveBase >= bounds(Double(report.longestSpan.span)).depthMinBase
                && s.effectiveBase < PhaseModulationBounds.precisionCeiling(.fp32)
            if phaseOK { feasible.append(item) } else { violated.append(item) }
            modelRows.append(.object([("model", .string(name)), ("context_length", .integer(L)), ("span", .integer(span)),
                                      ("effective_base", .number(s.effectiveBase)), ("feasible", .bool(report.feasible))]))
        }
        chartLayers.append(.scatter(ScatterSeries("inside the fp32 region at N = \(depth)", feasible, color: Palette.verdictGood, radius: 4.5, shape: .circle, numbered: true)))
        chartLayers.append(.scatter(ScatterSeries("outside it", violated, color: Palette.verdictBad, radius: 5, shape: .triangle, numbered: true)))
        var chart = Chart(title: "Feasible RoPE bases against context (ε = \(TextTable.formatNumber(epsilon)), N = \(depth))",
                          subtitle: "reconstructed phase-modulation bounds (after Liu 2026); bases are effective bases 1/ω_{min}; bundled models at the span their verdict uses (the advertised context unless their longest layer type is chunked or sliding)",
                          x: Axis("context length L (tokens)", scale: .log10, range: range),
                          y: Axis("effective base 1/ω_{min}", scale: .log10, range: 1e1...1e17),
                          layers: chartLayers, width: 1000, height: 1200,
                          footnote: region.footnote)
        chart.numbering = ModelNumbering.numbering((feasible + violated).compactMap(\.label).map { ($0, $0) })
        let json = JSONValue.object([("layers", .integer(depth)), ("epsilon", .number(epsilon)),
                                     ("precision_walls", .object(wallValues)), ("models", .array(modelRows))])
        let walls = formats.map { "\($0.name) \(TextTable.formatNumber(PhaseModulationBounds.precisionWall(epsilon: epsilon, layers: depth, precision: $0)))" }
        return Outcome(Report(title: "Feasible region of the RoPE base",
                              summary: [("depth", "N = \(depth)"), ("ε", TextTable.formatNumber(epsilon)), ("precision walls", walls.joined(separator: ", "))],
                              table: table, notes: BoundsPresentation.notes, json: json, chart: chart))
    }

    /// The map without models: the three lower bounds, the ceilings and the non-overlapping
    /// feasible bands per format, over `range` (61 contexts, log-spaced).
    struct Region {
        let depth: Int, epsilon: Double
        var layers: [Layer] = []
        var table: DataTable
        var walls: [(String, JSONValue)] = []
        var formatsWithoutBand: [String] = []

        func bounds(_ L: Double) -> PhaseModulationBounds { PhaseModulationBounds(context: max(1, Int(L.rounded())), layers: depth, epsilon: epsilon) }

        init(depth: Int, epsilon: Double, range: ClosedRange<Double>, headDim d: Int? = nil) {
            self.depth = depth
            self.epsilon = epsilon
            table = DataTable(columns: ["context_length", "aliasing_min_base", "dc_min_base", "depth_min_base"]
                + formats.map { "\($0.name)_max_base" } + (d == nil ? [] : ["depth_min_rope_theta"]))
            let contexts = (0...60).map { pow(10, log10(range.lowerBound) + Double($0) / 60 * log10(range.upperBound / range.lowerBound)) }
            var depthLine: [Point] = [], dcLine: [Point] = [], aliasLine: [Point] = []
            for L in contexts {
                let b = PhaseModulationBounds(context: max(1, Int(L.rounded())), layers: depth, epsilon: epsilon)
                var row: [Cell] = [.number(L), .number(b.aliasingMinBase), .number(b.dcMinBase), .number(b.depthMinBase)]
                row += formats.map { .number(PhaseModulationBounds.precisionCeiling($0)) }
                if let d { row.append(.number(PhaseModulationBounds.ropeTheta(forEffectiveBase: b.depthMinBase, rotaryDim: d))) }
                table.append(row)
                depthLine.append(Point(L, b.depthMinBase)); dcLine.append(Point(L, b.dcMinBase)); aliasLine.append(Point(L, b.aliasingMinBase))
            }
            // Feasible bands that do not overlap, so each shows its own colour: a format's band runs from
            // the depth bound up to its ceiling, above the next narrower format's ceiling.
            let ascending = formats.sorted { PhaseModulationBounds.precisionCeiling($0) < PhaseModulationBounds.precisionCeiling($1) }
            var floorCeiling = 0.0
            for f in ascending {
                let ceiling = PhaseModulationBounds.precisionCeiling(f)
                let wall = PhaseModulationBounds.precisionWall(epsilon: epsilon, layers: depth, precision: f)
                walls.append((f.name, .number(wall)))
                let inside = contexts.filter { $0 < wall }
                defer { floorCeiling = max(floorCeiling, ceiling) }
                guard !inside.isEmpty else { formatsWithoutBand.append(f.name); continue }
                let xs = inside + [min(wall, range.upperBound)]
                // the wall is the largest L with a non-empty band
                let name = floorCeiling == 0 ? "feasible in \(f.name), L ≤ \(Notation.compact(wall))"
                                             : "feasible in \(f.name) only, L ≤ \(Notation.compact(wall))"
                let floor = floorCeiling
                layers.append(.band(Band(name, x: xs, lower: xs.map { max(PhaseModulationBounds(context: max(1, Int($0.rounded())), layers: depth, epsilon: epsilon).depthMinBase, floor) },
                                         upper: xs.map { _ in ceiling }, color: Palette.formatColor(f.name), opacity: 0.3)))
            }
            layers.append(.line(LineSeries("depth bound, N = \(depth)", depthLine, color: "#222222")))
            layers.append(.line(LineSeries("DC bound (N = 1)", dcLine, color: "#555555", dashed: true)))
            layers.append(.line(LineSeries("aliasing L/2π", aliasLine, color: "#999999", dashed: true, width: 1.2)))
            for f in formats {
                layers.append(.rule(Rule(.horizontal, at: PhaseModulationBounds.precisionCeiling(f), label: "\(f.name) ceiling 1/ε_{mach}", color: Palette.formatColor(f.name))))
            }
        }

        var footnote: String? {
            formatsWithoutBand.isEmpty ? nil : "No feasible band in \(formatsWithoutBand.joined(separator: ", ")): their ceilings lie below the depth bound at every context shown."
        }
    }
}
