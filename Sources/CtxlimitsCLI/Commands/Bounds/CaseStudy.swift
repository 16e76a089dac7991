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
        let leading = ["model", "model_type", "context_length", "layers"]
        var table = DataTable(columns: leading + ["layer_type", "rope_type", "rope_theta", "rotary_dim",
                                        "effective_base", "dc_coherence", "depth_coherence"] + Bound.allCases.map(\.rawValue)
                                        + ["min_kernel", "max_context", "binding_bound", "gate_max_context", "verdict"])
        let gate = try a.value(Shared.gate)!
        var rows: [JSONValue] = []
        var violated = 0
        var feasiblePoints: [ScatterSeries.Item] = [], violatedPoints: [ScatterSeries.Item] = [], undeterminedPoints: [ScatterSeries.Item] = []
        var zeroReach: [String] = [], withoutRoPE: [String] = []
        let inputs = try ConfigDirectory.inputs(try a[CheckCommand.models])
        let horizon = try a.value(Shared.horizon)!
        // The context each model is checked at (nil: no rotary layers), then the models in parallel.
        let contexts = try inputs.map { _, input -> Int? in
            let given = try CheckCommand.resolve(request, input, review: ConfigReview(input))
            return input.model.rotaryLayerCount > 0 ? given ?? input.model.advertisedContext : nil
        }
        let predictions = try call.withProgress("check --all") { sink in
            let done = WorkCounter(total: Double(inputs.count), sink: sink)
            // Each model's own progress is not shown (models finish out of order), only stopping.
            let quiet = ProgressSink(report: { _ in }, isCancelled: sink.isCancelled)
            return try Parallel.map(inputs.count) { i -> ModelPrediction? in
                let prediction = try contexts[i].map { L in
                    try BoundsCommand.prediction(inputs[i].1, context: L, settings: settings, horizon: horizon, kernelThreshold: false, gate: gate, progress: quiet)
                }
                try done.advance()
                return prediction
            }
        }
        for (i, (name, input)) in inputs.enumerated() {
            let model = input.model
            guard let prediction = predictions[i], let L = contexts[i] else {
                withoutRoPE.append(name)
                table.append([.text(name), .text(model.modelType ?? ""), model.advertisedContext.map(Cell.integer) ?? .empty, .integer(model.layerCount)]
                             + Array(repeating: Cell.empty, count: table.columns.count - leading.count - 1) + [.text("no RoPE layers (\(model.positionScheme.rawValue))")])
                continue
            }
            let report = prediction.report, reach = prediction.reach
            let g = report.primary, s = g.spectrum.spectrum
            let undetermined = gate.bounds.filter { prediction.verdict($0) == .undetermined }
            let verdict = !prediction.holdsUnderGate ? "violated: " + prediction.gateFailing.map(\.rawValue).joined(separator: ", ")
                : undetermined.isEmpty ? "holds (gate: \(gate))"
                : "undetermined: " + undetermined.map(\.rawValue).joined(separator: ", ") + " (the search stopped at its work limit)"
            if !prediction.holdsUnderGate { violated += 1 }
            let primary = report.groups.firstIndex { $0.label == g.label } ?? 0
            // How far each config goes against what it advertises: verdict "feasible" is exactly
            // max_context ≥ L (every bound holds at every context up to L), so the diagonal splits them.
            let gateReach = prediction.gateReach?.maxContext
            let reachY = Double(gateReach ?? reach.horizon)
            let point = ScatterSeries.Item(Point(Double(L), max(reachY, 1)), label: name)
            if !prediction.holdsUnderGate { violatedPoints.append(point) } else if undetermined.isEmpty { feasiblePoints.append(point) } else { undeterminedPoints.append(point) }
            if gateReach == 0 { zeroReach.append(name) }
            table.append([.text(name), .text(model.modelType ?? ""), .integer(L), .integer(report.depth), .text(g.label), .text(s.ropeType.rawValue),
                          .number(g.rotary.base), .integer(s.rotaryDim), .number(s.effectiveBase), .number(g.dcCoherence), .number(g.depthCoherence)]
                         + Bound.allCases.map { .bool(prediction.verdict($0, group: primary) != .fails) }
                         + [.number(g.kernel.value), reach.maxContext.map(Cell.integer) ?? .empty, .text(reach.bindingBound?.rawValue ?? ""),
                            gateReach.map(Cell.integer) ?? .empty, .text(verdict)])
            rows.append(BoundsPresentation.json(prediction, recurrent: nil))
        }
        let f = TextTable.formatNumber
        let summary: [(String, String)] = [("models", "\(table.rows.count)"), ("violating", "\(violated)"),
                                           ("settings", "gate \(gate), kernel read as \(settings.kernelReading), ε = \(f(settings.epsilon)), \(settings.precision.name) angles, \(settings.convention.rawValue) convention")]
        // A reach of 0 is drawn on the bottom edge of the axis.
        let all = (feasiblePoints + violatedPoints + undeterminedPoints).map(\.point)
        let xs = all.map(\.x), reaches = all.map(\.y).filter { $0 > 1 }
        let low = min(xs.min() ?? 1, reaches.min() ?? 1) / 2, high = max(xs.max() ?? 2, reaches.max() ?? 2) * 2
        func edge(_ items: [ScatterSeries.Item]) -> [ScatterSeries.Item] {
            items.map { var i = $0; if i.point.y <= 1 { i.point.y = low }; return i }
        }
        feasiblePoints = edge(feasiblePoints); violatedPoints = edge(violatedPoints); undeterminedPoints = edge(undeterminedPoints)
        var chart = Chart(title: "Case study: how far each bundled config goes",
                          subtitle: "gate \(RichText.literal(gate.description)) (kernel read as \(settings.kernelReading)), ε = \(f(settings.epsilon)), \(settings.precision.name), \(settings.convention.rawValue) convention; below the diagonal a gated bound fails before the advertised length; reach 0 at the bottom",
                          x: Axis("advertised context L (tokens)", scale: .log10, range: low...high),
                          y: Axis("max_{context} of the gate: its bounds hold up to it (tokens)", scale: .log10, range: low...high),
                          layers: [.line(LineSeries("max_{context} = L", [Point(low, low), Point(high, high)], color: "#555555", dashed: true)),
                                   .scatter(ScatterSeries("the gate holds at L", feasiblePoints, color: Palette.verdictGood, radius: 4.5, numbered: true)),
                                   .scatter(ScatterSeries("a gated bound fails below L", violatedPoints, color: Palette.verdictBad, radius: 5, shape: .triangle, numbered: true))]
                                   + (undeterminedPoints.isEmpty ? [] : [.scatter(ScatterSeries("undetermined at L", undeterminedPoints, color: "#777777", radius: 5, shape: .square, hollow: true, numbered: true))]),
                          width: 1000, height: 1300,
                          footnote: "Without rotary layers (not drawn): " + withoutRoPE.joined(separator: ", ") + ".")
        chart.numbering = ModelNumbering.numbering((feasiblePoints + violatedPoints + undeterminedPoints).compactMap(\.label).map { ($0, $0) })
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
