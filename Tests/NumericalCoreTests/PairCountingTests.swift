import Testing
@testable import NumericalCore

@Suite("Exact pair counting by parallel merge sort")
struct PairCountingTests {
    /// Against the quadratic count, with many ties, at sizes around the base run and the merge
    /// piece (so that co-ranking splits runs inside ties).
    @Test(arguments: [0, 1, 2, 15, 16, 17, 100, 1000, PairCounting.pieceLength + 3, 3 * PairCounting.pieceLength / 2])
    func agreesWithTheQuadraticCount(n: Int) {
        var rng = RandomStream(seed: UInt64(n) + 1)
        let x = (0..<n).map { _ in (rng.nextUniform() * 40).rounded(.down) }
        var brute = 0
        if n <= 1000 {
            for i in 0..<n { for j in (i + 1)..<max(n, i + 1) where x[i] < x[j] { brute += 1 } }
        } else {
            // For the long case: pairs i < j with x[i] < x[j] by value counts (x takes 40 values).
            var seen = [Int](repeating: 0, count: 40)
            for v in x { brute += seen[0..<Int(v)].reduce(0, +); seen[Int(v)] += 1 }
        }
        let (sorted, count) = PairCounting.sortCounting(x, threads: 2)
        #expect(count == brute)
        #expect(sorted == x.sorted())
    }

    /// Every thread count gives the same count and the same sorted array (bit for bit).
    @Test func identicalForEveryThreadCount() {
        var rng = RandomStream(seed: 77)
        let x = (0..<200_001).map { _ in rng.nextNormal() }
        let one = PairCounting.sortCounting(x, threads: 1)
        for threads in [2, 3, 8] {
            let other = PairCounting.sortCounting(x, threads: threads)
            #expect(other.ascendingPairs == one.ascendingPairs)
            #expect(other.sorted.map(\.bitPattern) == one.sorted.map(\.bitPattern))
        }
        // A sorted input has every pair ascending; a reversed one none.
        let ascending = (0..<5000).map(Double.init)
        #expect(PairCounting.ascendingPairs(ascending) == 5000 * 4999 / 2)
        #expect(PairCounting.ascendingPairs(ascending.reversed()) == 0)
    }
}
