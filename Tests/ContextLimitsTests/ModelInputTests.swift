import Foundation
import Testing
import TestSupport
@testable import ContextLimits

/// The one model input: spectra of each rotary group at the checked context, against what
/// transformers computes for the same config at that sequence length (Tests/ModelsTests/Fixtures/
/// hf_models.json, written by Tests/RotaryTests/Fixtures/make_hf_reference.py).
@Suite("ModelInput: one model, spectra at a context")
struct ModelInputTests {
    static let transformers = Fixture.load(
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../ModelsTests/Fixtures/hf_models.json").standardized
    )["models"]

    /// transformers computes in float32: relative agreement to (|ln θ| + 3)·2⁻²³ (its pow), at least 1e-6.
    static func matchesTransformers(_ spectrum: RotarySpectrum, _ expected: Fixture) -> Bool {
        zip(spectrum.inverseFrequencies, expected["inv_freq"].doubles).allSatisfy { a, b in
            abs(a - b) <= max(1e-6, 2 * (abs(log(a)) + 3) * 0x1p-24) * b
        } && spectrum.inverseFrequencies.count == expected["inv_freq"].array.count
    }

    /// Length-dependent scalings are evaluated at the context: dynamic NTK grows its base beyond
    /// max_position_embeddings, longrope switches to its long factors beyond L₀ — as transformers'
    /// runtime update does at that sequence length.
    @Test(arguments: ["internlm2.5-7b", "phi-3.5-mini-instruct", "phi-4-mini-instruct"])
    func lengthDependentSpectraFollowTheContext(name: String) throws {
        let input = try ModelInput.load(name)
        let reference = Self.transformers[name]["all"]
        let runtime = reference["at_seq_len"], L = runtime["seq_len"].int
        let atContext = try #require(try input.spectra(atContext: L).first)
        #expect(Self.matchesTransformers(atContext.spectrum, runtime), "\(name) at \(L)")
        // At (or below) the switching length the spectrum is the one transformers builds at initialisation.
        let atInit = try #require(try input.spectra(atContext: 1).first)
        #expect(Self.matchesTransformers(atInit.spectrum, reference), "\(name) at initialisation")
        #expect(atContext.spectrum != atInit.spectrum)
        #expect(atContext.context == L && atContext.span == min(L, atContext.window ?? L))
    }

    @Test func groupsDepthAndDominantSpectrum() throws {
        let gemma = try ModelInput.load("gemma-3-1b-it")           // 26 layers: 1 global in every 6
        #expect(gemma.rotaryGroups.count == 2 && gemma.depth == 26)
        let spectra = try gemma.spectra(atContext: 32768)
        #expect(spectra.map(\.span) == [512, 32768])                 // sliding window 512, full attention
        let dominant = try #require(try gemma.dominantSpectrum(atContext: 32768))
        #expect(dominant.label.hasPrefix("sliding_attention") && dominant.layers.count == 22)
        let scout = try ModelInput.load("llama-4-scout-17b-16e")     // every 4th of 48 layers is NoPE
        #expect(scout.depth == 36 && scout.rotaryGroups.count == 1)
        let mamba = try ModelInput.load("mamba2-130m")
        #expect(mamba.rotaryGroups.isEmpty)
        #expect(try mamba.spectra(atContext: 100).isEmpty)
        #expect(try mamba.dominantSpectrum(atContext: 100) == nil)
    }

    @Test func bareParametersAreAModelOfTheirOwn() throws {
        let rotary = RotaryConfiguration(base: 5e5, headDim: 128, scaling: .llama3(.init(factor: 8, lowFreqFactor: 1, highFreqFactor: 4,
                                                                                           originalMaxPositionEmbeddings: 8192)))
        let input = ModelInput(parameters: rotary, layers: 32, context: 131_072)
        #expect(input.depth == 32 && input.model.advertisedContext == 131_072 && input.model.originalContext == 8192)
        #expect(input.origin == .parameters)
        let s = try #require(try input.spectra(atContext: 131_072).first)
        #expect(s.spectrum == (try rotary.spectrum(sequenceLength: 131_072)) && s.span == 131_072)
        // transformers' llama3 spectrum of Llama-3.1-8B has the same parameters.
        #expect(Self.matchesTransformers(s.spectrum, Self.transformers["llama-3.1-8b"]["all"]))
    }
}
