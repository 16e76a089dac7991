import Charts
import ContextLimits
import Foundation

/// `check CONFIG --report FILE.html`: one self-contained page with everything `check` knows about
/// a model — verdict, reach, the per-bound table, lint warnings, what each serving stack derives,
/// the spectrum, kernel, erasure and feasibility figures with the model marked, and where each
/// formula comes from. Presentation only: every number comes from the typed results of
/// ``ReportInputs`` (computed once, in ContextLimits), drawn by the figure commands' own
/// presentation functions; numbers are written as ``TextTable/readableNumber(_:)`` does.
enum CheckReportPage {
    static let option = Option<String>.text("report", "FILE.html", "also write a self-contained HTML page (verdict, bounds, warnings, stacks, figures, provenance)")

    /// The page's one verdict, read once from the typed check result: the banner states it and every
    /// figure that marks the model marks it with this verdict, so that the page cannot contradict itself.
    struct PageVerdict {
        let good: Bool
        let headline: String
        /// The legend of the model's mark in the figures.
        let mark: String

        /// The gate's verdict (``ModelPrediction/holdsUnderGate``), the one `check` exits with.
        init(_ p: ModelPrediction) {
            good = p.holdsUnderGate
            headline = CheckHeadline.verdictText(p)
            let violated = p.gateFailing.map(\.rawValue).joined(separator: ", ")
            mark = good ? "this page's verdict: the gate (\(p.gate)) holds" : "this page's verdict: violated (\(violated))"
        }
    }

    /// The page for a model with rotary layers.
    static func render(_ inputs: ReportInputs, review: ConfigReview, specifier: String) -> String {
        let p = inputs.prediction, input = p.input, r = p.report
        let verdict = PageVerdict(p)
        var page = HTMLPage(title: "ctxlimits check — \(input.name)")
        var detail = [CheckHeadline.reachLine(p)]
        detail += p.measurements.map { "measured: " + CheckHeadline.measurementText($0) }
        detail.append("context L = \(r.context) tokens; ε = \(TextTable.readableNumber(r.settings.epsilon)); angles in \(r.settings.precision.name); \(r.settings.convention.rawValue) convention; kernel read as \(r.settings.kernelReading)")
        if verdict.good { detail.append("The bounds are necessary conditions: that they hold does not predict that the model works at this length.") }
        page.banner(verdict.headline, detail: detail, good: verdict.good)

        page.heading("Model and bounds")
        let recurrent = r.model.recurrentLayerCount > 0 ? RecurrentReport(model: r.model) : nil
        page.keyValues(BoundsPresentation.summary(p, recurrent: recurrent, number: TextTable.readableNumber))
        let table = BoundsPresentation.table(p)
        let holdsColumn = table.columns.firstIndex(of: "holds")!
        let numeric = Set(table.columns.indices.filter { i in table.rows.allSatisfy { row in
            switch row[i] { case .number, .integer, .empty: return true; default: return false } } })
        page.table(table.columns, table.rows.map { $0.map { TextTable.format($0, number: TextTable.readableNumber) } }, numeric: numeric, code: [0],
                   highlight: { table.rows[$0][holdsColumn] == .bool(false) ? "bad" : nil })
        page.paragraph("max_context: the largest context at which the bound still holds; rope_theta_threshold: the smallest (largest, for the precision ceiling) rope_theta that satisfies it with this scaling kept.", className: "note")

        page.heading("Lint warnings")
        if review.warnings.isEmpty {
            page.paragraph("None: the config reads the same in transformers, vLLM and llama.cpp, and every value was given rather than defaulted.")
        } else {
            page.table(["field", "warning", "rule", "source"], review.warnings.map { [$0.field, $0.message, $0.rule.rawValue, $0.rule.source] }, code: [0, 2])
        }

        if let s = review.stacks {
            page.heading("What each serving stack derives")
            func n(_ x: Int?) -> String { x.map(String.init) ?? "—" }
            page.table(["stack", "context (tokens)"], [
                ["transformers 5.24", n(s.transformers)], ["vLLM 0.33 (default max_model_len)", n(s.vllm)],
                ["vLLM 0.33 (largest accepted max_model_len)", n(s.vllmCeiling)], ["vLLM 0.11 (before PR #56446)", n(s.vllmBefore56446)],
                ["llama.cpp", n(s.llamaCpp)],
            ], numeric: [1])
            if s.disagreement { page.paragraph("The stacks disagree: the same config serves different contexts depending on where it runs.") }
        }

        page.heading("Figures")
        for (chart, caption) in figures(inputs, verdict: verdict) { page.figure(chart, caption: caption) }

        page.heading("Where each formula comes from")
        let rows = FormulaProvenance.allCases.map { f in
            [f.result, f.formula, f.source, f.status.map { "[\($0.rawValue)] \($0.meaning)" }.joined(separator: "; "), f.note]
        }
        page.table(["result", "formula", "source", "status", "note"], rows)
        for note in BoundsPresentation.notes { page.paragraph(note, className: "note") }
        page.paragraph("Written by ctxlimits \(Tool.version): ctxlimits check \(specifier) --report FILE.html. The JSON of the same analysis: ctxlimits check \(specifier) --format json.", className: "note")
        return page.rendered()
    }

