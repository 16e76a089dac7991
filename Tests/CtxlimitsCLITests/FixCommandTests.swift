import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI
import ContextLimits

@Suite("ctxlimits fix")
struct FixCommandTests {
    /// Qwen3-8B to 128K: the vendor's recipe (YaRN ×4 from 32768) is shown first and recommended;
    /// `--out` writes it into a copy of the config with max_position_embeddings 131072, which the
    /// lint passes without a warning (`check --strict` does not exit 1) and from which transformers,
    /// vLLM and llama.cpp all derive 131072 (check's `stacks`); the JSON's rope_scaling is the
    /// file's (one writer); the input is never overwritten.
    @Test func patchedConfigEveryStackReads() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("config.json").path
        try BundledExample.text("qwen3-8b").write(toFile: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("patched.json").path
        let r = runTool(["fix", input, "--context", "131072", "--out", out, "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let j = try decodeJSON(r.out)
        let recommended = try #require(j.optional("recommended")).int
        #expect(recommended == 0 && j["recipe"]["option"].int == 0 && j["recipe"]["reaches_context"].bool)
        let option = j["options"].array[recommended]
        for key in ["change", "rope_theta", "rope_scaling", "max_position_embeddings", "requires", "requires_source", "commands", "max_context", "holds"] {
            #expect(option.optional(key) != nil || key == "max_context", "\(key)")
        }
        #expect(option["requires"].string == "none" && option["max_position_embeddings"].int == 131_072)
        #expect(option["commands"]["llama_cpp"].string.contains("--rope-scaling yarn --rope-scale 4 --yarn-orig-ctx 32768"))
        let patched = try decodeJSON(String(contentsOfFile: out, encoding: .utf8))
        #expect(patched["max_position_embeddings"].int == 131_072)
        #expect(patched["rope_scaling"] == option["rope_scaling"])
        let check = runTool(["check", out, "--strict", "--format", "json"])
        #expect(check.code != 1 && !check.err.contains("warning"), "\(check.err)")
        let stacks = try decodeJSON(check.out)["stacks"]
        #expect(stacks["transformers"].int == 131_072 && stacks["vllm"].int == 131_072 && stacks["llama_cpp"].int == 131_072)
        #expect(try String(contentsOfFile: input, encoding: .utf8) == (try BundledExample.text("qwen3-8b")))
        let overwrite = runTool(["fix", input, "--context", "131072", "--out", input])
        #expect(overwrite.code == 1 && overwrite.err.contains("input config"))
    }

    /// Every option the JSON lists as writable is written with the same rope dictionary.
    @Test func jsonAndOutAgree() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let j = try decodeJSON(runTool(["fix", "llama-2-7b", "--context", "131072", "--format", "json"]).out)
        var written = 0
        for (i, option) in j["options"].array.enumerated() where option["writable"].bool {
            let out = dir.appendingPathComponent("o\(i).json").path
            let r = runTool(["fix", "llama-2-7b", "--context", "131072", "--out", out, "--option", "\(i)"])
            #expect(r.code == 0, "\(r.err)")
            let patched = try decodeJSON(String(contentsOfFile: out, encoding: .utf8))
            #expect(patched["rope_scaling"] == option["rope_scaling"] && patched["max_position_embeddings"].int == option["max_position_embeddings"].int)
            written += 1
        }
        #expect(written >= 2)
    }

    /// The table's max_context is the JSON's (the gated bounds' reach), not the reach of an ungated
    /// bound: Llama 3 8B with dynamic NTK ×16 once read "18224" in the table and null in the JSON.
    @Test func tableAndJSONReachAgree() throws {
        let args = ["fix", "llama-3-8b", "--context", "131072"]
        let j = try decodeJSON(runTool(args + ["--format", "json"]).out)
        let rows = runTool(args + ["--format", "csv"]).out.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let options = j["options"].array
        #expect(rows.count == options.count && options.count >= 3)
        for (row, option) in zip(rows, options) {
            let shown = String(row[7])
            if let m = option.optional("max_context")?.int {
                #expect(shown.contains("\(m)"), "\(row[0]): table \(shown), JSON \(m)")
            } else {
                #expect(shown == "≥ \(option["search_horizon"].int)", "\(row[0]): table \(shown), JSON null")
            }
        }
    }

    /// Dynamic NTK keeps max_position_embeddings = L₀, so no file makes every stack read L: `--out`
    /// says so, names the options it can write, and writes nothing.
    @Test func unwritableRecommendation() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("never.json").path
        let r = runTool(["fix", "llama-2-7b", "--context", "131072", "--out", out])
        #expect(r.code == 1 && r.err.contains("dynamic") && r.err.contains("nothing written") && r.err.contains("--option"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func nothingToFixAndBadInput() {
        let mamba = runTool(["fix", "mamba2-130m", "--context", "4096"])
        #expect(mamba.code == 0 && mamba.out.contains("nothing to fix"))
        let served = runTool(["fix", "llama-3.1-8b", "--context", "131072"])
        #expect(served.code == 0 && served.out.contains("nothing to change"))
        #expect(runTool(["fix", "llama-2-7b"]).code == 2)
        #expect(runTool(["fix", "--context", "4096"]).code == 2)
        #expect(runTool(["fix", "llama-2-7b", "--context", "0"]).code == 1)
        #expect(runTool(["fix", "llama-2-7b", "--context", "8192", "--option", "1"]).code == 2)
        #expect(runTool(["fix", "llama-2-7b", "--context", "8192", "--allow-training", "some"]).code == 1)
        let none = runTool(["fix", "llama-3-8b", "--context", "65536", "--precision", "bf16", "--out", "/tmp/never-written.json"])
        #expect(none.code == 1 && none.err.contains("precision wall") && none.err.contains("fp32") && !FileManager.default.fileExists(atPath: "/tmp/never-written.json"))
        let far = runTool(["fix", "llama-3-8b", "--context", "\((1 << 40) + 1)"])
        #expect(far.code == 1, "\(far.err)")
    }
}
