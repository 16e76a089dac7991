import ContextLimits
import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI

/// The report page is built from typed results computed once (``ReportInputs``) and drawn by the
/// commands' own presentation functions: its numbers are the commands' numbers, written readably.
@Suite("check --report: typed results, readable numbers")
struct ReportInputsTests {
    /// llama-3.1-8b at 4096 tokens: small enough to simulate every position on the page.
    static func inputs(_ name: String = "llama-3.1-8b", context: Int = 4096) throws -> ReportInputs {
        let prediction = try ModelPrediction(input: try ModelInput.load(name), context: context, kernelThreshold: false)
        return try ReportInputs(prediction: prediction)
    }

    /// The page's erasure study is the one `ctxlimits erasure` computes for the same input: every
    /// variant's collisions, erased channels, phase errors and error growth agree exactly.
    @Test func erasureOfThePageIsTheErasureCommands() throws {
        let study = try #require(try Self.inputs().erasure)
        #expect(study.context == 4096 && study.format == .bf16 && study.model == "llama-3.1-8b")
        let json = try decodeJSON(runTool(["erasure", "llama-3.1-8b", "--context", "4096", "--precision", "bf16", "--format", "json"]).out)
        #expect(json["effective_base"].double == study.group.spectrum.effectiveBase && json["layer_type"].string == study.group.label)
        let variants = json["variants"].array
        #expect(variants.count == study.runs.count && study.runs.count == 5)
        for (v, run) in zip(variants, study.runs) {
            #expect(v["variant"].string == run.computation.description)
            #expect(v.optional("first_collision")?.int == run.firstCollisionOverall)
            #expect(v["erased_channels"].int == run.erasedChannels)
            #expect(v["max_phase_error"].double == run.maxPhaseError.max())
            #expect(v["first_collision_per_channel"].array.map { $0 == .null ? nil : $0.int } == run.firstCollision)
            #expect(v["error_growth"]["position"].array.map(\.int) == run.errorGrowth.map(\.position))
            #expect(v["error_growth"]["max_phase_error"].doubles == run.errorGrowth.map(\.error))
        }
        // The page draws the erasure figure with the command's chart function, so the figure's
        // collision note is the study's.
        let page = ErasureCommand.report(study).chart!
        #expect(ErasureCommand.chart(study).subtitle == page.subtitle)
    }

    /// The page's kernel study keeps the check's own minima and finds the same first negative
    /// distance as `ctxlimits kernel`.
    @Test func kernelOfThePageIsTheChecksAndTheKernelCommands() throws {
        let inputs = try Self.inputs()
        let groups = inputs.prediction.report.groups
        #expect(inputs.kernel.groups.map(\.minimum) == groups.map(\.kernel))
        let json = try decodeJSON(runTool(["kernel", "llama-3.1-8b", "--context", "4096", "--format", "json"]).out)
        let g = inputs.kernel.groups[0]
        #expect(json["min_kernel"].double == g.minimum.value && json["argmin_distance"].int == g.minimum.argmin)
        #expect(json.optional("first_negative_distance")?.int == g.firstNegative)
        let envelope = try #require(g.envelope)
        #expect(envelope.first?.start == 0 && envelope.count <= KernelStudy.envelopeBins && envelope.count > KernelStudy.envelopeBins / 2)
        #expect(g.samples.count == ReportInputs.kernelPoints && g.samples.last?.distance == 4095)
    }

    /// Above 2^20 tokens the page simulates the first 2^20 positions of the spectrum at the checked
    /// context (the spectrum the bounds use).
    @Test func erasureIsCappedOnLongContexts() throws {
        let inputs = try Self.inputs(context: 131_072 * 16)
        let study = try #require(inputs.erasure)
        #expect(study.context == ReportInputs.erasurePositions)
        #expect(study.group == GroupSpectrum.dominant(inputs.prediction.report.groups.map(\.spectrum)))
    }

    @Test func readableNumbers() {
        #expect(TextTable.readableNumber(FloatFormat.fp32.machineEpsilon) == "1.19·10⁻⁷")
        #expect(TextTable.readableNumber(9.33993e14) == "9.34·10¹⁴")
        #expect(TextTable.readableNumber(1.08041e7) == "1.08·10⁷")
        #expect(TextTable.readableNumber(-6.82984e-5) == "−6.83·10⁻⁵")
        #expect(TextTable.readableNumber(1_739_697) == "1739697" && TextTable.readableNumber(0.5) == "0.5" && TextTable.readableNumber(0) == "0")
    }

    /// No number on a report page is written as printf writes it (1.19209e-07, 1.03531e+15): not in
    /// the banner, the summary, the tables or the figures, for models with one and several layer
    /// types, a hybrid, and a recurrent model without RoPE.
    @Test func noPrintfNumbersOnThePages() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let printf = try Regex(#"\d\.\d+e[+-]\d\d"#)
        for model in ["llama-3.1-8b", "gemma-3-27b-it", "deepseek-v3", "falcon-h1-0.5b", "mamba2-370m"] {
            let path = dir.appendingPathComponent("\(model).html").path
            let r = runTool(["check", model, "--context", "8192", "--report", path])
            #expect(r.code == 0 || r.code == 3, "\(model): \(r.err)")
            let html = try String(contentsOfFile: path, encoding: .utf8)
            let found = html.matches(of: printf).map { String(html[$0.range]) }
            #expect(found.isEmpty, "\(model): \(Set(found))")
        }
    }
}
