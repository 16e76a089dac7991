import Foundation
import Testing
import TestSupport
@testable import Locality
@testable import Rotary

@Suite("Fixed content, uniform positions (reconstructed Du et al. model)")
struct UniformPositionModelTests {
    /// locality.md §1.8(a): all-ones q = k, exact over all positions and pairs.
    @Test(arguments: [(1e4, 1024, 36.622783, 1576.853721, 24.476234, 0.181316), (1e4, 32768, -0.826167, 167.327030, 7.759844, 0.428898),
                      (5e5, 1024, 63.660291, 4178.222165, 58.124484, 0.219871), (5e5, 32768, 29.752574, 1044.221821, 28.315957, 0.263349)])
    func allOnesTable(base: Double, L: Int, mean: Double, second: Double, last: Double, inversion: Double) {
        let theta = spectrum(base, 128), content = ContentPair.ones(dimension: 128)
        let sixDecimals = Tolerance.absolute(5e-7 + 1e-12)        // the table prints six decimals
        #expect(isClose(UniformPositionModel.mean(content, inverseFrequencies: theta, context: L), mean, sixDecimals))
        #expect(isClose(UniformPositionModel.secondMoment(content, inverseFrequencies: theta, context: L), second, sixDecimals))
        let s = UniformPositionModel.scores(content, inverseFrequencies: theta, context: L)
        #expect(isClose(s[L - 1], last, sixDecimals) && isClose(s[0], 128, .tol1))
        #expect(isClose(UniformPositionModel.inversionRate(s), inversion, sixDecimals))
    }

    static let reference = Fixture.load("locality.json", from: .module)["cases"].array

    /// The four events for two arbitrary contents against NumPy's brute force over every pair
    /// (Fixtures/make_locality_reference.py; bf16 rounding done there in Python integers). Counts
    /// are exact, so the rates agree to the last bit of their division.
    @Test func eventsMatchABruteForceReference() {
        for c in Self.reference {
            let theta = spectrum(c["base"].double, c["rotary_dim"].int), L = c["context"].int
            func pair(_ f: Fixture) -> ContentPair { ContentPair(amplitudes: f["amplitudes"].doubles, phases: f["phases"].doubles) }
            let s1 = UniformPositionModel.scores(pair(c["first"]), inverseFrequencies: theta, context: L)
            let s2 = UniformPositionModel.scores(pair(c["second"]), inverseFrequencies: theta, context: L)
            #expect(isClose(UniformPositionModel.inversionRate(s1), c["position_inversion"].double, .tol1))
            #expect(isClose(UniformPositionModel.aliasingRate(s1, format: .bf16), c["position_aliasing"].double, .tol1))
            let token = UniformPositionModel.tokenEvents(s1, s2, format: .bf16)
            #expect(isClose(token.inversion, c["token_inversion"].double, .tol1) && isClose(token.aliasing, c["token_aliasing"].double, .tol1))
            #expect(token.aliasing > 0, "the reference cases were chosen to alias somewhere")
        }
    }

    /// The normal predictor of the position inversion under the halves and intervals protocols
    /// against NumPy's moments of the scores over each range, computed directly (not from the
    /// Dirichlet kernel); none under all pairs.
    @Test func positionInversionPredictorMatchesDirectMoments() {
        for c in Self.reference {
            let theta = spectrum(c["base"].double, c["rotary_dim"].int), L = c["context"].int
            let first = ContentPair(amplitudes: c["first"]["amplitudes"].doubles, phases: c["first"]["phases"].doubles)
            for (p, key) in [(PositionProtocol.halves, "position_inversion_predicted_halves"), (.intervals, "position_inversion_predicted_intervals")] {
                let predicted = UniformPositionModel.positionInversionPredictor(first, inverseFrequencies: theta, context: L, protocol: p)
                #expect(predicted.map { isClose($0, c[key].double, .tol3) } == true, "\(p) at L = \(L): \(String(describing: predicted))")
            }
            #expect(UniformPositionModel.positionInversionPredictor(first, inverseFrequencies: theta, context: L, protocol: .allPairs) == nil)
        }
    }

