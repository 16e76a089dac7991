import Foundation
import Testing
import TestSupport
@testable import ContextLimits

@Suite("ConfigFix: what to change, and the patched config")
struct ConfigFixTests {
    /// Llama-2-7B to 16K: the new-rope_theta option of an unscaled spectrum is b*(16384) — the phase
    /// bounds need far less (the depth bound ≈ 8·10⁴) — which rope-bounds.md §6.2's fine scan puts at
    /// 231 645 (grid step 5) and Su's recomputation at 2.3·10⁵. Every option that holds is checked
    /// again on its own patched model.
    @Test func llama2To16K() throws {
        let fix = try ConfigFix(input: try ModelInput.load("llama-2-7b"), context: 16_384, searchWiderFormats: false)
        let theta = try #require(fix.options.first { $0.change == .ropeTheta }?.ropeTheta)
        #expect(theta > 231_640 && theta <= 231_645, "\(theta)")
        let recommended = try #require(fix.recommended)
        #expect(fix.options[recommended].holds)
        for option in fix.options where option.holds {
            let patched = fix.input.replacingRotary { $0 == fix.original ? option.rotary : nil }
            let reach = try BoundReach(input: patched, horizon: 1 << 20)
            #expect((reach.maxContext ?? .max) >= 16_384, "\(option.change.label)")
            #expect(try ModelReport(input: patched, context: 16_384).feasible)
        }
        // The recommended change moves the spectrum least.
        let distortions = fix.options.filter(\.holds).compactMap(\.distortion)
        #expect(fix.options[recommended].distortion == distortions.min())
    }

    /// Past the bf16 precision wall nothing holds, and the narrowest format that admits a change is named.
    @Test func pastThePrecisionWall() throws {
        let fix = try ConfigFix(input: try ModelInput.load("llama-3-8b"), context: 65_536, settings: BoundSettings(precision: .bf16))
        #expect(fix.recommended == nil && fix.options.allSatisfy { !$0.holds })
        #expect(Double(fix.context) > fix.precisionWall && fix.narrowestFormat == .fp32)
    }

    @Test func nothingToFixWithoutRoPE() {
        #expect(throws: ConfigFix.Failure.self) { try ConfigFix(input: try ModelInput.load("mamba2-130m"), context: 4096) }
    }

    /// The patched config is in the config's own schema and reads back with the change: v4
    /// (`rope_scaling` beside `rope_theta`), v5 (`rope_parameters` holding rope_theta), text_config.
    @Test(arguments: [
        #"{"model_type": "llama", "hidden_size": 512, "num_attention_heads": 8, "num_hidden_layers": 4, "max_position_embeddings": 2048, "rope_theta": 10000.0, "rope_scaling": null}"#,
        #"{"model_type": "llama", "hidden_size": 512, "num_attention_heads": 8, "num_hidden_layers": 4, "max_position_embeddings": 2048, "rope_parameters": {"rope_type": "default", "rope_theta": 10000.0}}"#,
        #"{"model_type": "llava", "text_config": {"model_type": "llama", "hidden_size": 512, "num_attention_heads": 8, "num_hidden_layers": 4, "max_position_embeddings": 2048, "rope_theta": 10000.0}}"#,
    ])
    func patchesInTheConfigsOwnSchema(config: String) throws {
        let root = try JSONParser.parse(config)
        let document = ConfigDocument(name: "tiny", origin: .bundled("tiny"), root: root)
        let input = ModelInput(model: try ModelReader.read(root, name: "tiny"), origin: .config("tiny"), document: document)
        let fix = try ConfigFix(input: input, context: 8192, searchWiderFormats: false)
        for option in fix.options where option.rotary != nil {
            let patched = try ConfigPatch.apply(fix, option: option, to: document)
            let text = JSONWriter.text(patched)
            let model = try ModelReader.read(text: text, name: "tiny")
            #expect(model.layers.allSatisfy { $0.attention?.rotary == option.rotary }, "\(option.change.label)")
            let v5 = config.contains("rope_parameters")
            #expect(text.contains("\"rope_parameters\"") == v5 && text.contains("\"rope_scaling\"") == !v5, "\(option.change.label): \(text)")
            #expect(config.contains("text_config") == text.contains("\"text_config\""))
        }
    }
}
