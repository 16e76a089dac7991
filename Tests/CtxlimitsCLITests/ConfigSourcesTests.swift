import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI

/// CONFIG as a GGUF file and as a repository id in the Hugging Face cache.
@Suite("check on GGUF files and the Hugging Face cache", .serialized)
struct ConfigSourcesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static let gguf = repository.appendingPathComponent("Tests/ModelsTests/Fixtures/gguf")

    func json(_ arguments: [String]) throws -> Fixture {
        let r = runTool(arguments + ["--format", "json"])
        #expect(r.code == 0 || r.code == 3, "\(arguments): \(r.err)")
        return try decodeJSON(r.out)
    }

    /// The same verdicts, reach and thresholds from a GGUF file as from its config.json.
    @Test(arguments: [("qwen3-8b.gguf", "qwen3-8b"), ("gemma-3-1b-it.gguf", "gemma-3-1b-it"), ("mistral-7b-v0.3.gguf", "mistral-7b-v0.3"),
                      ("phi-3-mini-4k-instruct.gguf", "phi-3-mini-4k-instruct.json"), ("qwen2.5-7b-instruct-yarn.gguf", "qwen2.5-7b-instruct-yarn")])
    func checkAgreesForAGGUFFileAndItsConfig(file: String, config: String) throws {
        let configPath = config.hasSuffix(".json") ? Self.gguf.appendingPathComponent(config).path : config
        let a = try json(["check", Self.gguf.appendingPathComponent(file).path]), b = try json(["check", configPath])
        for key in ["model_context_length", "context_length", "effective_base", "max_context", "binding_bound", "feasible", "feasible_rope_theta"] {
            #expect(a.optional(key) == b.optional(key), "\(file): \(key)")
        }
        for bound in ["aliasing", "dc_stability", "depth", "precision", "kernel"] {
            #expect(a["bounds"][bound].optional("max_context") == b["bounds"][bound].optional("max_context"), "\(file): \(bound)")
        }
        #expect(a["stacks"]["llama_cpp"].int == b["model_context_length"].int)
    }

    @Test func malformedGGUFIsBadInputNamingTheOffset() {
        let r = runTool(["check", Self.gguf.appendingPathComponent("huge-tensor-count.gguf").path])
        #expect(r.code == 1 && r.err.contains("malformed GGUF at offset 8") && r.out.isEmpty, "\(r.err)")
    }

    @Test func repositoryIDsResolveInTheCache() throws {
        setenv("HF_HUB_CACHE", Self.repository.appendingPathComponent("Examples/hf-cache").path, 1)
        defer { unsetenv("HF_HUB_CACHE") }
        let cached = try json(["check", "meta-llama/Llama-3.1-8B"]), bundled = try json(["check", "llama-3.1-8b"])
        #expect(cached["max_context"].int == bundled["max_context"].int && cached["effective_base"].double == bundled["effective_base"].double)
        let missing = runTool(["check", "meta-llama/Llama-3.1-70B"])
        #expect(missing.code == 1 && missing.err.contains("hf download meta-llama/Llama-3.1-70B config.json") && missing.err.contains("Examples/hf-cache"))
    }
}
