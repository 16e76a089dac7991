import Foundation
import Testing
import TestSupport
@testable import Bounds
@testable import Rotary

/// The float64 vectors of rope-bounds.md §6.1, computed there from the reconstructed formulas
/// and printed to one decimal (or to the digits shown).
@Suite("Phase-modulation bounds (reconstructed Liu 2026)")
struct PhaseModulationBoundsTests {
    func b(_ L: Int, _ N: Int = 1, _ e: Double = 0.5, _ f: FloatFormat = .fp32) -> PhaseModulationBounds {
        PhaseModulationBounds(context: L, layers: N, epsilon: e, precision: f)
    }

    @Test func lowerBounds() {
        let oneDecimal = Tolerance.absolute(0.05)
        #expect(isClose(b(4096).aliasingMinBase, 651.9, oneDecimal))
        #expect(isClose(b(131072).aliasingMinBase, 20_860.8, oneDecimal))
        #expect(isClose(b(1_048_576).aliasingMinBase, 166_886.1, oneDecimal))
        #expect(isClose(b(4096, 1, 0.5).dcMinBase, 3911.4, oneDecimal))
        #expect(isClose(b(4096, 1, 0.9).dcMinBase, 9081.5, oneDecimal))
        #expect(isClose(b(4096, 32, 0.5).depthMinBase, 19_750.4, oneDecimal))
        #expect(isClose(b(4096, 32, 0.9).depthMinBase, 50_503.3, oneDecimal))
        #expect(isClose(b(32768, 32, 0.9).depthMinBase, 404_026.0, .printed(digits: 6)))
        #expect(isClose(b(131072, 32, 0.5).depthMinBase, 632_013.2, oneDecimal))
        #expect(isClose(b(1_048_576, 32, 0.9).depthMinBase, 1.2929e7, .printed(digits: 5)))
        #expect(b(1_048_576, 32, 0.9).feasibleInterval == nil)     // above the fp32 ceiling
    }

    @Test func exactFrequencyAliasing() {
        // base > (L/2π)^{d/(d−2)} for d = 128.
        for (L, expected) in [(4096, 722.5), (32768, 5974.1), (131_072, 24_428.2), (1_048_576, 201_983.4)] {
            let bound = PhaseModulationBounds.ropeTheta(forEffectiveBase: b(L).aliasingMinBase, rotaryDim: 128)
            #expect(isClose(bound, expected, .absolute(0.05)), "L = \(L): \(bound)")
        }
    }

    @Test func ceilingsAndWalls() {
        #expect(b(1, 1, 0.5, .fp32).precisionMaxBase == 8_388_608)
        #expect(b(1, 1, 0.5, .bf16).precisionMaxBase == 128 && b(1, 1, 0.5, .fp16).precisionMaxBase == 1024)
        #expect(b(1, 1, 0.5, .fp8E4M3).precisionMaxBase == 8)
        #expect(isClose(PhaseModulationBounds.precisionWall(epsilon: 0.9, layers: 32, precision: .fp32), 680_347, .absolute(0.5)))
        #expect(isClose(PhaseModulationBounds.precisionWall(epsilon: 0.5, layers: 61, precision: .fp32), 1.262e6, .printed(digits: 4)))
        // §1.8 table, printed to 4 digits.
        for (e, n, wall) in [(0.5, 1, 8.785e6), (0.5, 32, 1.740e6), (0.9, 80, 4.304e5), (0.99, 61, 1.523e5)] {
            #expect(isClose(PhaseModulationBounds.precisionWall(epsilon: e, layers: n, precision: .fp32), wall, .printed(digits: 4)))
        }
    }

    /// Effective bases of scaled spectra (rope-bounds.md §6.1) and the verdict table's rows.
    @Test func verdictsForPublicConfigs() throws {
        let llama31 = try RotaryConfiguration(base: 5e5, headDim: 128,
                                              scaling: .llama3(.init(factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192))).spectrum()
        #expect(isClose(llama31.effectiveBase, 3.2585e6, .printed(digits: 5)))
        // Paper convention, raw base, ε = 0.5: Llama-2-7B violates only the depth bound.
        let llama2 = b(4096, 32, 0.5).checks(minInverseFrequency: 1e-4, nominalBase: 1e4, convention: .paper)
        #expect(llama2.map(\.bound) == Bound.phaseModulation && llama2.map(\.holds) == [true, true, false, true])
        // Mistral-7B-v0.1 at 32768: DC and depth violated; CodeLlama at 100K violates depth only at ε = 0.9.
        #expect(b(32768, 32, 0.5).checks(minInverseFrequency: 1, nominalBase: 1e4, convention: .paper).map(\.holds) == [true, false, false, true])
        #expect(b(100_000, 32, 0.9).checks(minInverseFrequency: 1, nominalBase: 1e6, convention: .paper).map(\.holds) == [true, true, false, true])
        #expect(b(100_000, 32, 0.5).checks(minInverseFrequency: 1, nominalBase: 1e6, convention: .paper).allSatisfy { $0.holds })
        // A base of 1e7 is above the fp32 ceiling.
        #expect(!b(1000, 1).checks(minInverseFrequency: 1e-7, nominalBase: 1e7, convention: .exact)[3].holds)
    }

    /// The coherences at the thresholds the bounds define: cos(L·ω) = ε exactly where the DC bound
    /// binds, and the depth coherence cos(L·ω)^N = ε where the depth bound binds (identities of the
    /// definitions, checked through the public API from both sides).
    @Test func coherencesAtTheirThresholds() {
        for (L, N, e) in [(4096, 32, 0.5), (131_072, 80, 0.9), (1_000, 1, 0.25)] {
            let bounds = b(L, N, e)
            #expect(isClose(bounds.dcCoherence(minInverseFrequency: 1 / bounds.dcMinBase), e, .tol2))
            #expect(isClose(bounds.depthCoherence(minInverseFrequency: 1 / bounds.depthMinBase), e, .tol3))
        }
        // cos(π/3) = 1/2: a slowest channel turning π/3 over the context keeps half its projection.
        #expect(isClose(b(3000).dcCoherence(minInverseFrequency: Double.pi / 3 / 3000), 0.5, .tol1))
        #expect(b(4096, 32, 0.5).depthCoherence(minInverseFrequency: 1e-3) == 0)       // L·ω = 4.1 > π/2
    }
}
