import Testing
import TestSupport
@testable import Models

/// ModelClassDefaults against the classes of transformers instantiated without arguments
/// (`class_defaults` of hf_models.json, written by make_hf_reference.py).
@Suite("Model class defaults against transformers")
struct ClassDefaultsTests {
    static let reference = BundledModelTests.fixture["class_defaults"]

    @Test(arguments: reference.object.keys.sorted())
    func defaultsMatchTheClass(modelType: String) {
        let expected = Self.reference[modelType]
        let table = ModelClassDefaults.of(modelType)
        #expect(table.ropeTheta == expected["rope_theta"].double, "\(modelType)")
        #expect(table.partialRotaryFactor == expected.optional("partial_rotary_factor")?.double, "\(modelType)")
        #expect(table.maxPositionEmbeddings == expected["max_position_embeddings"].int, "\(modelType)")
        #expect(table.originalMaxPositionEmbeddings == expected.optional("original_max_position_embeddings")?.int, "\(modelType)")
        #expect(table.tieWordEmbeddings == expected["tie_word_embeddings"].bool, "\(modelType)")
        // DeepSeek's head_dim := qk_rope_head_dim is the MLA reading (AttentionReader.latent), not a class default.
        if !modelType.hasPrefix("deepseek") {
            #expect(table.headDim == expected.optional("head_dim")?.int, "\(modelType)")
        }
    }

    @Test func aSilentConfigGetsTheClassValues() throws {
        let qwen3 = try ModelReader.read(text: #"{"model_type": "qwen3", "hidden_size": 2560, "num_attention_heads": 32, "num_hidden_layers": 2}"#, name: "q")
        let attention = try #require(qwen3.layers[0].attention)
        #expect(attention.headDim == 128 && attention.rotary?.base == 10_000 && qwen3.advertisedContext == 32768)
        let mixtral = try ModelReader.read(text: #"{"model_type": "mixtral", "hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 2}"#, name: "m")
        #expect(mixtral.layers[0].attention?.rotary?.base == 1e6)
        let glm = try ModelReader.read(text: #"{"model_type": "glm4", "hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 2}"#, name: "g")
        #expect(glm.layers[0].attention?.rotary?.rotaryDim == 64)
        let unknown = try ModelReader.read(text: #"{"model_type": "newthing", "hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 2}"#, name: "n")
        #expect(unknown.advertisedContext == nil && unknown.layers[0].attention?.rotary?.base == 10_000)
    }
}