    /// The spectrum, kernel, erasure and feasibility figures of the model at the checked context,
    /// drawn from the typed results by the same functions as `spectrum`, `kernel` and `erasure`.
    static func figures(_ inputs: ReportInputs, verdict: PageVerdict) -> [(Chart, String)] {
        let p = inputs.prediction, input = p.input, L = p.context
        var out: [(Chart, String)] = []
        if let chart = SpectrumCommand.report(input: input, spectra: p.report.groups.map(\.spectrum), context: L).chart {
            out.append((chart, "Wavelength of every channel after the config's rope scaling, against the unscaled spectrum and the context. Source: transformers' rope formulas [V]."))
        }
        if let chart = KernelCommand.report(input.name, inputs.kernel, points: ReportInputs.kernelPoints).chart {
            out.append((chart, "The Men et al. kernel over every distance m < L: the kernel bound asks K(m) ≥ 0 throughout [S]."))
        }
        if let study = inputs.erasure {
            let positions = study.context
            let capped = positions < L ? " Positions 0 … \(positions - 1) of \(L) (ctxlimits erasure \(input.name) --context \(L) for all)." : ""
            out.append((ErasureCommand.chart(study), "Phase error of five ways of computing the rotation angles, against float64 [D]." + capped))
        }
        out.append((feasibilityChart(p, verdict: verdict), "The feasible region of effective bases at this model's depth (the four phase bounds; the kernel bound is not a region of this map), with each rotary layer type of the model at its span, marked by the page's verdict [S, R]."))
        return out
    }

    /// The feasibility map at the model's depth and ε, the model's layer types marked by the page's
    /// verdict (the banner's), whatever bound decides it.
    static func feasibilityChart(_ p: ModelPrediction, verdict: PageVerdict) -> Chart {
        let r = p.report
        let upper = max(1e8, Double(r.context) * 10)
        let region = FeasibilityCommand.Region(depth: r.depth, epsilon: r.settings.epsilon, range: 1e3...upper)
        let items = r.groups.map { g in
            ScatterSeries.Item(Point(Double(g.span), g.spectrum.spectrum.effectiveBase), label: r.groups.count > 1 ? "\(r.model.name) (\(g.label))" : r.model.name)
        }
        let good = verdict.good ? items : [], bad = verdict.good ? [] : items
        return Chart(title: "Feasible RoPE bases at N = \(r.depth) — \(RichText.literal(r.model.name))",
                     subtitle: "reconstructed phase-modulation bounds (after Liu 2026), ε = \(TextTable.readableNumber(r.settings.epsilon)); the model at its span, effective base 1/ω_{min}",
                     x: Axis("context length L (tokens)", scale: .log10, range: 1e3...upper),
                     y: Axis("effective base 1/ω_{min}", scale: .log10, range: 1e1...1e17),
                     layers: region.layers
                        + (good.isEmpty ? [] : [.scatter(ScatterSeries(verdict.mark, good, color: Palette.verdictGood, radius: 6, shape: .circle))])
                        + (bad.isEmpty ? [] : [.scatter(ScatterSeries(verdict.mark, bad, color: Palette.verdictBad, radius: 6.5, shape: .triangle))]),
                     width: 1000, height: 760, footnote: region.footnote)
    }
}
