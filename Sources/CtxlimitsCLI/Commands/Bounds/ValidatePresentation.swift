import Charts
import ContextLimits
import Foundation

/// How `validate` shows a ``Validation``: the contradictions first, per bound; then the rank
/// correlation, the rows, and the 2×2 tables.
enum ValidatePresentation {
    static let columns = ["model", "config", "measured_length", "claimed_length", "max_context", "binding_bound", "contradicted"]
        + Bound.allCases.map { "\($0.rawValue)_max_context" }

    /// Bounds with the most contradictions first (then in the usual order).
    static func ordered(_ v: Validation) -> [Validation.Summary] {
        v.summaries.enumerated().sorted { ($0.element.contradicted, -$0.offset) > ($1.element.contradicted, -$1.offset) }.map(\.element)
    }

    static func reachCell(_ m: Int?, horizon: Int) -> Cell { m.map(Cell.integer) ?? .text("> \(horizon)") }

    static func report(_ v: Validation, source: String) -> Report {
        let f = TextTable.formatNumber
        var table = DataTable(columns: columns)
        for row in v.rows {
            table.append([.text(row.measurement.model), .text(row.measurement.config), .integer(row.measurement.measuredLength),
                          row.claimedLength.map(Cell.integer) ?? .empty, reachCell(row.maxContext, horizon: v.horizon),
                          .text(row.bindingBound?.rawValue ?? ""), .text(row.contradicted.map(\.rawValue).joined(separator: " "))]
                         + Bound.allCases.map { reachCell(row.reach[$0].maxContext, horizon: v.horizon) })
        }
        var summary: [(String, String)] = [
            ("measurements", "\(v.rows.count) models, \(source)"),
            ("settings", "ε = \(f(v.settings.epsilon)), \(v.settings.precision.name) angles, \(v.settings.convention.rawValue) convention, kernel read as \(v.settings.kernelReading), horizon \(v.horizon)"),
        ]
        let g = v.gateSummary
        summary.append(("verdict (gate \(g.gate))", "contradicted by \(g.contradicted) of \(g.rows) models"
                        + (g.contradictedRows.isEmpty ? "" : ": " + g.contradictedRows.map { v.rows[$0].measurement.model }.joined(separator: ", "))))
        summary.append(("spearman", "ρ(max_context of the gate, measured length) = " + (g.spearman.map { f($0) } ?? "undefined")
                        + "; baselines: " + v.baselines.map { "\($0.name) " + ($0.spearman.map { f($0) } ?? "undefined") + " (\($0.rows) rows)" }.joined(separator: ", ")))
        for s in ordered(v) {
            let models = s.contradictedRows.map { v.rows[$0].measurement.model }
            let name = s.bound == .kernel ? "kernel (\(v.settings.kernelReading))" : s.bound.rawValue
            summary.append((name, "contradicted by \(s.contradicted) of \(s.rows) models" + (models.isEmpty ? "" : ": " + models.joined(separator: ", "))))
        }
        let o = v.otherKernelReading, otherName = v.settings.kernelReading == .threshold ? "exact" : "threshold"
        summary.append(("kernel (\(otherName))", "contradicted by \(o.contradicted) of \(o.rows) models"
                        + (o.contradictedRows.isEmpty ? "" : ": " + o.contradictedRows.map { v.rows[$0].measurement.model }.joined(separator: ", "))))
        let anyContradicted = v.rows.filter { !$0.contradicted.isEmpty }.count
        summary.append(("any bound", "contradicted by \(anyContradicted) of \(v.rows.count) models"))
        summary.append(("every bound", "ρ(smallest max_context of every bound, measured length) = " + (v.spearmanAllBounds.map { f($0) } ?? "undefined")))
        var notes = [
            "A contradiction: the model was measured effective at a length where the bound, read as a necessary condition, says it cannot work.",
            "Rank correlation per bound (max_context of that bound vs measured length): "
                + v.summaries.map { "\($0.bound.rawValue) " + ($0.spearman.map { f($0) } ?? "undefined") }.joined(separator: ", ")
                + ", kernel (other reading) " + (v.otherKernelReading.spearman.map { f($0) } ?? "undefined") + ".",
            "A theory adds information over the label only where its ρ beats the baselines' (claimed, max_position_embeddings, original).",
            "",
            "2×2 at the claimed length (rows: the bound holds there / fails; columns: measured effective there / not):",
        ]
        for (name, c) in [("the gate", v.gateSummary.contingency), ("every bound", v.contingency)] + v.summaries.map({ ($0.bound.rawValue, $0.contingency) }) {
            notes.append("  \(name.padding(toLength: 13, withPad: " ", startingAt: 0)) holds: \(c.holdsEffective) effective, \(c.holdsNotEffective) not;  fails: \(c.failsEffective) effective, \(c.failsNotEffective) not"
                         + (c.undetermined > 0 ? ";  undetermined \(c.undetermined)" : ""))
        }
        return Report(title: "ctxlimits validate — the bounds against measured effective lengths", summary: summary, table: table,
                      notes: notes, json: json(v, source: source), chart: chart(v))
    }

    static func contingencyJSON(_ c: Validation.Contingency) -> JSONValue {
        .object([("holds_effective", .integer(c.holdsEffective)), ("holds_not_effective", .integer(c.holdsNotEffective)),
                 ("fails_effective", .integer(c.failsEffective)), ("fails_not_effective", .integer(c.failsNotEffective)),
                 ("undetermined", .integer(c.undetermined))])
    }

