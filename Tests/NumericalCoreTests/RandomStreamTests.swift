import Foundation
import Testing
@testable import NumericalCore
import TestSupport

@Suite("Philox random streams")
struct RandomStreamTests {
    @Test func matchesNumPyPhilox() throws {
        for record in Reference.records("philox") {
            let seed = UInt64(record["seed"].string)!, stream = UInt64(record["stream"].string)!
            var rng = RandomStream(seed: seed, stream: stream)
            let raw = record["raw"].array.map { UInt64($0.string)! }
            #expect((0..<raw.count).map { _ in rng.nextUInt64() } == raw, "seed \(seed), stream \(stream)")
            var uniformRNG = RandomStream(seed: seed, stream: stream)
            let uniform = record["uniform"].doubles
            #expect((0..<uniform.count).map { _ in uniformRNG.nextUniform() } == uniform)
        }
    }

    @Test func sameSeedSameNumbersDifferentStreamsDiffer() {
        var a = RandomStream(seed: 42), b = RandomStream(seed: 42), c = RandomStream(seed: 42, stream: 1)
        let xa = (0..<100).map { _ in a.nextUInt64() }
        #expect(xa == (0..<100).map { _ in b.nextUInt64() })
        #expect(Set(xa).isDisjoint(with: (0..<100).map { _ in c.nextUInt64() }))
    }

    /// Kolmogorov–Smirnov test of 20 000 normals against Φ; the 0.1 % critical value is 1.95/√n.
    @Test func normalsFollowTheNormalDistribution() throws {
        var rng = RandomStream(seed: 2024, stream: 3)
        let n = 20_000
        let sample = (0..<n).map { _ in rng.nextNormal() }.sorted()
        var d = 0.0
        for (i, x) in sample.enumerated() {
            let cdf = try StandardNormal.cdf(x)
            d = max(d, abs(cdf - Double(i) / Double(n)), abs(cdf - Double(i + 1) / Double(n)))
        }
        #expect(d < 1.95 / Double(n).squareRoot())
        let mean = sample.reduce(0, +) / Double(n)
        let variance = sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        #expect(abs(mean) < 4 / Double(n).squareRoot())
        #expect(abs(variance - 1) < 4 * (2 / Double(n)).squareRoot())
    }
}
