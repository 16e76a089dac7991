import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI

func decodeJSON(_ text: String) throws -> Fixture {
    try JSONDecoder().decode(Fixture.self, from: Data(text.utf8))
}

@Suite("check, bounds, kernel, base-bound, decay, extrapolation, erasure, feasibility")
struct AnalysisCommandTests {
    @Test func checkExitCodesAndJSONKeys() throws {
        let bad = runTool(["check", "llama-2-7b", "--format", "json"])
        #expect(bad.code == 3)
        let j = try decodeJSON(bad.out)
        for key in ["context_length", "layers", "epsilon", "precision", "min_inv_freq", "effective_base", "dc_coherence", "depth_coherence", "bounds", "feasible"] {
            #expect(j.optional(key) != nil, "missing \(key)")
        }
        #expect(j["context_length"].int == 4096 && j["layers"].int == 32 && j["precision"].string == "fp32" && j["epsilon"].double == 0.5)
        #expect(j["bounds"]["depth"]["holds"].bool == false && j["bounds"]["aliasing"]["holds"].bool == true)
        #expect(isClose(j["bounds"]["depth"]["min_base"].double, 19_750.4, .absolute(0.05)))   // rope-bounds.md §6.1
        #expect(j["bounds"]["precision"]["max_base"].double == 8_388_608)
        #expect(j["bounds"]["kernel"].optional("holds") != nil && j["feasible"].bool == false)
        #expect(isClose(j["effective_base"].double, 1 / j["min_inv_freq"].double, .tol0))
        let good = runTool(["check", "llama-3-8b"])
        #expect(good.code == 0 && good.out.contains("HOLDS at 8192"))
        // bf16 angles fail the precision bound, which is outside the default gate: exit 0 unless gated.
        #expect(runTool(["check", "llama-3-8b", "--precision", "bf16"]).code == 0)
        #expect(runTool(["check", "llama-3-8b", "--precision", "bf16", "--gate", "precision,kernel"]).code == 3)
    }

    @Test(arguments: ConfigSourceNames.all)
    func everyBundledConfigChecksWithoutError(name: String) {
        let r = runTool(["check", name, "--format", "json"])
        #expect(r.code == 0 || r.code == 3, "\(name): \(r.err)")
        #expect((try? decodeJSON(r.out)) != nil)
    }

    @Test func layerTypesAreReportedSeparately() throws {
        let j = try decodeJSON(runTool(["check", "gemma-3-1b-it", "--format", "json"]).out)
        let groups = j["groups"].array
        #expect(groups.count == 2 && groups.contains { $0["context_length"].int == 512 })
        let scout = try decodeJSON(runTool(["check", "llama-4-scout-17b-16e", "--format", "json"]).out)
        #expect(scout["layers"].int == 36 && scout["groups"].array.count == 1)
    }

    @Test func boundsWithBareParameters() throws {
        let r = runTool(["bounds", "--base", "1e4", "--head-dim", "128", "--layers", "32", "--context", "4096", "--format", "json"])
        #expect(r.code == 0)
        let j = try decodeJSON(r.out)
        #expect(isClose(j["effective_base"].double, pow(1e4, 126.0 / 128), .epsilons(32)))
        #expect(isClose(j["dc_coherence"].double, cos(4096 / pow(1e4, 126.0 / 128)), .epsilons(32)))
        let paper = try decodeJSON(runTool(["bounds", "--base", "1e4", "--head-dim", "128", "--layers", "32", "--context", "4096",
                                            "--convention", "paper", "--epsilon", "0.9", "--format", "json"]).out)
        #expect(isClose(paper["bounds"]["depth"]["min_base"].double, 50_503.3, .absolute(0.05)))   // rope-bounds.md §6.1
        #expect(runTool(["bounds", "--base", "1e4", "--head-dim", "128", "--context", "4096"]).code == 2)
    }

