import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI

@Suite("check: lint warnings, serving stacks, --strict, --context STACK")
struct CheckLintTests {
    func write(_ text: String) throws -> (URL, String) {
        let dir = try temporaryDirectory()
        let path = dir.appendingPathComponent("config.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    @Test func warningsOnStderrAndInJSON() throws {
        // The issue's example: llama3 without original_max_position_embeddings.
        let (dir, path) = try write(#"{"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 32, "max_position_embeddings": 131072, "rope_theta": 500000, "rope_scaling": {"rope_type": "llama3", "factor": 8, "low_freq_factor": 1, "high_freq_factor": 4}}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = runTool(["check", path, "--format", "json"])
        #expect(r.err.contains("warning: rope_scaling.original_max_position_embeddings: is absent, so transformers fills it with max_position_embeddings (131072)"), "\(r.err)")
        let j = try decodeJSON(r.out)
        #expect(j["warnings"].array.map { $0["field"].string } == ["rope_scaling.original_max_position_embeddings"])
        #expect(j["warnings"].array[0]["rule"].string == "llama3-original-not-below-max")
        #expect(j["stacks"]["transformers"].int == 131072 && j["stacks"]["disagreement"].bool == false)
        let strict = runTool(["check", path, "--strict"])
        #expect(strict.code == 1 && strict.err.contains("--strict") && strict.out.isEmpty)
        // bounds carries the same keys
        let bounds = try decodeJSON(runTool(["bounds", path, "--format", "json"]).out)
        #expect(bounds["warnings"].array.count == 1 && bounds.optional("stacks") != nil)
    }

    @Test func aCleanConfigPassesStrict() {
        let r = runTool(["check", "llama-3.1-8b", "--strict"])
        #expect(r.code == 0 && r.err.isEmpty)      // the gate holds; no warning
        #expect(runTool(["check", "llama-3.1-8b", "--strict", "--kernel-reading", "exact"]).code == 3)   // K < 0 from m = 85 134
    }

    @Test func aRefusedConfigStillShowsItsWarnings() throws {
        let (dir, path) = try write(#"{"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 2, "max_position_embeddings": 131072, "rope_scaling": {"rope_type": "longrope", "short_factor": [1, 1], "long_factor": [1, 1], "factor": 32, "original_max_position_embeddings": 4096}}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = runTool(["check", path])
        #expect(r.code == 1)
        #expect(r.err.contains("warning: rope_scaling.short_factor: has 2 entries; transformers expects rotary_dim/2 = 64"), "\(r.err)")
        #expect(r.err.contains("error") && r.err.contains("rope_scaling.short_factor"))
    }

    @Test func contextOfAServingStack() throws {
        let phi = try decodeJSON(runTool(["check", "phi-3.5-mini-instruct", "--context", "vllm", "--format", "json"]).out)
        #expect(phi["context_length"].int == 4096)
        let cpp = try decodeJSON(runTool(["check", "phi-3.5-mini-instruct", "--context", "llama_cpp", "--format", "json"]).out)
        #expect(cpp["context_length"].int == 131072)
        let bad = runTool(["check", "llama-3.1-8b", "--context", "sglang"])
        #expect(bad.code == 1 && bad.err.contains("--context"))
    }
}
