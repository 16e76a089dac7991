import Foundation
import Testing
import TestSupport
@testable import Bounds
import Rotary

@Suite("RoFormer decay and extrapolation scaling laws")
struct DecayAndExtrapolationTests {
    /// rope-bounds.md §6.3 (float64 computations from the paper's definition, printed to 4 decimals).
    @Test func roformerRelativeUpperBound() {
        let r = [0, 1, 2, 5, 10, 20, 50, 100, 150, 200, 250]
        let d128 = [32.5, 31.5382, 28.9560, 20.8454, 17.9541, 15.2424, 12.6295, 10.2273, 7.5885, 7.2448, 6.5482]
        let d64 = [16.5, 15.9478, 14.4845, 10.4276, 8.8143, 8.0106, 5.7331, 7.4653, 4.2242, 3.8605, 3.6687]
        for (d, expected) in [(128, d128), (64, d64)] {
            let theta = RotarySpectrum.standardInverseFrequencies(base: 1e4, rotaryDim: d)
            for (distance, value) in zip(r, expected) {
                #expect(isClose(RoFormerDecay.relativeUpperBound(distance: distance, inverseFrequencies: theta), value, .absolute(5e-5)),
                        "d = \(d), r = \(distance)")
            }
        }
        // U(0) = (d/2 + 1)/2 exactly: every partial sum S_j(0) = j.
        #expect(RoFormerDecay.relativeUpperBound(distance: 0, inverseFrequencies: RotarySpectrum.standardInverseFrequencies(base: 1e4, rotaryDim: 128)) == 32.5)
    }

    /// rope-bounds.md §6.4: d_extra = 92 is the paper's own worked example [V]; the rest [C].
    @Test func criticalDimension() {
        #expect(ExtrapolationLaws(headDim: 128, trainLength: 4096).criticalDimension == 92)
        for (d, t, expected) in [(128, 2048.0, 82), (128, 8192, 100), (128, 16384, 110), (64, 4096, 46)] {
            #expect(ExtrapolationLaws(headDim: d, trainLength: t).criticalDimension == expected)
        }
    }

    /// rope-bounds.md §6.4, limits printed to 0.1 token, bases to 4 significant digits.
    @Test func extrapolationLimitAndInverse() {
        let laws = ExtrapolationLaws(headDim: 128, trainLength: 4096)
        let table: [(Double, Double)] = [(1e4, 4711.7), (4e4, 12_761.8), (8e4, 21_002.7), (1.2e5, 28_108.7), (5e5, 78_399.7),
                                         (6e5, 89_377.1), (1e6, 129_026.8), (5e6, 410_265.1), (1e7, 675_196.0)]
        for (base, limit) in table { #expect(isClose(laws.extrapolationLimit(base: base), limit, .absolute(0.05)), "β = \(base)") }
        #expect(isClose(laws.extrapolationLimit(base: 1e9), 1.84897e7, .printed(digits: 6)))
        for (target, base) in [(16_384.0, 5.663e4), (32_768, 1.485e5), (100_000, 7.015e5), (131_072, 1.022e6), (1e6, 1.727e7)] {
            #expect(isClose(laws.baseNeeded(for: target), base, .printed(digits: 4)), "T* = \(target)")
        }
    }

    /// rope-bounds.md §6.4, critical bases printed to 0.1.
    @Test func criticalAndSmallBases() {
        let laws = ExtrapolationLaws(headDim: 128, trainLength: 4096)
        for (tune, base) in [(4096.0, 10_000.0), (8192, 26_784.0), (16_384, 71_738.4), (32_768, 192_144.5), (102_400, 970_497.4)] {
            #expect(isClose(laws.criticalBase(tuneLength: tune), base, .absolute(0.05)), "T_tune = \(tune)")
        }
        let (b1, b2, b3) = ExtrapolationLaws.smallBases(tuneLength: 4096)
        #expect(b1.rounded() == 2608 && b3.rounded() == 652 && isClose(b2, 1303.8, .printed(digits: 5)))  // README: "2608 … 652"
        #expect(laws.updatedCriticalDimension(base: 1e4, tuneLength: 4096) == 92)
    }
}
