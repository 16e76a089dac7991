import Charts
import ContextLimits
import Foundation

/// `capacity --forget`: Stuffed Mamba's forget threshold against state size, the paper's points,
/// and every bundled recurrent checkpoint at its training length, marked by the law's verdict.
enum ForgetFigure {
    struct Placed {
        let name: String
        let prediction: StateCollapsePrediction
    }

    /// Every bundled pure recurrent checkpoint with a known training length, and the others with
    /// the reason they are not placed.
    static func placements() throws -> (placed: [Placed], skipped: [(String, String)]) {
        var placed: [Placed] = [], skipped: [(String, String)] = []
        for name in ConfigSource.bundledNames {
            let model = try ModelArguments.load(name).model
            let r = RecurrentReport(model: model)
            guard !r.states.isEmpty else { continue }
            if !r.caches.isEmpty { skipped.append((name, "hybrid: attention layers beside the state")); continue }
            guard let p = StateCollapsePrediction.forBundled(name, report: r) else { skipped.append((name, "training length unknown")); continue }
            placed.append(Placed(name: name, prediction: p))
        }
        return (placed, skipped)
    }

    static func report() throws -> Report {
        let (placed, skipped) = try placements()
        var table = DataTable(columns: ["model", "state_elements_with_conv", "training_length", "forget_length", "predicted_to_collapse",
                                        "alternative_training_length", "collapses_at_alternative", "extrapolated", "training_length_source"])
        for p in placed {
            let q = p.prediction
            table.append([.text(p.name), .integer(q.stateElements), .integer(q.training.tokens), .number(q.forgetLength), .bool(q.collapses),
                          q.training.alternative.map(Cell.integer) ?? .empty, q.collapsesAtAlternative.map(Cell.bool) ?? .empty,
                          .bool(q.extrapolated), .text(q.training.source + " [\(q.training.status.rawValue)]")])
        }
        return Report(title: "Stuffed Mamba forget threshold against training length", table: table,
                      notes: ["T_forget = 5.172·N_S[M] − 4.469 thousand tokens (Stuffed Mamba's fit legend [V]); K = 1024 tokens.",
                              "State: SSM/WKV + the d_conv − 1 informative conv columns (reproduces the paper's 4.8 M and 12.9 M)."]
                        + skipped.map { "not placed: \($0.0) (\($0.1))" },
                      json: .object([("models", .records(table)),
                                     ("not_placed", .array(skipped.map { .object([("model", .string($0.0)), ("reason", .string($0.1))]) }))]),
                      chart: chart(placed, skipped: skipped))
    }

    /// The figure; `highlight` rings one checkpoint (the model of a report page).
    static func chart(_ placed: [Placed], skipped: [(String, String)], highlight: String? = nil) -> Chart {
        let laws = StuffedMambaLaws(tokensPerK: 1024)
        let fitted = StuffedMambaLaws.fitRange.upperBound
        let largest = max(fitted, (placed.map { Double($0.prediction.stateElements) / 1e6 }.max() ?? fitted) * 1.15)
        // The law is 0 below 0.864 M (always learns to forget): drawn from where it is positive.
        let xs = (0...200).map { 0.9 * pow(largest / 0.9, Double($0) / 200) }
        func law(_ x: Double) -> Point { Point(x, laws.forgetLength(stateElements: x * 1e6) / 1024) }
        let item = { (p: Placed) in ScatterSeries.Item(Point(Double(p.prediction.stateElements) / 1e6, Double(p.prediction.training.tokens) / 1024), label: p.name) }
        let collapsing = placed.filter { $0.prediction.collapses }, safe = placed.filter { !$0.prediction.collapses }
        var layers: [Layer] = [
            .line(LineSeries("T_{forget} = 5.172x − 4.469 (fitted to 12.9 M)", xs.filter { $0 <= fitted }.map(law), color: "#222222")),
            .line(LineSeries(nil, xs.filter { $0 >= fitted }.map(law), color: "#222222", dashed: true)),
            .scatter(ScatterSeries("paper points (T_{forget} read off the authors' figure)", StuffedMambaLaws.forgetPoints.map { .init(Point($0.0, $0.1)) },
                                   color: "#555555", radius: 5.5, shape: .square, hollow: true)),
        ]
        if !collapsing.isEmpty {
            layers.append(.scatter(ScatterSeries("predicted to collapse: trained below T_{forget}", collapsing.map(item), color: Palette.color(1), radius: 6, shape: .triangle)))
        }
        if !safe.isEmpty {
            layers.append(.scatter(ScatterSeries("not predicted to collapse: trained at or above T_{forget}", safe.map(item), color: Palette.color(2), radius: 6, shape: .circle)))
        }
        if let highlight, let p = placed.first(where: { $0.name == highlight }) {
            layers.append(.scatter(ScatterSeries("this model", [ScatterSeries.Item(item(p).point)], color: "#222222", radius: 11, shape: .circle, hollow: true)))
        }
        layers.append(.rule(Rule(.vertical, at: fitted, label: "largest fitted state")))
        let mamba2Alternative = placed.contains { $0.prediction.training.alternative != nil }
        return Chart(
            title: "Stuffed Mamba: which recurrent checkpoints are trained too short to learn forgetting",
            subtitle: "training length against state size (SSM or WKV state + d_{conv} − 1 conv columns, the paper's x-axis); a checkpoint below the line is predicted to collapse past its training length"
                + (mamba2Alternative ? "; Mamba-2 at 8K as Stuffed Mamba states (2K in Buitrago & Gu 2025: the same verdict)" : "")
                + "; K = 1024 tokens",
            x: Axis("state size x (millions of elements)", scale: .log10), y: Axis("training length (K tokens)", scale: .log10, range: 0.5...400),
            layers: layers, legend: .below, height: 680,
            footnote: skipped.isEmpty ? nil : "Not placed: " + skipped.map { "\($0.0) (\($0.1))" }.joined(separator: "; ") + ".")
    }
}
