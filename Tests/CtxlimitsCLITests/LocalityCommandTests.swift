import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI

@Suite("ctxlimits locality")
struct LocalityCommandTests {
    @Test func pairFormKeys() throws {
        let j = try decodeJSON(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--near", "1000", "--far", "100000", "--format", "json"]).out)
        #expect(abs(j["inversion_probability"].double - (1 - 0.65045)) < 1e-4 && j["method"].string == "exact")
        let mc = try decodeJSON(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--near", "1000", "--far", "100000",
                                         "--method", "monte-carlo", "--samples", "20000", "--format", "json"]).out)
        #expect(mc["method"].string == "monte-carlo" && abs(mc["inversion_probability"].double - 0.34955) < 4 * mc["standard_error"].double)
        let zero = try decodeJSON(runTool(["locality", "--base", "1e4", "--head-dim", "64", "--rho", "0", "--near", "3", "--far", "70000", "--format", "json"]).out)
        #expect(zero["inversion_probability"].double == 0.5)
        let model = runTool(["locality", "llama-3.1-8b", "--rho", "1", "--near", "1", "--far", "2", "--format", "json"])
        #expect(model.code == 0)
        let p = try decodeJSON(model.out)["inversion_probability"].double
        #expect(p < 1e-6)
    }

    @Test func sweeps() throws {
        let csv = runTool(["locality", "--base", "1e4", "--context", "4096", "--bases", "1e4,5e5", "--format", "csv"]).out
        #expect(csv.hasPrefix("base,context_length,position_inversion,position_aliasing,token_inversion,token_aliasing"))
        #expect(csv.contains("10000.0,1024,0.181316"))       // locality.md §1.8(a): all-ones, b = 1e4, L = 1024
        let base = runTool(["locality", "--context", "2048", "--sweep", "base", "--bases", "1e3:1e6", "--format", "csv"])
        #expect(base.code == 0 && base.out.split(separator: "\n").count == 14)
        let distance = runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--sweep", "distance", "--max-distance", "1000", "--format", "json"])
        #expect(distance.code == 0)
    }

    @Test func badInput() {
        #expect(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "1.5", "--near", "1", "--far", "2"]).code == 1)
        #expect(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--near", "5", "--far", "2"]).code == 1)
        #expect(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--near", "1"]).code == 2)
        #expect(runTool(["locality", "--context", "4096", "--bases", "1e4,abc"]).code == 1)
        #expect(runTool(["locality", "--context", "4096", "--content", "cats"]).code == 1)
        #expect(runTool(["locality", "--context", "1e9"]).code == 1)
        #expect(runTool(["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--near", "1", "--far", "9", "--method", "guess"]).code == 1)
    }
}
