import Charts
import ContextLimits
import Foundation

/// `check CONFIG --report` for a model without rotary layers: no RoPE bound applies, so a recurrent
/// model's verdict is Stuffed Mamba's — is it trained longer than the forget threshold of its
/// state? — with its figure and the provenance of every number. Built from the typed results
/// (``RecurrentReport``, ``StateCollapsePrediction``); grey where there is no verdict.
enum RecurrentReportPage {
    /// An integer with groups of three digits set apart by a narrow no-break space ("63 822"), as
    /// the figures write them, which a narrow screen never breaks across lines.
    static func grouped(_ x: Double) -> String {
        let digits = String(Int(x.rounded()).magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append("\u{202F}") }
            out.append(c)
        }
        return (x < 0 ? "−" : "") + out
    }

    static func millions(_ elements: Int) -> String { Notation.compact(Double(elements) / 1e6) + " M elements" }

    static func render(_ input: ModelInput, review: ConfigReview, specifier: String, context: Int?) throws -> String {
        let model = input.model
        var page = HTMLPage(title: "ctxlimits check — \(input.name)")
        let recurrent = model.recurrentLayerCount > 0 ? RecurrentReport(model: model) : nil
        let prediction = recurrent.flatMap { StateCollapsePrediction.forBundled(input.name, report: $0) }
        if let q = prediction {
            let t = q.training
            var detail = ["state N_S = \(millions(q.stateElements)) (SSM or WKV state + d_conv − 1 conv columns); forget threshold T_forget(N_S) = \(grouped(q.forgetLength)) tokens; trained at \(grouped(Double(t.tokens))) tokens"]
            if let alt = t.alternative, let agrees = q.collapsesAtAlternative {
                detail.append("At the other published training length, \(grouped(Double(alt))) tokens, the verdict is \(agrees == q.collapses ? "the same" : "the opposite").")
            }
            detail.append("Stuffed Mamba (Chen et al. 2024): a model learns to forget if and only if T_train > T_forget; one that does not degrades past its training length (state collapse).")
            page.banner(q.collapses ? "Predicted to collapse past its training length of \(grouped(Double(t.tokens))) tokens"
                                    : "Learns to forget: trained at or above its forget threshold",
                        detail: detail, tone: q.collapses ? .bad : .good)
        } else {
            let why = recurrent == nil ? "the model has neither rotary attention layers nor a recurrent state"
                : !(recurrent!.caches.isEmpty) ? "a hybrid: Stuffed Mamba's law was fitted on pure Mamba-2 models"
                : "its training length is not known to this tool (bundled checkpoints only)"
            page.banner("No verdict: no RoPE bound applies", detail: ["No Stuffed Mamba verdict: \(why)."], tone: .neutral)
        }

        page.heading("Model")
        var lines: [(String, String)] = [("model", BoundsPresentation.modelLine(model)),
                                         ("positions", "no rotary attention layers (\(model.positionScheme.rawValue)): no RoPE bound applies")]
        if let r = recurrent {
            let flag = r.extrapolated ? " (beyond the fitted 0 … 12.9 M: extrapolated)" : ""
            lines.append(("recurrent state", "\(grouped(Double(r.stateElements))) elements in \(r.states.count) layers; with the d_conv − 1 conv columns \(grouped(Double(r.stateElementsWithConvolution)))"))
            if !r.caches.isEmpty {
                let L = context ?? model.advertisedContext ?? RecurrentReport.defaultContext
                lines.append(("KV cache at \(grouped(Double(L))) tokens", "\(grouped(Double(r.cacheElements(atContext: L)))) elements in \(r.caches.count) attention layers"))
            }
            if let q = prediction {
                lines.append(("forget threshold", "\(grouped(q.forgetLength)) tokens at the state with conv columns" + flag))
            }
            lines.append(("passkey capacity", "\(grouped(r.passkeyLength)) tokens at the SSM state (Stuffed Mamba's exponential law)" + flag))
            lines.append(("copy bound", "at most \(Notation.compact(r.copyLength)) tokens (Jelassi et al.: state bits over log₂ V)"))
        }
        page.keyValues(lines)

        if let q = prediction {
            page.heading("Figures")
            let (placed, skipped) = try ForgetFigure.placements()
            page.figure(ForgetFigure.chart(placed, skipped: skipped, highlight: input.name),
                        caption: "Stuffed Mamba's forget threshold against state size, with every bundled recurrent checkpoint at its training length; this model ringed (\(q.collapses ? "below the line: predicted to collapse" : "on or above the line")).")

            page.heading("Where each number comes from")
            page.table(["result", "formula or value", "source", "status"], [
                ["forget threshold T_forget", "5.172·N_S[M] − 4.469 thousand tokens, K = 1024 tokens", "Stuffed Mamba fit legend (v1 README fig12, COLM Fig. 11)", "[V] checked against the primary source"],
                ["state size N_S", "SSM/WKV state + (d_conv − 1) conv columns, summed over layers", "state-capacity.md §1.3: reproduces the paper's 4.8 M and 12.9 M", "[R] reconstructed: this tool's reading"],
                ["training length", grouped(Double(q.training.tokens)) + " tokens", q.training.source, "[\(q.training.status.rawValue)] \(q.training.status.meaning)"],
                ["passkey capacity", "4.756·(1.365^N_S[M] − 1) − 0.742 thousand tokens", "Stuffed Mamba fit legend (v1 README fig12)", "[V] checked against the primary source"],
            ])
        }

        page.heading("Lint warnings")
        if review.warnings.isEmpty { page.paragraph("None.") } else {
            page.table(["field", "warning", "rule", "source"], review.warnings.map { [$0.field, $0.message, $0.rule.rawValue, $0.rule.source] }, code: [0, 2])
        }
        page.paragraph("Written by ctxlimits \(Tool.version): ctxlimits check \(specifier) --report FILE.html.", className: "note")
        return page.rendered()
    }
}