    @Test func kernelAndBaseBound() throws {
        // rope-bounds.md §6.2: at b = 26950, min K over m < 4096 is −0.0325 (4 decimals) at m = 4012.
        let k = try decodeJSON(runTool(["kernel", "--base", "26950", "--head-dim", "128", "--context", "4096", "--format", "json"]).out)
        #expect(isClose(k["min_kernel"].double, -0.0325, .absolute(5e-5)) && k["argmin_distance"].int == 4012 && k["holds"].bool == false)
        #expect(k["first_negative_distance"].int <= 4012)
        let b = try decodeJSON(runTool(["base-bound", "--context", "4096", "--head-dim", "128", "--format", "json"]).out)
        #expect(b["context_length"].int == 4096 && b["head_dim"].int == 128)
        #expect(b["min_base"].double > 26_952 && b["min_base"].double < 26_953 && b.optional("argmin_distance") != nil)
    }

    @Test func decayAndExtrapolation() throws {
        // rope-bounds.md §6.3: U(1) = 31.5382 (4 decimals) and U(0) = (d/2 + 1)/2 = 32.5 for d = 128.
        let d = try decodeJSON(runTool(["decay", "--base", "1e4", "--head-dim", "128", "--max-distance", "250", "--format", "json"]).out)
        #expect(isClose(d["relative_upper_bound"].doubles[1], 31.5382, .absolute(5e-5)) && d["relative_upper_bound"].doubles[0] == 32.5)
        let e = try decodeJSON(runTool(["extrapolation", "--base", "1e6", "--head-dim", "128", "--train-length", "4096", "--format", "json"]).out)
        #expect(e["critical_dimension"].int == 92 && isClose(e["extrapolation_limit"].double, 129_026.8, .absolute(0.05)))   // rope-bounds.md §6.4
    }

    @Test func erasureAndFeasibility() throws {
        let e = try decodeJSON(runTool(["erasure", "--base", "1e4", "--head-dim", "128", "--context", "4096", "--precision", "bf16", "--format", "json"]).out)
        let bf16 = try #require(e["variants"].array.first { $0["variant"].string == "angle in bf16" })
        #expect(bf16["first_collision"].int > 128 && bf16["first_collision"].int <= 257 && bf16["erased_channels"].int == 64)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try BundledExample.text("llama-3.1-8b").write(to: dir.appendingPathComponent("llama.json"), atomically: true, encoding: .utf8)
        let f = runTool(["feasibility", "--layers", "32", "--models", dir.path, "--format", "json"])
        #expect(f.code == 0)
        let j = try decodeJSON(f.out)
        #expect(j["models"].array.count == 1 && isClose(j["precision_walls"]["fp32"].double, 1.740e6, .printed(digits: 4)))   // rope-bounds.md §1.8
        let csv = runTool(["feasibility", "--layers", "32", "--context-range", "1e3:1e6", "--format", "csv"]).out
        #expect(csv.hasPrefix("context_length,aliasing_min_base,dc_min_base,depth_min_base,fp64_max_base"))
    }

    @Test func badInput() {
        #expect(runTool(["check"]).code == 2)
        #expect(runTool(["check", "llama-3-8b", "--epsilon", "1"]).code == 1)
        #expect(runTool(["check", "llama-3-8b", "--epsilon", "nan"]).code == 1)
        #expect(runTool(["check", "llama-3-8b", "--precision", "fp7"]).code == 1)
        #expect(runTool(["check", "llama-3-8b", "--convention", "vibes"]).code == 1)
        #expect(runTool(["check", "llama-3-8b", "--context", "-5"]).code == 1)
        #expect(runTool(["kernel", "--base", "1e4", "--head-dim", "127", "--context", "10"]).code == 1)
        #expect(runTool(["base-bound", "--context", "0", "--head-dim", "128"]).code == 1)
        #expect(runTool(["erasure", "--base", "1e4", "--head-dim", "128", "--context", "1e9"]).code == 1)
        #expect(runTool(["feasibility", "--layers", "32", "--models", "/no/such/dir"]).code == 1)
        #expect(runTool(["bench", "--only", "nothing"]).code == 1)
        let mamba = runTool(["check", "mamba2-130m"])
        #expect(mamba.code == 0 && mamba.out.contains("no RoPE bound applies"))
    }
}
