import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI

/// `check`'s answer in the user's terms: the measured lengths of this config, each bound's reach with
/// its reading, the gate that decides the verdict, and Liu (2026)'s case-study settings.
@Suite("check: measurements in front, readings, the gate")
struct CheckVerdictTests {
    static func bundledConfig(_ name: String) throws -> String {
        try String(contentsOf: ConfigSourcesTests.repository.appendingPathComponent("Examples/configs/\(name).json"), encoding: .utf8)
    }

    /// Llama-3.1-8B: the kernel read as Men et al. state it holds at 131072 (its rope_theta 5·10⁵ with
    /// llama3 ×8 is above b*(131072) of that family), while K < 0 from m = 85 134 at that very base;
    /// RULER measured it effective at 32K and NoLiMa at 1K.
    @Test func llamaHoldsUnderTheGateWithItsMeasurements() throws {
        let r = runTool(["check", "llama-3.1-8b", "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let j = try decodeJSON(r.out)
        #expect(j["verdict"].string == "holds" && j["gate"].array.map(\.string) == ["kernel"])
        #expect(j["bounds"]["kernel"]["reading"].string == "threshold" && j["bounds"]["kernel"]["holds"].bool == true)
        #expect(j["bounds"]["kernel"]["exact_holds"].bool == false)
        #expect(j["max_context"].int >= 131072 && j["binding_bound"].string == "kernel" && j["max_context_all_bounds"].int == j["max_context"].int)
        let measured = j["measured"].array.map { ($0["benchmark"].string, $0["effective_length"].int) }
        #expect(measured.contains { $0 == ("RULER", 32768) } && measured.contains { $0 == ("NoLiMa", 1000) })
        for m in j["measured"].array { for key in ["source", "benchmark", "effective_length", "claimed_length"] { #expect(m.object[key] != nil) } }
        let exact = runTool(["check", "llama-3.1-8b", "--kernel-reading", "exact", "--format", "json"])
        let exactJSON = try decodeJSON(exact.out)
        #expect(exact.code == 3 && exactJSON["max_context"].int == 85133)
    }

    /// A 1M-token config whose walk used to stop at its work limit is settled by the certified b*(L)
    /// table: LWM-Text-Chat-1M (d = 128, rope_theta 5·10⁷) fails the kernel at 1 048 576, its reach
    /// inside the table's bracket (b̂(440 872) ≤ 5·10⁷ < b̂(524 288)); a YaRN family whose walk still
    /// stops (Ministral 3) says "undetermined" in JSON, with its reach a lower bound.
    @Test func theTableSettlesLongContextsAndUndeterminedIsSaid() throws {
        let lwm = runTool(["check", "lwm-text-chat-1m", "--format", "json", "--threads", "1"])
        let j = try decodeJSON(lwm.out)
        #expect(lwm.code == 3 && j["verdict"].string == "violated" && j["failing"].array.map(\.string).contains("kernel"))
        #expect(j["max_context"].int >= 440_872 && j["max_context"].int < 524_288)
        #expect(j["groups"].array[0]["bounds"]["kernel"].object["max_context_is_lower_bound"] == nil)
        let ministral = runTool(["check", "ministral-3-3b-reasoning-2512", "--format", "json", "--threads", "1"])
        let m = try decodeJSON(ministral.out)
        #expect(ministral.code == 0 && m["verdict"].string == "undetermined")
        #expect(m["groups"].array[0]["bounds"]["kernel"]["max_context_is_lower_bound"].bool == true)
    }

    /// Measurements follow the config, not its name: a copy under another name keeps them, a
    /// changed rope_theta loses them.
    @Test func measurementsAreMatchedByConfigIdentity() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try Self.bundledConfig("qwen2-7b-instruct")
        let copy = dir.appendingPathComponent("renamed.json").path
        try original.write(toFile: copy, atomically: true, encoding: .utf8)
        let changed = dir.appendingPathComponent("changed.json").path
        try original.replacingOccurrences(of: "1000000", with: "2000000").write(toFile: changed, atomically: true, encoding: .utf8)
        let ruler = try decodeJSON(runTool(["check", "qwen2-72b-instruct", "--format", "json"]).out)["measured"].array
        #expect(ruler.count == 1 && ruler[0]["effective_length"].int == 32768)
        // qwen2-7b-instruct has no measurement of its own; its renamed copy has none either.
        #expect(try decodeJSON(runTool(["check", copy, "--format", "json"]).out)["measured"].array.isEmpty)
        let llama = try Self.bundledConfig("llama-3.1-8b")
        try llama.write(toFile: copy, atomically: true, encoding: .utf8)
        #expect(try decodeJSON(runTool(["check", copy, "--format", "json"]).out)["measured"].array.count == 3)
        try llama.replacingOccurrences(of: "500000", with: "600000").write(toFile: changed, atomically: true, encoding: .utf8)
        #expect(try decodeJSON(runTool(["check", changed, "--format", "json"]).out)["measured"].array.isEmpty)
    }

    /// A gated bound whose reach is below this model's own measurement says so, in the headline and the JSON.
    @Test func contradictionsOfThisModelAreShown() throws {
        let r = runTool(["check", "llama-2-7b"])
        #expect(r.code == 3)
        #expect(r.out.contains("contradicted for this model: RULER effective at 4096"), "\(r.out)")
        let j = try decodeJSON(runTool(["check", "llama-2-7b", "--format", "json"]).out)
        #expect(j["contradicted_by"]["kernel"]["effective_length"].int == 4096 && j["verdict"].string == "violated")
        #expect(j["bounds"]["kernel"]["contradicted_by"]["benchmark"].string == "RULER" && j["bounds"]["aliasing"].optional("contradicted_by") == nil)
    }

    /// A bound that holds at no context says why in words, not "holds up to 0 tokens".
    @Test func zeroReachIsExplained() {
        let r = runTool(["check", "c4ai-command-r-plus"])
        #expect(r.out.contains("precision (Liu 2026, ω_min > ε_mach): fails at every context: rope_theta 7.5e+07"))
        #expect(r.out.contains("above fp32's precision ceiling 1/ε_mach = 8388608") && !r.out.contains("holds up to 0 tokens"))
    }

    /// The knife edge: b*(32768) ≈ 629 978 (rope-bounds.md §6.2: 629 980 by an independent
    /// float64 scan), so base 640 000 meets Men et al.'s bound at 32K although K < 0 at m = 30 929.
    @Test func thresholdAndExactReadingsOfTheKnifeEdge() throws {
        let args = ["bounds", "--base", "640000", "--head-dim", "128", "--layers", "1", "--context", "32768", "--format", "json"]
        let threshold = try decodeJSON(runTool(args).out), exact = try decodeJSON(runTool(args + ["--kernel-reading", "exact"]).out)
        #expect(threshold["bounds"]["kernel"]["holds"].bool == true && exact["bounds"]["kernel"]["holds"].bool == false)
        #expect(exact["bounds"]["kernel"]["argmin_distance"].int == 30929)
    }

    /// Liu (2026)'s case-study settings: ε 0.95, fp32, 1/rope_theta with YaRN's NTK-aware effective
    /// base b·s^{d/(d−2)} (1e6·4^{128/126} = 4 088 994.24…, computed independently in Python).
    @Test func liu2026Convention() throws {
        let j = try decodeJSON(runTool(["check", "qwen3-8b-yarn", "--convention", "liu2026", "--format", "json"]).out)
        #expect(j["epsilon"].double == 0.95 && j["precision"].string == "fp32" && j["convention"].string == "liu2026")
        #expect(isClose(j["bounds"]["dc_stability"]["min_base"].double, 128_983.32481594734, .tol1))   // 40960/arccos 0.95
        let text = runTool(["bounds", "qwen3-8b-yarn", "--convention", "liu2026"]).out
        #expect(text.contains("4088994"), "the compared base is the YaRN effective base")
    }

    @Test func badReadingsGatesAndConventions() {
        let gate = runTool(["check", "llama-3.1-8b", "--gate", "kernel,speed"])
        #expect(gate.code == 1 && gate.err.contains("--gate: 'speed' is not a bound"))
        let reading = runTool(["check", "llama-3.1-8b", "--kernel-reading", "loose"])
        #expect(reading.code == 1 && reading.err.contains("--kernel-reading"))
        let fixed = runTool(["check", "llama-3.1-8b", "--convention", "liu2026", "--epsilon", "0.5"])
        #expect(fixed.code == 2 && fixed.err.contains("liu2026 convention fixes ε = 0.95"))
        let noRoPE = runTool(["check", "mamba2-370m", "--convention", "liu2026"])
        #expect(noRoPE.code == 1 && noRoPE.err.contains("--convention: ") && noRoPE.err.contains("no rotary attention layers"))
    }
}