    /// The sweep over prefixes gives the events of each prefix computed on its own.
    @Test func contextSweepUsesPrefixes() throws {
        let theta = spectrum(1e4, 16)
        let sweep = try UniformPositionModel.contextSweep(.ones, inverseFrequencies: theta, contexts: [256, 1000], format: .bf16)
        let (first, second) = ContentModel.ones.pairs(dimension: 16)
        for e in sweep {
            let s1 = UniformPositionModel.scores(first, inverseFrequencies: theta, context: e.context)
            let s2 = UniformPositionModel.scores(second, inverseFrequencies: theta, context: e.context)
            let token = UniformPositionModel.tokenEvents(s1, s2, format: .bf16)
            #expect(e.positionInversion == UniformPositionModel.inversionRate(s1) && e.tokenInversion == token.inversion)
            #expect(e.positionAliasing == UniformPositionModel.aliasingRate(s1, format: .bf16) && e.tokenAliasing == token.aliasing)
        }
    }

    /// The seed sweep's mean and standard error s/√n (s with n − 1) of the per-draw sweeps, every
    /// event; one draw has no spread.
    @Test func seedSweepAveragesTheDraws() throws {
        let theta = spectrum(1e4, 16), contexts = [64, 300], seeds: [UInt64] = [3, 4, 5, 6]
        let spread = try UniformPositionModel.seedSweep(rho: 0.5, seeds: seeds, inverseFrequencies: theta, contexts: contexts, format: .bf16)
        let runs = try seeds.map { try UniformPositionModel.contextSweep(.gaussian(rho: 0.5, seed: $0), inverseFrequencies: theta, contexts: contexts, format: .bf16) }
        for (c, row) in spread.enumerated() {
            #expect(row.draws == 4 && row.mean.context == contexts[c])
            for key in [\EventRates.positionInversion, \.positionAliasing, \.tokenInversion, \.tokenAliasing] {
                let xs = runs.map { $0[c][keyPath: key] }
                let mean = xs.reduce(0, +) / 4
                let s = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
                #expect(isClose(row.mean[keyPath: key], mean, .tol1) && isClose(row.standardError[keyPath: key], s / 2, .tol2))
            }
        }
        #expect(Set(runs.map { $0[1].positionInversion }).count > 1, "the draws differ")
        let one = try UniformPositionModel.seedSweep(rho: 0.5, seeds: [3], inverseFrequencies: theta, contexts: contexts, format: .bf16)
        #expect(one[1].standardError.positionInversion == 0 && one[1].mean.positionInversion == runs[0][1].positionInversion)
    }

    @Test func momentsAgainstBruteForceForRandomContent() {
        var rng = RandomStreamForTests(seed: 3)
        let q = (0..<64).map { _ in rng.next() }, k = (0..<64).map { _ in rng.next() }
        let content = ContentPair(query: q, key: k), theta = spectrum(1e4, 64)
        for L in [1, 7, 1000] {
            let s = UniformPositionModel.scores(content, inverseFrequencies: theta, context: L)
            let mean = s.reduce(0, +) / Double(L), second = s.reduce(0) { $0 + $1 * $1 } / Double(L)
            // The closed forms sum h or h² terms; the brute-force sums L terms: agreement to ~L·ε.
            #expect(isClose(UniformPositionModel.mean(content, inverseFrequencies: theta, context: L), mean, .absolute(1e-9 * max(1, abs(mean)))))
            #expect(isClose(UniformPositionModel.secondMoment(content, inverseFrequencies: theta, context: L), second, .absolute(1e-9 * second)))
        }
    }

    @Test func countingAgainstQuadraticLoops() {
        var rng = RandomStreamForTests(seed: 9)
        let values = (0..<700).map { _ in (rng.next() * 20).rounded() / 4 }     // many ties
        var ascending = 0, equal = 0
        for i in values.indices { for j in (i + 1)..<values.count { if values[i] < values[j] { ascending += 1 }; if values[i] == values[j] { equal += 1 } } }
        let pairs = Double(values.count * (values.count - 1) / 2)
        #expect(UniformPositionModel.inversionRate(values) == Double(ascending) / pairs)
        #expect(UniformPositionModel.aliasingRate(values, format: .fp64) == Double(equal) / pairs)
    }
}

/// A tiny deterministic generator for test content (uniform in [−1, 1)).
struct RandomStreamForTests {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) * 0x1p-52 - 1
    }
}
