import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI

@Suite("ctxlimits locality")
struct LocalityCommandTests {
    /// locality.md §5.4, row d = 128, b = 1e4, m₁ = 1000, m₂ = 100000, ρ = 0.5: P[s(m₁) > s(m₂)] =
    /// 0.65045 (exact, printed to 5 decimals), so the far key wins with 0.34955.
    @Test func pairFormKeys() throws {
        let j = try decodeJSON(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--near", "1000", "--far", "100000", "--format", "json"]).out)
        #expect(isClose(j["inversion_probability"].double, 1 - 0.65045, .absolute(5e-6 + 1e-9)) && j["method"].string == "exact")
        let mc = try decodeJSON(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--near", "1000", "--far", "100000",
                                         "--method", "monte-carlo", "--samples", "20000", "--format", "json"]).out)
        #expect(mc["method"].string == "monte-carlo")
        #expect(isClose(mc["inversion_probability"].double, 0.34955, .standardErrors(4, of: mc["standard_error"].double)))
        let zero = try decodeJSON(runTool(["locality", "--base", "1e4", "--head-dim", "64", "--rho", "0", "--near", "3", "--far", "70000", "--format", "json"]).out)
        #expect(zero["inversion_probability"].double == 0.5)
        let model = runTool(["locality", "llama-3.1-8b", "--rho", "1", "--near", "1", "--far", "2", "--format", "json"])
        #expect(model.code == 0)
        let p = try decodeJSON(model.out)["inversion_probability"].double
        #expect(p < 1e-6)
    }

    @Test func sweeps() throws {
        let csv = runTool(["locality", "--context", "4096", "--bases", "1e4,5e5", "--format", "csv"]).out
        #expect(csv.hasPrefix("base,context_length,position_inversion,position_aliasing,token_inversion,token_inversion_predicted,token_aliasing"))
        #expect(csv.contains("10000.0,1024,0.181316"))       // locality.md §1.8(a): all-ones, b = 1e4, L = 1024
        let base = runTool(["locality", "--context", "2048", "--sweep", "base", "--base-range", "1e3:1e6", "--format", "csv"])
        #expect(base.code == 0 && base.out.split(separator: "\n").count == 14)
        // Uncorrelated content (ρ = 0): D is symmetric, so P = 1/2 exactly at every distance (locality.md §3.3);
        // the far distances are every one of 1 … 100, then round(10^(2 + k/60)), k = 0 … 60: 160 distinct.
        let distance = try decodeJSON(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0", "--sweep", "distance",
                                               "--max-distance", "1000", "--format", "json"]).out)
        #expect(distance["far"].array.count == 160 && distance["inversion_probability"].doubles.allSatisfy { $0 == 0.5 })
    }

    /// The halves protocol carries its normal predictor beside the measured rate (which it tracks:
    /// at L = 2¹⁶ with base 10⁴ the all-ones score's halves are far apart in mean), and --event token
    /// draws the token inversion beside Φ(−μ_D/σ_D).
    @Test func predictorsAndTheTokenFigure() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctxlimits-event-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("t.svg").path
        let halves = try decodeJSON(runTool(["locality", "--context", "4096", "--bases", "1e4", "--protocol", "halves", "--format", "json"]).out)
        for row in halves["rows"].array {
            #expect(abs(row["position_inversion_predicted"].double - row["position_inversion"].double) < 0.15)
        }
        let allPairs = runTool(["locality", "--context", "4096", "--bases", "1e4", "--format", "csv"]).out
        #expect(!allPairs.contains("position_inversion_predicted"))
        #expect(runTool(["locality", "--context", "4096", "--bases", "1e4", "--event", "token", "--svg", svg]).code == 0)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains("Token inversion against context") && text.contains("normal predictor"))
    }

    /// The trade-off annotation: ranges where positions rise and tokens fall (after smoothing, at
    /// least two steps), and where positions overtake tokens.
    @Test func tradeOffRegions() {
        let bases = (0..<8).map { pow(10, Double($0)) }
        let position = [0.5, 0.5, 0.4, 0.35, 0.38, 0.42, 0.46, 0.5], token = [0.5, 0.5, 0.5, 0.48, 0.45, 0.42, 0.39, 0.36]
        let runs = TradeOffRegions.find(bases: bases, position: position, token: token)
        #expect(runs.count == 1 && runs[0].upperBound == 1e7 && runs[0].lowerBound >= 1e3)
        let cross = TradeOffRegions.lastCrossing(bases: bases, position: position, token: token)!
        #expect(cross > 1e4 && cross < 1e6)
        #expect(TradeOffRegions.find(bases: bases, position: token, token: position).isEmpty)
    }

    @Test func badInput() {
        #expect(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "1.5", "--near", "1", "--far", "2"]).code == 1)
        #expect(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--near", "5", "--far", "2"]).code == 1)
        #expect(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--near", "1"]).code == 2)
        #expect(runTool(["locality", "--context", "4096", "--bases", "1e4,abc"]).code == 1)
        #expect(runTool(["locality", "--context", "4096", "--content", "cats"]).code == 1)
        #expect(runTool(["locality", "--context", "1e9"]).code == 1)
        #expect(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--near", "1", "--far", "9", "--method", "guess"]).code == 1)
        // An option that changes nothing in the chosen form is refused.
        #expect(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--near", "1", "--far", "9", "--score-precision", "fp16"]).code == 2)
        #expect(runTool(["locality", "--base", "1e4", "--context", "4096"]).code == 2)
        #expect(runTool(["locality", "--context", "4096", "--rho", "0.5"]).code == 2)
    }
}