    static func json(_ v: Validation, source: String) -> JSONValue {
        let rows: [JSONValue] = v.rows.map { row in
            .object([("model", .string(row.measurement.model)), ("config", .string(row.measurement.config)),
                     ("measured_length", .integer(row.measurement.measuredLength)),
                     ("claimed_length", row.claimedLength.map(JSONValue.integer) ?? .null),
                     ("max_context", row.gateReach.map(JSONValue.integer) ?? .null),
                     ("max_context_all_bounds", row.maxContext.map(JSONValue.integer) ?? .null),
                     ("binding_bound", row.bindingBound.map { .string($0.rawValue) } ?? .null),
                     ("contradicted", .array(row.contradicted.map { .string($0.rawValue) })),
                     ("undetermined", .array(row.undetermined.map { .string($0.rawValue) })),
                     ("reach", .object(Bound.allCases.map { ($0.rawValue, row.reach[$0].maxContext.map(JSONValue.integer) ?? .null) })),
                     ("source", .string(row.measurement.source)), ("note", .string(row.measurement.note))])
        }
        func summaryJSON(_ s: Validation.Summary) -> JSONValue {
            .object([("rows", .integer(s.rows)), ("contradicted", .integer(s.contradicted)),
                     ("models", .array(s.contradictedRows.map { .string(v.rows[$0].measurement.model) })),
                     ("contingency", contingencyJSON(s.contingency)), ("spearman", .optional(s.spearman))])
        }
        let g = v.gateSummary
        let summary = JSONValue.object(v.summaries.map { ($0.bound.rawValue, summaryJSON($0)) } + [
            ("kernel_other_reading", summaryJSON(v.otherKernelReading)),
            ("verdict", .object([("gate", .array(g.gate.bounds.map { .string($0.rawValue) })), ("rows", .integer(g.rows)),
                                 ("contradicted", .integer(g.contradicted)),
                                 ("models", .array(g.contradictedRows.map { .string(v.rows[$0].measurement.model) })),
                                 ("contingency", contingencyJSON(g.contingency)), ("spearman", .optional(g.spearman))])),
        ])
        let baselines = JSONValue.object(v.baselines.map { ($0.name, .object([("rows", .integer($0.rows)), ("spearman", .optional($0.spearman))])) })
        return .object([("measurements", .string(source)), ("epsilon", .number(v.settings.epsilon)),
                        ("precision", .string(v.settings.precision.name)), ("convention", .string(v.settings.convention.rawValue)),
                        ("kernel_reading", .string(v.settings.kernelReading.rawValue)),
                        ("horizon", .integer(v.horizon)), ("rows", .array(rows)), ("summary", summary), ("baselines", baselines),
                        ("contingency", contingencyJSON(v.contingency)), ("spearman", .optional(v.spearman)),
                        ("spearman_all_bounds", .optional(v.spearmanAllBounds))])
    }

    /// Predicted max_context against the measured length, log–log, with the identity line; a
    /// reach of 0 (a bound that fails at every length) is drawn on the bottom edge, one beyond
    /// the horizon (or the data) on the top edge. Points are numbered, with a key under the plot
    /// (28 models with long names do not fit as labels).
    static func chart(_ v: Validation) -> Chart {
        let measured = v.rows.map { Double($0.measurement.measuredLength) }
        let finite = v.rows.compactMap(\.gateReach).filter { $0 > 0 }.map(Double.init)
        let contradictsGate = Set(v.gateSummary.contradictedRows)
        let low = (measured.min() ?? 1) / 2, high = (measured.max() ?? 2) * 2
        let floor = min(low, (finite.min() ?? low) / 2), ceiling = max(high, (finite.max() ?? high) * 2)
        var consistent: [ScatterSeries.Item] = [], contradicted: [ScatterSeries.Item] = []
        for (i, row) in v.rows.enumerated() {
            let y = min(ceiling, max(floor, Double(row.gateReach ?? v.horizon)))
            let label = row.measurement.model + (row.contradicted.isEmpty ? "" : " (" + row.contradicted.map(\.rawValue).joined(separator: ", ") + ")")
            let item = ScatterSeries.Item(Point(Double(row.measurement.measuredLength), y), label: label)
            if contradictsGate.contains(i) { contradicted.append(item) } else { consistent.append(item) }
        }
        var chart = Chart(title: "Predicted reach against measured effective length",
                     subtitle: "the gate (\(RichText.literal(v.gateSummary.gate.description)); kernel read as \(v.settings.kernelReading), ε = \(TextTable.formatNumber(v.settings.epsilon)), \(v.settings.precision.name)): the max_{context} check reports; below the diagonal it fails where the model works; in the key, every bound a row contradicts",
                     x: Axis("measured effective length (tokens)", scale: .log10, range: low...high),
                     y: Axis("predicted max_{context} (tokens)", scale: .log10, range: floor...ceiling),
                     layers: [.line(LineSeries("max_{context} = measured length", [Point(low, low), Point(high, high)], color: "#555555", dashed: true)),
                              .scatter(ScatterSeries("consistent with the gate", consistent, color: Palette.verdictGood, radius: 4.5, numbered: true)),
                              .scatter(ScatterSeries("contradicts the gate", contradicted, color: Palette.verdictBad, radius: 5, shape: .triangle, numbered: true))],
                     width: 1000, height: 1000)
        chart.numbering = ModelNumbering.numbering(v.rows.map { row in
            (row.measurement.model + (row.contradicted.isEmpty ? "" : " (" + row.contradicted.map(\.rawValue).joined(separator: ", ") + ")"), row.measurement.config)
        })
        return chart
    }
}
