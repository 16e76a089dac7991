import Charts
import ContextLimits
import Foundation

/// `ctxlimits feasibility`: the feasible ("Goldilocks") region of effective bases against context.
enum FeasibilityCommand {
    static let spec = CommandSpec(
        name: "feasibility",
        summary: "feasible base region against context length, per format and depth, with models as points",
        usage: ["--layers N [--epsilon E] [--context-range A:B] [--models DIR] [--head-dim D]"],
        options: [
            .init("layers", "N", "depth N (RoPE layers)"),
            .init("epsilon", "E", "coherence threshold ε (default 0.5)"),
            .init("context-range", "A:B", "contexts on the map (default 1e3:1e8)"),
            .init("models", "DIR", "place the config.json files of DIR on the map (default: the bundled examples)"),
            .init("head-dim", "D", "also give the thresholds as rope_theta of an unscaled spectrum of dimension D"),
            .init("walls", nil, "instead: the precision wall L_wall against depth, per format"),
        ],
        details: """
            Lower bounds (effective base): aliasing L/2π, DC stability L/arccos ε, depth L/arccos(ε^(1/N)).
            Ceilings: 1/ε_mach per format. The region between the depth bound and a ceiling is feasible;
            it closes at the precision wall L_wall = arccos(ε^(1/N))/ε_mach. Models are placed at their
            advertised context and the effective base of their longest-span rotary layers.
            """)

    static let command = Subcommand(spec) { args, _ in
        if args.has("walls") { return Outcome(try wallsReport(args)) }
        return try run(args)
    }

    /// L_wall(ε, N, format) = arccos(ε^{1/N})/ε_mach against N, for ε and each format.
    static func wallsReport(_ args: ParsedArguments) throws -> Report {
        let epsilon = try args.double("epsilon", minimum: 0, exclusiveMinimum: true, maximum: 1) ?? PhaseModulationBounds.defaultEpsilon
        guard epsilon < 1 else { throw InputError("--epsilon: must be below 1") }
        let depths = [1, 2, 4, 8, 12, 16, 24, 32, 40, 48, 61, 64, 80, 96, 126, 128]
        let all: [FloatFormat] = [.fp64, .fp32, .tf32, .bf16, .fp8E4M3]
        var table = DataTable(columns: ["layers"] + all.map { "\($0.name)_wall" })
        for n in depths {
            table.append([.integer(n)] + all.map { .number(PhaseModulationBounds.precisionWall(epsilon: epsilon, layers: n, precision: $0)) })
        }
        let lines: [Layer] = all.enumerated().map { i, f in
            .line(LineSeries(f == .tf32 ? "tf32 / fp16" : f.name,
                             depths.map { Point(Double($0), PhaseModulationBounds.precisionWall(epsilon: epsilon, layers: $0, precision: f)) },
                             color: Palette.color(i)))
        }
        return Report(title: "Precision wall against depth", table: table, notes: BoundsReport.notes,
                      json: .object([("epsilon", .number(epsilon)), ("layers", .array(depths.map(JSONValue.integer))),
                                     ("walls", .object(all.map { f in (f.name, .numbers(depths.map { PhaseModulationBounds.precisionWall(epsilon: epsilon, layers: $0, precision: f) })) }))]),
                      chart: Chart(title: "Precision wall L_wall = arccos(ε^(1/N))/ε_mach (ε = \(TextTable.formatNumber(epsilon)))",
                                   subtitle: "longest context with a non-empty feasible base interval, by the format angles are computed in (reconstruction)",
                                   x: Axis("depth N (RoPE layers)", scale: .log10), y: Axis("context length L (tokens)", scale: .log10),
                                   layers: lines + [.rule(Rule(.horizontal, at: 1_048_576, label: "1M tokens"))]))
    }

    static let formats: [FloatFormat] = [.fp64, .fp32, .fp16, .bf16]

