import Testing
@testable import Locality
import NumericalCore
import Rotary

/// Every parallel Locality workload gives the same bits on one, two and three threads.
@Suite("Locality: results do not depend on the thread count")
struct ThreadCountTests {
    static let theta = spectrum(1e4, 64)
    static let content = ContentModel.gaussian(rho: 0.5, seed: 3).pairs(dimension: 64)

    /// Scores (chunks of 2¹⁶ positions), the inversion, aliasing and token counts.
    @Test func scoresAndCounts() {
        let L = 200_003
        let one = UniformPositionModel.scores(Self.content.first, inverseFrequencies: Self.theta, context: L, threads: 1)
        let other = UniformPositionModel.scores(Self.content.second, inverseFrequencies: Self.theta, context: L, threads: 1)
        for threads in [2, 3] {
            let s = UniformPositionModel.scores(Self.content.first, inverseFrequencies: Self.theta, context: L, threads: threads)
            #expect(s.map(\.bitPattern) == one.map(\.bitPattern))
            #expect(UniformPositionModel.inversionRate(s, threads: threads) == UniformPositionModel.inversionRate(one, threads: 1))
            #expect(UniformPositionModel.aliasingRate(s, format: .bf16, threads: threads) == UniformPositionModel.aliasingRate(one, format: .bf16, threads: 1))
            let token = UniformPositionModel.tokenEvents(s, other, format: .bf16, threads: threads)
            let reference = UniformPositionModel.tokenEvents(one, other, format: .bf16, threads: 1)
            #expect(token.inversion == reference.inversion && token.aliasing == reference.aliasing)
        }
    }

    /// The context sweep under every protocol, and the base sweep (bases in parallel).
    @Test(arguments: PositionProtocol.allCases)
    func sweeps(positionProtocol: PositionProtocol) throws {
        let contexts = [256, 4096, 70_000]
        let one = try UniformPositionModel.contextSweep(.ones, inverseFrequencies: Self.theta, contexts: contexts, format: .bf16,
                                                        positionProtocol: positionProtocol, threads: 1)
        let bases = [1e3, 1e4, 1e5]
        let baseOne = try UniformPositionModel.baseSweep(.ones, rotaryDim: 64, bases: bases, context: 20_000, format: .bf16,
                                                         positionProtocol: positionProtocol, threads: 1)
        for threads in [2, 3] {
            #expect(try UniformPositionModel.contextSweep(.ones, inverseFrequencies: Self.theta, contexts: contexts, format: .bf16,
                                                          positionProtocol: positionProtocol, threads: threads) == one)
            #expect(try UniformPositionModel.baseSweep(.ones, rotaryDim: 64, bases: bases, context: 20_000, format: .bf16,
                                                       positionProtocol: positionProtocol, threads: threads) == baseOne)
        }
    }
}
