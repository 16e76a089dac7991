import Foundation
import Testing
import TestSupport
@testable import ContextLimits
import Models
import StateCapacity

/// Every family fixture, and the bundled releases of 2025–2026 ("bundled/…"), against what transformers 5.25 makes of it (family_cases.json, written by
/// Tests/ModelsTests/Fixtures/make_family_reference.py from the model built on the meta device):
/// which layers rotate, the spectrum of each rotating layer type (1e-6 relative: transformers
/// computes in float32), cached K/V elements per token, and each recurrent layer's state and
/// convolution cache (exact), and the weight count (within 0.5 %).
@Suite("2025–2026 families against transformers")
struct FamilyOracleTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../ModelsTests/Fixtures").standardized
    static let reference = Fixture.load(fixtures.appendingPathComponent("family_cases.json"))

    static var names: [String] { reference["cases"].object.keys.sorted() }

    @Test(arguments: names)
    func agreesWithTransformers(_ name: String) throws {
        let expected = Self.reference["cases"][name]
        let file = name.hasPrefix("bundled/")
            ? Self.fixtures.appendingPathComponent("../../../Examples/configs/\(name.dropFirst(8)).json").standardized
            : Self.fixtures.appendingPathComponent("families/\(name).json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let model = try ModelReader.read(text: text, name: name)
        #expect(model.layerCount == expected["layer_types"].array.count)
        let rotating = model.layers.indices.filter { model.layers[$0].attention?.rotary != nil }
        #expect(rotating == expected["rotating_layers"].array.map(\.int), "\(name): layers that apply RoPE")
        for group in model.attentionGroups where group.attention.rotary != nil {
            let spectrum = try group.attention.rotary!.spectrum()
            guard let reference = expected["groups"].optional(group.attention.kind.rawValue) else {
                Issue.record("\(name): transformers has no rotating \(group.attention.kind.rawValue) layers")
                continue
            }
            let inv = reference["inv_freq"].doubles
            #expect(spectrum.inverseFrequencies.count == inv.count, "\(name): channels")
            for (value, wanted) in zip(spectrum.inverseFrequencies, inv) {
                #expect(isClose(value, wanted, .float32(8)), "\(name) \(group.label): \(value) vs \(wanted)")
            }
            #expect(isClose(spectrum.attentionFactor, reference["attention_factor"].double, .float32(1)))
        }
        let report = RecurrentReport(model: model)
        #expect(report.caches.reduce(0) { $0 + $1.elementsPerToken } == expected["kv_elements_per_token"].int, "\(name): K/V elements per token")
        #expect(report.states.map(\.elements) == expected["state_elements"].array.map(\.int), "\(name): state elements per layer")
        #expect(report.states.map { $0.elementsWithAllocatedConvolution - $0.elements } == expected["conv_elements"].array.map(\.int),
                "\(name): convolution cache per layer")
        // Weights: the transformer families and the hybrid layouts of Models/Families (Gated DeltaNet,
        // Mamba-2, KDA, lightning attention, short convolutions, Gemma 3n / 4 per-layer inputs) are
        // counted, norms and biases left out: within 0.5 %.
        let root = try JSONParser.parse(text)
        do {
            let count = try ParameterCount.count(root)
            #expect(isClose(count, expected["parameters"].double, .approximation(5e-3)), "\(name): \(count) vs \(expected["parameters"].double)")
        } catch {
            // Every family of the cases is counted; only configs without their sizes (a text_config
            // relying on its class's vocab_size) fail, saying which key is missing.
            #expect(error.description.contains("needed"), "\(name): \(error)")
        }
    }
}
