import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI

@Suite("ctxlimits fix")
struct FixCommandTests {
    /// `--out` writes the recommended change into a copy of the config; `check` then passes at the
    /// target context, and the input is never overwritten.
    @Test func patchedConfigPassesCheck() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("config.json").path
        try BundledExample.text("llama-2-7b").write(toFile: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("patched.json").path
        let r = runTool(["fix", input, "--context", "16384", "--out", out, "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let j = try decodeJSON(r.out)
        #expect(j["options"].array.count == 5 && j.optional("recommended") != nil)
        for key in ["change", "rope_theta", "rope_scaling", "max_context", "holds"] { #expect(j["options"].array[0].optional(key) != nil || key == "rope_scaling") }
        let check = runTool(["check", out, "--context", "16384"])
        #expect(check.code == 0, "\(check.out)")
        #expect(try String(contentsOfFile: input, encoding: .utf8) == (try BundledExample.text("llama-2-7b")))
        let overwrite = runTool(["fix", input, "--context", "16384", "--out", input])
        #expect(overwrite.code == 1 && overwrite.err.contains("input config"))
    }

    @Test func nothingToFixAndBadInput() {
        let mamba = runTool(["fix", "mamba2-130m", "--context", "4096"])
        #expect(mamba.code == 0 && mamba.out.contains("nothing to fix"))
        #expect(runTool(["fix", "llama-2-7b"]).code == 2)
        #expect(runTool(["fix", "--context", "4096"]).code == 2)
        #expect(runTool(["fix", "llama-2-7b", "--context", "0"]).code == 1)
        let none = runTool(["fix", "llama-3-8b", "--context", "65536", "--precision", "bf16", "--out", "/tmp/never-written.json"])
        #expect(none.code == 1 && none.err.contains("nothing written") && !FileManager.default.fileExists(atPath: "/tmp/never-written.json"))
    }
}