    static func run(_ args: ParsedArguments) throws -> Outcome {
        let layers = try args.requiredInt("layers", minimum: 1, maximum: 100_000)
        let epsilon = try args.double("epsilon", minimum: 0, exclusiveMinimum: true, maximum: 1) ?? PhaseModulationBounds.defaultEpsilon
        guard epsilon < 1 else { throw InputError("--epsilon: must be below 1") }
        let range = try args.range("context-range", minimum: 2, maximum: 1e15) ?? 1e3...1e8
        let headDim = try args.int("head-dim", minimum: 4, maximum: 1 << 16)
        if let d = headDim, d % 2 != 0 { throw InputError("--head-dim: \(d) must be even") }

        var table = DataTable(columns: ["context_length", "aliasing_min_base", "dc_min_base", "depth_min_base"]
            + formats.map { "\($0.name)_max_base" } + (headDim == nil ? [] : ["depth_min_rope_theta"]))
        let contexts = (0...60).map { pow(10, log10(range.lowerBound) + Double($0) / 60 * log10(range.upperBound / range.lowerBound)) }
        var depthLine: [Point] = [], dcLine: [Point] = [], aliasLine: [Point] = []
        for L in contexts {
            let b = PhaseModulationBounds(context: max(1, Int(L.rounded())), layers: layers, epsilon: epsilon)
            var row: [Cell] = [.number(L), .number(b.aliasingMinBase), .number(b.dcMinBase), .number(b.depthMinBase)]
            row += formats.map { .number(1 / $0.machineEpsilon) }
            if let d = headDim { row.append(.number(PhaseModulationBounds.ropeTheta(forEffectiveBase: b.depthMinBase, rotaryDim: d))) }
            table.append(row)
            depthLine.append(Point(L, b.depthMinBase)); dcLine.append(Point(L, b.dcMinBase)); aliasLine.append(Point(L, b.aliasingMinBase))
        }

        var chartLayers: [Layer] = []
        var walls: [(String, JSONValue)] = []
        for (i, f) in formats.enumerated() {
            let ceiling = 1 / f.machineEpsilon
            let wall = PhaseModulationBounds.precisionWall(epsilon: epsilon, layers: layers, precision: f)
            walls.append((f.name, .number(wall)))
            let inside = contexts.filter { $0 < wall }
            guard !inside.isEmpty else { continue }
            let xs = inside + [min(wall, range.upperBound)]
            chartLayers.append(.band(Band("feasible, \(f.name) (wall \(TextTable.formatNumber(wall)))", x: xs,
                                          lower: xs.map { PhaseModulationBounds(context: max(1, Int($0.rounded())), layers: layers, epsilon: epsilon).depthMinBase },
                                          upper: xs.map { _ in ceiling }, color: Palette.color(i), opacity: 0.18)))
        }
        chartLayers.append(.line(LineSeries("depth bound, N = \(layers)", depthLine, color: "#222222")))
        chartLayers.append(.line(LineSeries("DC bound (N = 1)", dcLine, color: "#555555", dashed: true)))
        chartLayers.append(.line(LineSeries("aliasing L/2π", aliasLine, color: "#999999", dashed: true, width: 1.2)))
        for (i, f) in formats.enumerated() {
            chartLayers.append(.rule(Rule(.horizontal, at: 1 / f.machineEpsilon, label: "\(f.name) ceiling 1/ε_mach", color: Palette.color(i))))
        }

        var points: [ScatterSeries.Item] = []
        var modelRows: [JSONValue] = []
        for (name, model) in try models(args.string("models")) {
            guard let context = model.advertisedContext,
                  let report = try? ModelReport(model: model, context: context, epsilon: epsilon),
                  let primary = report.longestSpan else { continue }
            points.append(.init(Point(Double(context), primary.spectrum.effectiveBase), label: name))
            modelRows.append(.object([("model", .string(name)), ("context_length", .integer(context)),
                                      ("effective_base", .number(primary.spectrum.effectiveBase)), ("feasible", .bool(report.feasible))]))
        }
        chartLayers.append(.scatter(ScatterSeries("models at their advertised context", points, color: "#000000", radius: 3)))
        let chart = Chart(title: "Feasible RoPE bases against context (ε = \(TextTable.formatNumber(epsilon)), N = \(layers))",
                          subtitle: "reconstructed phase-modulation bounds (after Liu 2026); bases are effective bases 1/ω_min",
                          x: Axis("context length L", scale: .log10, range: range),
                          y: Axis("effective base 1/ω_min", scale: .log10, range: 1e1...1e17),
                          layers: chartLayers, width: 980, height: 620)
        let json = JSONValue.object([("layers", .integer(layers)), ("epsilon", .number(epsilon)),
                                     ("precision_walls", .object(walls)), ("models", .array(modelRows))])
        return Outcome(Report(title: "Feasible region of the RoPE base",
                              summary: [("depth", "N = \(layers)"), ("ε", TextTable.formatNumber(epsilon)),
                                        ("precision walls", formats.map { "\($0.name) \(TextTable.formatNumber(PhaseModulationBounds.precisionWall(epsilon: epsilon, layers: layers, precision: $0)))" }.joined(separator: ", "))],
                              table: table, notes: BoundsReport.notes, json: json, chart: chart))
    }

    /// The models to place: every config.json (or *.json) under DIR, or the bundled examples.
    static func models(_ directory: String?) throws -> [(String, ModelDescription)] {
        guard let directory else {
            return ConfigSource.bundledNames.compactMap { name in (try? ConfigSource.model(name)).map { (name, $0) } }
        }
        guard let items = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw InputError("--models: cannot read directory \(directory)")
        }
        var out: [(String, ModelDescription)] = []
        for item in items.sorted() {
            let path = (directory as NSString).appendingPathComponent(item)
            if item.hasSuffix(".json") || FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("config.json")) {
                out.append((item.replacingOccurrences(of: ".json", with: ""), try ModelInput.load(path)))
            }
        }
        return out
    }
}
