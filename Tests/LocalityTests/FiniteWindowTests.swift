import Foundation
import Testing
import TestSupport
@testable import Locality
import Rotary

/// Wu, Du & Peng (2026) against the reference of make_finite_window_reference.py (NumPy, from the
/// paper's formulas), which reproduces the paper's own numbers (Qwen3-8B: 34/40/47 high channels,
/// M·ω₅₁ = 0.54225 at 32K).
@Suite("Finite-window theory (Wu, Du & Peng 2026)")
struct FiniteWindowTests {
    static let reference = Fixture.load("finite_window.json", from: .module)

    static func grid(_ base: Double, _ h: Int) -> [Double] { RotarySpectrum.standardInverseFrequencies(base: base, rotaryDim: 2 * h) }

    @Test(arguments: reference["analyses"].array.indices)
    func constantsAndBandsMatchTheReference(index: Int) {
        let r = Self.reference["analyses"].array[index]
        let constants: FiniteWindow.Constants = r["frame_constant"].double == 0.06 ? .operational : .certified(epsilon: r["epsilon"].double)
        let w = FiniteWindow(inverseFrequencies: Self.grid(r["base"].double, 64), base: r["base"].double, window: r["window"].int,
                             constants: constants, zeta: r["zeta"].double)
        #expect(isClose(w.gamma, r["gamma"].double, .tol2))
        #expect(w.highBand == r["high_band"].array.map(\.int))
        #expect(isClose(w.adjacentGain, r["r_f"].double, .tol3))
        #expect(isClose(w.responseFloor, r["response_floor"].double, .tol3))
        #expect(isClose(w.reversalLowerBound, r["p_rev_lower"].double, .tol4))
        #expect(w.sufficientWindow == r["m_suff"].double, "\(r["base"].double) \(r["epsilon"].double)")
    }

    @Test func qwen3OperationalSplitAsThePaperReports() {
        let theta = Self.grid(1e6, 64)
        for r in Self.reference["operational_qwen3"].array {
            let w = FiniteWindow(inverseFrequencies: theta, base: 1e6, window: r["window"].int, constants: .operational)
            #expect(w.highBand.count == r["high_band_size"].int && isClose(w.gamma, r["threshold"].double, .tol2))
            #expect(isClose(Double(r["window"].int) * theta[51], r["m_omega_51"].double, .tol1))
        }
        #expect(FiniteWindow(inverseFrequencies: theta, base: 1e6, window: 32768, constants: .operational).highBand.count == 40)
        // The paper: M ω₅₁ = 0.54225 rad at 32K.
        #expect(isClose(32768 * theta[51], 0.54225, .printed(digits: 5)))
    }

    @Test func deltaStarAndGaussianError() {
        for pair in Self.reference["delta_star"].array {
            let (e, expected) = (pair.array[0].double, pair.array[1].double)
            let w = FiniteWindow(inverseFrequencies: Self.grid(1e4, 64), base: 1e4, window: 4096, constants: .certified(epsilon: e))
            #expect(isClose(w.deltaStar, expected, .tol3))
        }
        for pair in Self.reference["c_g"].array {
            #expect(isClose(FiniteWindow.gaussianError(epsilon: pair.array[0].double), pair.array[1].double, .tol2))
        }
        // M_suff for base 1e4, h = 64, ε = 0.25, ζ = 0.5, certified: 3.2475e6 (finite-window.md (A6)).
        #expect(isClose(FiniteWindow(inverseFrequencies: Self.grid(1e4, 64), base: 1e4, window: 4096, constants: .certified(epsilon: 0.25)).sufficientWindow,
                        3.2475e6, .printed(digits: 5)))
    }

    /// p_rev_lower is non-decreasing in M (Theorem 1), so M_max is the last window at or below δ.
    @Test func maximalWindow() {
        let theta = Self.grid(1e4, 64), windows = (10...32).map { 1 << $0 }
        let lower = windows.map { FiniteWindow(inverseFrequencies: theta, base: 1e4, window: $0, constants: .operational).reversalLowerBound }
        #expect(zip(lower, lower.dropFirst()).allSatisfy { $0 <= $1 + 1e-15 })
        let m = FiniteWindow.maximalWindow(inverseFrequencies: theta, base: 1e4, windows: windows, constants: .operational, delta: 0.05)
        let expected = windows.filter { FiniteWindow(inverseFrequencies: theta, base: 1e4, window: $0, constants: .operational).reversalLowerBound <= 0.05 }.max()
        #expect(m == expected && m != nil)
    }

    @Test func highBandShareAndPositionalSensitivity() {
        let theta = Self.grid(1e4, 64)
        let w = FiniteWindow(inverseFrequencies: theta, base: 1e4, window: 4096, constants: .operational)
        let ones = Array(repeating: 1.0, count: 64)
        #expect(isClose(w.highBandShare(amplitudes: ones), (Double(w.highBand.count) / 64).squareRoot(), .tol1))
        // g(m) = |S(m+1) − S(m)|/‖z‖ for z = 1: checked against a direct sum.
        let content = ContentPair(amplitudes: ones, phases: Array(repeating: 0, count: 64))
        let g = PositionalSensitivity.adjacentResponse(content, inverseFrequencies: theta, window: 64)
        for m in [0, 10, 62] {
            let direct = abs(theta.reduce(0) { $0 + cos(Double(m + 1) * $1) - cos(Double(m) * $1) }) / 8
            #expect(isClose(g[m], direct, .absolute(1e-12)))
        }
        let s = PositionalSensitivity.summary(content, inverseFrequencies: theta, window: 64)
        #expect(s.maximum == g.max()! && isClose(s.score, g.reduce(0, +) / 63, .tol1))
    }
}

/// The three position protocols: exact counts against the reference (an independent NumPy
/// count), and Monte Carlo within its standard error.
@Suite("Position-inversion protocols")
struct PositionProtocolTests {
    @Test(arguments: FiniteWindowTests.reference["protocols"].array.indices)
    func exactCountsMatchTheReference(index: Int) {
        let r = FiniteWindowTests.reference["protocols"].array[index]
        let L = r["context"].int
        let s = UniformPositionModel.scores(.ones(dimension: 128), inverseFrequencies: FiniteWindowTests.grid(r["base"].double, 64),
                                            context: PositionProtocol.intervals.span(L))
        for p in PositionProtocol.allCases {
            let exact = p.inversionRate(s, context: L)
            #expect(isClose(exact, r[p.rawValue].double, .tol2), "\(p) at \(L)")
            let mc = p.monteCarlo(s, context: L, samples: 200_000, seed: 7)
            #expect(isClose(mc.value, exact, .standardErrors(4, of: mc.error)), "\(p): \(mc.value) ± \(mc.error) vs \(exact)")
        }
    }

    /// p̂_rev = Φ(−μ_D/σ_D) against the counted token inversion for Gaussian content.
    @Test func reversalPredictorTracksTheCount() {
        let theta = FiniteWindowTests.grid(1e4, 64)
        let (a, b) = ContentModel.gaussian(rho: 0.5, seed: 3).pairs(dimension: 128)
        let L = 1 << 15
        let counted = UniformPositionModel.tokenEvents(UniformPositionModel.scores(a, inverseFrequencies: theta, context: L),
                                                       UniformPositionModel.scores(b, inverseFrequencies: theta, context: L), format: .fp64).inversion
        let predicted = UniformPositionModel.reversalPredictor(ContentPair.difference(a, b), inverseFrequencies: theta, context: L)
        #expect(abs(predicted - counted) < 0.05, "p̂ \(predicted) vs counted \(counted)")
    }
}
