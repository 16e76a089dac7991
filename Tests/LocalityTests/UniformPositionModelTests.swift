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
        #expect(abs(UniformPositionModel.mean(content, inverseFrequencies: theta, context: L) - mean) < 1e-5)
        #expect(abs(UniformPositionModel.secondMoment(content, inverseFrequencies: theta, context: L) - second) < 1e-5)
        let s = UniformPositionModel.scores(content, inverseFrequencies: theta, context: L)
        #expect(abs(s[L - 1] - last) < 1e-5 && abs(s[0] - 128) < 1e-12)
        #expect(abs(UniformPositionModel.inversionRate(s) - inversion) < 1e-6)
    }

    @Test func momentsAgainstBruteForceForRandomContent() {
        var rng = RandomStreamForTests(seed: 3)
        let q = (0..<64).map { _ in rng.next() }, k = (0..<64).map { _ in rng.next() }
        let content = ContentPair(query: q, key: k), theta = spectrum(1e4, 64)
        for L in [1, 7, 1000] {
            let s = UniformPositionModel.scores(content, inverseFrequencies: theta, context: L)
            let mean = s.reduce(0, +) / Double(L), second = s.reduce(0) { $0 + $1 * $1 } / Double(L)
            #expect(abs(UniformPositionModel.mean(content, inverseFrequencies: theta, context: L) - mean) < 1e-9 * max(1, abs(mean)))
            #expect(abs(UniformPositionModel.secondMoment(content, inverseFrequencies: theta, context: L) - second) < 1e-9 * second)
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

    @Test func tokenEvents() {
        let theta = spectrum(1e4, 8)
        let a = ContentPair(amplitudes: [2, 1, 1, 1], phases: [0, 0, 0, 0]), b = ContentPair(amplitudes: [1, 1, 1, 1], phases: [0.5, 0, 0, 0])
        let s1 = UniformPositionModel.scores(a, inverseFrequencies: theta, context: 4096)
        let s2 = UniformPositionModel.scores(b, inverseFrequencies: theta, context: 4096)
        let (inversion, aliasing) = UniformPositionModel.tokenEvents(s1, s2, format: .bf16)
        let brute = Double(zip(s1, s2).filter { ($0 > $1) != (s1[0] > s2[0]) && $0 != $1 }.count) / 4096
        #expect(inversion == brute && inversion > 0 && aliasing >= 0)
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
