import Testing
@testable import NumericalCore
import TestSupport

@Suite("Spearman's rank correlation against scipy.stats.spearmanr")
struct RankCorrelationTests {
    @Test func matchesSciPy() throws {
        for record in Reference.records("spearman") {
            let rho = try #require(spearman(record["x"].doubles, record["y"].doubles))
            #expect(isClose(rho, record["rho"].double, .epsilons(16)), "\(record["x"].doubles)")
        }
    }

    @Test func tiesShareTheirMeanRank() {
        #expect(averageRanks([3, 1, 3, 2, 3]) == [4, 1, 4, 2, 4])
        #expect(averageRanks([]) == [])
    }

    @Test func undefinedForConstantOrTooFewSamples() {
        #expect(spearman([1], [2]) == nil)
        #expect(spearman([1, 1, 1], [1, 2, 3]) == nil)
        #expect(spearman([1, 2, 3], [3, 2, 1]) == -1)
    }
}
