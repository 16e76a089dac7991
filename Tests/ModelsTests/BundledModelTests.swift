import Foundation
import Testing
import TestSupport
@testable import Models
@testable import Rotary

/// Every bundled config against what transformers builds from the same file.
@Suite("Bundled configs against Hugging Face transformers")
struct BundledModelTests {
    static let fixture = Fixture.load("hf_models.json", from: .module)
    static let reference = fixture["models"]
    /// The recurrent blocks of the configs transformers builds no rotary module for.
    static let recurrent = fixture["recurrent"]
    /// Layer structure of every attention config.
    static let shapes = fixture["shapes"]
    static let examplesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Examples/configs").standardized

    @Test func thereAreAtLeastTwentyRealConfigs() {
        #expect(ConfigSource.bundledNames.count >= 20)
        #expect(ConfigSource.bundledNames.contains("llama-3.1-8b"))
    }

    @Test func embeddedCopiesMatchTheFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.examplesDirectory.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(ConfigSource.bundledNames), "run scripts/embed_examples.py")
        for file in files {
            let text = try String(contentsOf: Self.examplesDirectory.appendingPathComponent(file), encoding: .utf8)
            #expect(BundledExamples.configs[String(file.dropLast(5))] == text.trimmingCharacters(in: .newlines),
                    "\(file) differs from its embedded copy: run scripts/embed_examples.py")
        }
    }

    @Test(arguments: ConfigSource.bundledNames)
    func readsAndMatchesTransformers(name: String) throws {
        let model = try ConfigSource.model(name)
        let entry = try #require(Self.reference.optional(name), "\(name) has no reference: run make_hf_reference.py")
        if entry.optional("skipped") != nil {
            // No rotary module in transformers: the recurrent structure must match the reference instead.
            try compareRecurrent(model, try #require(Self.recurrent.optional(name), "\(name): neither a rotary nor a recurrent reference"), name)
            return
        }
        for (key, expected) in entry.object {
            let groups = model.attentionGroups.filter { g in
                g.attention.rotary != nil && (key == "all" || g.attention.kind.rawValue == key)
            }
            #expect(!groups.isEmpty, "\(name): no rotary layers for \(key)")
            for group in groups {
                let rotary = try #require(group.attention.rotary)
                try compare(try rotary.spectrum(), expected, "\(name) \(group.label)")
                if let runtime = expected.optional("at_seq_len") {
                    try compare(try rotary.spectrum(sequenceLength: runtime["seq_len"].int), runtime, "\(name) at \(runtime["seq_len"].int)")
                }
            }
        }
    }

    /// Layer count, layer types, heads and context as transformers builds them; for the families
    /// with position-free layers, the layers that rotate, found by running their attention modules.
    @Test(arguments: shapes.object.keys.sorted())
    func shapesMatchTransformers(name: String) throws {
        let model = try ConfigSource.model(name)
        let expected = Self.shapes[name]
        #expect(model.layerCount == expected["layers"].int, "\(name)")
        let attention = model.layers.compactMap(\.attention)
        #expect(attention.allSatisfy { $0.heads == expected["heads"].int && $0.kvHeads == expected["kv_heads"].int }, "\(name)")
        let types = expected["layer_types"].array.map(\.string)
        if !types.contains("hybrid") {
            // A linear-attention hybrid (Qwen3.5): its linear_attention layers are the recurrent ones.
            let attentionLayers = types.indices.filter { types[$0] != "linear_attention" }
            #expect(model.layers.indices.filter { model.layers[$0].attention != nil } == attentionLayers, "\(name): attention layers")
            #expect(attention.map(\.kind.rawValue) == attentionLayers.map { types[$0] }, "\(name): layer types")
        }
        if let rotating = expected.optional("rotating_layers") {
            #expect(model.layers.indices.filter { model.layers[$0].attention?.rotary != nil } == rotating.array.map(\.int), "\(name)")
        }
        // Command-R's model_max_length: the serving stacks' rule, not transformers' (AttentionReader.context).
        let raw = try JSONParser.parse(BundledExamples.configs[name]!)
        if case let .number(longer, _)? = raw["model_max_length"], model.modelType?.hasPrefix("cohere") == true {
            #expect(model.advertisedContext == Int(longer), "\(name)")
        } else {
            #expect(model.advertisedContext == expected["max_position_embeddings"].int, "\(name): context")
        }
    }

    /// The layer structure and block sizes of an SSM or hybrid against the reference script's
    /// reading (transformers' config classes, or the reference implementations' module defaults).
    func compareRecurrent(_ model: ModelDescription, _ expected: Fixture, _ name: String) throws {
        #expect(model.layerCount == expected["layers"].int, "\(name)")
        let attention = expected["attention_layers"].array.map(\.int)
        #expect(model.layers.indices.filter { model.layers[$0].attention != nil } == attention, "\(name): attention layers")
        let recurrentLayers = model.layers.indices.filter { !attention.contains($0) }
        #expect(!recurrentLayers.isEmpty && recurrentLayers.allSatisfy { model.layers[$0].recurrent != nil }, "\(name)")
        let block = try #require(model.layers[recurrentLayers[0]].recurrent)
        switch (expected["block"].string, block) {
        case let ("mamba1", .mamba1(b)):
            #expect(b == Mamba1Block(innerDim: expected["inner_dim"].int, stateDim: expected["state_dim"].int, convWidth: expected["conv_width"].int), "\(name)")
        case let ("mamba2", .mamba2(b)):
            #expect(b == Mamba2Block(heads: expected["heads"].int, headDim: expected["head_dim"].int, stateDim: expected["state_dim"].int,
                                     groups: expected["groups"].int, convWidth: expected["conv_width"].int), "\(name)")
        case let ("kimi_delta_attention", .linearAttention(b)):
            // q, k and v each through a short convolution of heads·head_dim channels.
            let (heads, dim) = (expected["heads"].int, expected["head_dim"].int)
            #expect(b == LinearAttentionBlock(heads: heads, keyDim: dim, valueDim: dim, variant: "kimi_delta_attention",
                                              convolutionChannels: 3 * heads * dim, convolutionWidth: expected["conv_width"].int), "\(name)")
        case let (kind, .rwkv(b)) where kind == "rwkv\(b.version)":
            #expect(b == RWKVBlock(version: b.version, hiddenSize: expected["hidden_size"].int,
                                   attentionHiddenSize: expected["attention_hidden_size"].int, headSize: expected["head_size"].int), "\(name)")
        default:
            Issue.record("\(name): block \(block.name), reference \(expected["block"].string)")
        }
    }

    func compare(_ s: RotarySpectrum, _ expected: Fixture, _ what: String) throws {
        let inv = expected["inv_freq"].doubles
        #expect(s.inverseFrequencies.count == inv.count, "\(what)")
        for (a, b) in zip(s.inverseFrequencies, inv) {
            // float32 reference: relative error up to (|ln θ| + 3)·2⁻²⁴ from its pow, 1e-6 otherwise.
            #expect(abs(a - b) <= max(1e-6, 2 * (abs(log(a)) + 3) * 0x1p-24) * b, "\(what): \(a) vs \(b)")
        }
        #expect(isClose(s.attentionFactor, expected["attention_factor"].double, .float32(1)), "\(what)")
    }

    @Test func structureOfTheHybridsAndRecurrentModels() throws {
        let falcon = try ConfigSource.model("falcon-h1-0.5b")
        #expect(falcon.layers.allSatisfy { $0.attention != nil && $0.recurrent != nil })
        #expect(falcon.layers[0].recurrent == .mamba2(Mamba2Block(heads: 24, headDim: 64, stateDim: 128, groups: 1, convWidth: 4)))
        let jamba = try ConfigSource.model("jamba-v0.1")
        #expect(jamba.attentionLayerCount == 4 && jamba.recurrentLayerCount == 28)
        #expect(jamba.layers[4].attention?.rotary == nil && jamba.positionScheme == .none)
        let mamba2 = try ConfigSource.model("mamba2-2.7b")
        #expect(mamba2.layers.count == 64)
        #expect(mamba2.layers[0].recurrent == .mamba2(Mamba2Block(heads: 80, headDim: 64, stateDim: 128, groups: 1, convWidth: 4)))
        let mamba1 = try ConfigSource.model("mamba-130m-hf")
        #expect(mamba1.layers[0].recurrent == .mamba1(Mamba1Block(innerDim: 1536, stateDim: 16, convWidth: 4)))
        let rwkv = try ConfigSource.model("rwkv5-world-3b")
        #expect(rwkv.layers[0].recurrent == .rwkv(RWKVBlock(version: 5, hiddenSize: 2560, attentionHiddenSize: 2560, headSize: 64)))
        #expect(rwkv.advertisedContext == 4096)
    }

    @Test func layerPatterns() throws {
        let gemma3 = try ConfigSource.model("gemma-3-1b-it")
        let groups = gemma3.attentionGroups
        #expect(groups.count == 2)
        let global = try #require(groups.first { $0.attention.kind == .full })
        #expect(global.layers == [5, 11, 17, 23] && global.attention.rotary?.base == 1e6)
        let local = try #require(groups.first { $0.attention.kind == .sliding })
        #expect(local.attention.rotary?.base == 1e4 && local.attention.window == 512 && local.layers.count == 22)

        let scout = try ConfigSource.model("llama-4-scout-17b-16e")
        #expect(scout.attentionGroups.map(\.label) == ["chunked_attention (chunk 8192)", "full_attention (NoPE)"])
        #expect(scout.rotaryLayerCount == 36 && scout.advertisedContext == 10_485_760)

        let v3 = try ConfigSource.model("deepseek-v3")
        let attention = try #require(v3.layers[0].attention)
        #expect(attention.rotary?.rotaryDim == 64 && attention.headDim == 192 && attention.latentCacheWidth == 576)
        #expect(v3.originalContext == 4096)

        let neox = try ConfigSource.model("gpt-neox-20b")
        #expect(neox.layers[0].attention?.rotary?.rotaryDim == 24)
        let phi4 = try ConfigSource.model("phi-4-mini-instruct")
        #expect(phi4.layers[0].attention?.rotary?.rotaryDim == 96 && phi4.originalContext == 4096)
        let mistral = try ConfigSource.model("mistral-7b-v0.1")
        #expect(mistral.layers[0].attention?.kind == .sliding && mistral.layers[0].attention?.window == 4096)
        let qwen = try ConfigSource.model("qwen2-7b-instruct")
        #expect(qwen.layers[0].attention?.kind == .full)
        #expect(try ConfigSource.model("llama-2-7b").dtype == .fp16)
        #expect(try ConfigSource.model("ministral-3-3b-reasoning-2512").dtype == .bf16)
    }
}
