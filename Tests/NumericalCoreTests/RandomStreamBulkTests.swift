import Testing
@testable import NumericalCore

@Suite("Random streams: bulk normals")
struct RandomStreamBulkTests {
    /// fillNormals gives the numbers nextNormal gives, and leaves the stream where nextNormal
    /// would (so the two can be mixed), across many refills and slow-path draws.
    @Test func fillNormalsEqualsNextNormal() {
        for count in [1, 15, 16, 17, 1000, 100_003] {
            var a = RandomStream(seed: 9, stream: 4), b = RandomStream(seed: 9, stream: 4)
            var filled = [Double](repeating: 0, count: count)
            filled.withUnsafeMutableBufferPointer { a.fillNormals($0.baseAddress!, count: count) }
            let drawn = (0..<count).map { _ in b.nextNormal() }
            #expect(filled.map(\.bitPattern) == drawn.map(\.bitPattern), "count \(count)")
            #expect(a.nextUInt64() == b.nextUInt64())
        }
    }
}
