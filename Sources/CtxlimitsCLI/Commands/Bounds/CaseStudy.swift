import Charts
import ContextLimits
import Foundation

/// `ctxlimits check --all`: every bundled config (or every config of a directory) at its
/// advertised context, one row per model.
enum CaseStudy {
    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        let settings = try Shared.boundSettings(a)
        let request = try a[CheckCommand.context]
        var table = DataTable(columns: ["model", "model_type", "context_length", "layers", "layer_type", "rope_type", "rope_theta", "rotary_dim",
                                        "effective_base", "dc_coherence", "depth_coherence"] + Bound.allCases.map(\.rawValue)
                                        + ["min_kernel", "max_context", "binding_bound", "verdict"])
        var rows: [JSONValue] = []
        var violated = 0
        var feasiblePoints: [ScatterSeries.Item] = [], violatedPoints: [ScatterSeries.Item] = []
        for (name, input) in try ConfigDirectory.inputs(try a[CheckCommand.models]) {
            let model = input.model
            let given = try CheckCommand.resolve(request, input, review: ConfigReview(input))
            guard model.rotaryLayerCount > 0, let L = given ?? model.advertisedContext else {
                table.append([.text(name), .text(model.modelType ?? ""), model.advertisedContext.map(Cell.integer) ?? .empty, .integer(model.layerCount)]
                             + Array(repeating: Cell.empty, count: 15) + [.text("no RoPE layers (\(model.positionScheme.rawValue))")])
                continue
            }
            let prediction = try BoundsCommand.prediction(input, context: L, settings: settings, horizon: try a.value(Shared.horizon)!,
                                                          kernelThreshold: false, call: call)
            let report = prediction.report, reach = prediction.reach
            let g = report.primary, s = g.spectrum.spectrum
            let verdict = report.feasible ? "feasible" : "violated: " + report.violations.map(\.rawValue).joined(separator: ", ")
            if !report.feasible { violated += 1 }
            let point = ScatterSeries.Item(Point(Double(L), s.effectiveBase), label: name)
            if report.feasible { feasiblePoints.append(point) } else { violatedPoints.append(point) }
            table.append([.text(name), .text(model.modelType ?? ""), .integer(L), .integer(report.depth), .text(g.label), .text(s.ropeType.rawValue),
                          .number(g.rotary.base), .integer(s.rotaryDim), .number(s.effectiveBase), .number(g.dcCoherence), .number(g.depthCoherence)]
                         + Bound.allCases.map { .bool(g.holds($0)) }
                         + [.number(g.kernel.value), reach.maxContext.map(Cell.integer) ?? .empty, .text(reach.bindingBound?.rawValue ?? ""), .text(verdict)])
            rows.append(BoundsPresentation.json(prediction, recurrent: nil))
        }
        let f = TextTable.formatNumber
        let summary: [(String, String)] = [("models", "\(table.rows.count)"), ("violating", "\(violated)"),
                                           ("settings", "ε = \(f(settings.epsilon)), \(settings.precision.name) angles, \(settings.convention.rawValue) convention")]
        let contexts = stride(from: 3.0, through: 7.5, by: 0.1).map { pow(10, $0) }
        let depth32 = contexts.map { Point($0, PhaseModulationBounds(context: Int($0), layers: 32, epsilon: settings.epsilon).depthMinBase) }
        let chart = Chart(title: "Case study: bundled configs at their advertised context",
                          subtitle: "this tool's verdicts (ε = \(f(settings.epsilon)), \(settings.precision.name) angles, \(settings.convention.rawValue) convention); the binding layer type of each model",
                          x: Axis("context length L", scale: .log10), y: Axis("effective base 1/ω_min", scale: .log10),
                          layers: [.line(LineSeries("depth bound for N = 32", depth32, color: "#555555", dashed: true)),
                                   .rule(Rule(.horizontal, at: PhaseModulationBounds.precisionCeiling(settings.precision), label: "\(settings.precision.name) ceiling")),
                                   .scatter(ScatterSeries("every bound holds", feasiblePoints, color: Palette.color(2), radius: 4.5)),
                                   .scatter(ScatterSeries("a bound fails", violatedPoints, color: Palette.color(1), radius: 4.5))],
                          width: 900, height: 600)
        return Outcome(Report(title: "Case study: the bundled configs under this tool's conventions", summary: summary, table: table,
                              notes: BoundsPresentation.notes, json: .array(rows), chart: chart),
                       exitCode: violated > 0 ? .boundViolated : .success)
    }
}

/// The configs of a directory (every *.json file and every subdirectory with a config.json), or
/// the bundled examples.
enum ConfigDirectory {
    static func inputs(_ directory: String?) throws -> [(String, ModelInput)] {
        guard let directory else {
            return try ConfigSource.bundledNames.map { ($0, try ModelArguments.load($0)) }
        }
        guard let items = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw InputError("--models: cannot read directory \(directory)")
        }
        var out: [(String, ModelInput)] = []
        for item in items.sorted() {
            let path = (directory as NSString).appendingPathComponent(item)
            if item.hasSuffix(".json") || FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("config.json")) {
                out.append((item.hasSuffix(".json") ? String(item.dropLast(5)) : item, try ModelArguments.load(path)))
            }
        }
        return out
    }
}
