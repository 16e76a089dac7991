import Testing
import TestSupport
@testable import Models

/// Weight counts against the models transformers builds on the meta device (`parameters` of
/// hf_models.json): norms and biases are left out, so within 0.5 %.
@Suite("Parameter count against transformers")
struct ParameterCountTests {
    static let reference = BundledModelTests.fixture["parameters"]

    /// Configs that carry every size the count needs; the others must say which key is missing.
    static let complete = ["llama-2-7b", "llama-3.1-8b", "llama-3.1-70b", "mistral-7b-v0.1", "mixtral-8x7b-v0.1", "mixtral-8x22b-instruct-v0.1",
                           "qwen2.5-3b", "qwen2-72b-instruct", "qwen3-8b", "phi-3.5-mini-instruct", "yi-34b-200k", "gemma-2-9b-it",
                           "dbrx-instruct", "c4ai-command-r-v01", "exaone-4.0-32b", "mistral-large-instruct-2411", "chatglm3-6b-128k"]

    @Test(arguments: reference.object.keys.sorted())
    func withinHalfAPercentOfTransformers(name: String) throws {
        let root = try JSONParser.parse(BundledExamples.configs[name]!)
        do {
            let count = try ParameterCount.count(root)
            #expect(isClose(count, Self.reference[name].double, .approximation(5e-3)), "\(name): \(count) vs \(Self.reference[name].double)")
        } catch {
            #expect(!Self.complete.contains(name), "\(name): \(error)")
            #expect(error.description.contains("needed") || error.description.contains("not counted"), "\(name): \(error)")
        }
    }

    @Test func theCompleteConfigsAreCounted() throws {
        for name in Self.complete { _ = try ParameterCount.count(try JSONParser.parse(BundledExamples.configs[name]!)) }
        #expect(throws: ParameterCount.Unavailable.self) { try ParameterCount.count(try JSONParser.parse(BundledExamples.configs["mamba2-130m"]!)) }
    }
}
