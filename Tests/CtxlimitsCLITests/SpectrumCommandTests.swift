import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI

@Suite("ctxlimits spectrum")
struct SpectrumCommandTests {
    func json(_ arguments: [String]) throws -> [String: Fixture] {
        let r = runTool(arguments)
        #expect(r.code == 0, "\(r.err)")
        return try JSONDecoder().decode(Fixture.self, from: Data(r.out.utf8)).object
    }

    @Test func jsonKeysOfDesign() throws {
        let j = try json(["spectrum", "llama-3.1-8b", "--format", "json"])
        #expect(j["rope_type"]?.string == "llama3" && j["rotary_dim"]?.int == 128 && j["base"]?.double == 5e5)
        #expect(j["attention_factor"]?.double == 1 && j["inv_freq"]?.array.count == 64 && j["wavelength"]?.array.count == 64)
        let inv = try #require(j["inv_freq"]?.doubles), wavelength = try #require(j["wavelength"]?.doubles)
        #expect(isClose(inv[63], 3.0689259889e-7, .printed(digits: 11)) && isClose(wavelength[0], 2 * .pi, .epsilons(4)))
        #expect(j["context_length"]?.int == 131072 && j["original_context_length"]?.int == 8192)
    }

    @Test func layerTypesOfGemma() throws {
        let j = try json(["spectrum", "gemma-3-1b-it", "--format=json"])
        let groups = try #require(j["groups"]?.array)
        #expect(groups.map { $0["layer_type"].string } == ["sliding_attention (window 512)", "full_attention"])
        #expect(groups[1]["base"].double == 1e6 && groups[1]["layers"].array.count == 4)
    }

    /// hf-rope-scaling.md §7 vectors (yarn d = 8; dynamic d = 8 at sequence length 4096, printed to
    /// 13 digits); the longrope case reads the first long factor of phi-3.5-mini-instruct's own
    /// config.json (1.0800000429153442), which applies past original_max_position_embeddings = 4096.
    @Test func bareParametersAndTheEvaluationContext() throws {
        let yarn = try json(["spectrum", "--base", "1e4", "--head-dim", "8", "--scaling", "yarn", "--factor", "4",
                             "--original-context", "2048", "--format", "json"])
        #expect(yarn["inv_freq"]?.doubles == [1, 0.1, 0.00625, 0.00025] && isClose(yarn["attention_factor"]!.double, 1.138629436111989, .epsilons(32)))
        let dynamic = try json(["spectrum", "--base", "1e4", "--head-dim", "8", "--scaling", "dynamic", "--factor", "2",
                                "--max-position", "2048", "--context", "4096", "--format", "json"])
        #expect(isClose(dynamic["inv_freq"]!.doubles[1], 0.06933612743506, .printed(digits: 13)))
        let phi = try json(["spectrum", "phi-3.5-mini-instruct", "--context", "4097", "--format", "json"])
        #expect(isClose(phi["inv_freq"]!.doubles[0], 1 / 1.0800000429153442, .epsilons(4)))
        let short = try json(["spectrum", "phi-3.5-mini-instruct", "--context", "4096", "--format", "json"])
        #expect(short["inv_freq"]!.doubles[0] == 1)        // short_factor[0] = 1.0 up to L₀
    }

    @Test func tableCsvAndSvg() throws {
        let table = runTool(["spectrum", "qwen3-8b"])
        #expect(table.code == 0 && table.out.contains("effective base") && table.out.contains("rotations_in_context"))
        let csv = runTool(["spectrum", "qwen3-8b", "--format", "csv"]).out
        #expect(csv.hasPrefix("layer_type,channel,inv_freq,wavelength") && csv.split(separator: "\n").count == 65)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("s.svg").path
        #expect(runTool(["spectrum", "deepseek-v3", "--svg", svg]).code == 0)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("RoPE wavelengths per channel"))
    }

    @Test func badInput() {
        #expect(runTool(["spectrum"]).code == 2)
        #expect(runTool(["spectrum", "llama-3.1-8b", "--base", "1e4"]).code == 2)
        #expect(runTool(["spectrum", "--base", "1e4"]).code == 2)
        let noRope = runTool(["spectrum", "mamba2-130m"])
        #expect(noRope.code == 1 && noRope.err.contains("no rotary attention layers") && noRope.out.isEmpty)
        let missing = runTool(["spectrum", "no-such-model"])
        #expect(missing.code == 1 && missing.err.contains("bundled"))
        let factor = runTool(["spectrum", "--base", "1e4", "--head-dim", "128", "--scaling", "linear", "--factor", "0"])
        #expect(factor.code == 1 && factor.err.contains("--factor"))
        let odd = runTool(["spectrum", "--base", "1e4", "--head-dim", "127"])
        #expect(odd.code == 1 && odd.err.contains("--rotary-dim"))
        #expect(runTool(["spectrum", "--base", "nan", "--head-dim", "128"]).code == 1)
        #expect(runTool(["spectrum", "--base", "1e4", "--head-dim", "128", "--scaling", "warp"]).code == 1)
        #expect(runTool(["spectrum", "--base", "1e4", "--head-dim", "128", "--scaling", "yarn", "--factor", "4"]).code == 2)
    }

    /// Every malformed config of the shared corpus, as a file: exit 1, the field named on
    /// stderr, nothing on stdout, and no file written.
    @Test func malformedConfigFilesExitOneNamingTheField() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, c) in MalformedConfigs.cases.enumerated() {
            let path = dir.appendingPathComponent("bad-\(i).json").path
            try c.text.write(toFile: path, atomically: true, encoding: .utf8)
            let csv = dir.appendingPathComponent("out-\(i).csv").path
            let r = runTool(["spectrum", path, "--csv", csv])
            #expect(r.code == 1, "\(c.name): exit \(r.code)")
            #expect(r.out.isEmpty && !FileManager.default.fileExists(atPath: csv), "\(c.name)")
            #expect(r.err.contains(c.field.isEmpty ? "invalid JSON" : c.field) || (c.field.isEmpty && r.err.contains("JSON object")),
                    "\(c.name): \(r.err)")
        }
    }
}
