import Testing
import TestSupport
@testable import Bounds

/// The binned range of K(m) the kernel figure draws, against the certified minimum and first
/// negative distance (computed by the blocked recurrence, a different evaluation).
@Suite("Kernel envelope over bins of distances")
struct KernelEnvelopeTests {
    @Test(arguments: [(2.7e4, 50_001, 400), (5e5, 131_072, 400), (1e4, 999, 7)])
    func envelopeAgreesWithTheCertifiedMinimum(base: Double, length: Int, bins: Int) throws {
        let kernel = RoPEKernel(base: base, rotaryDim: 128)
        let envelope = try kernel.envelope(over: 0..<length, bins: bins)
        let width = (length + bins - 1) / bins
        #expect(envelope.count == (length + width - 1) / width && envelope.count <= bins)
        #expect(envelope.map(\.start) == Array(stride(from: 0, to: length, by: width)))
        let minimum = try kernel.minimum(over: 0..<length)
        let lowest = envelope.min { $0.min < $1.min }!
        #expect(isClose(lowest.min, minimum.value, .absolute(RoPEKernel.Minimum.error)))
        #expect((lowest.start..<lowest.start + width).contains(minimum.argmin))
        #expect(envelope[0].max == Double(kernel.inverseFrequencies.count), "K(0) = d/2 is the largest value")
        if let first = try kernel.firstNegativeDistance(below: length) {
            let firstBin = envelope.firstIndex { $0.min < 0 }!
            #expect((envelope[firstBin].start..<envelope[firstBin].start + width).contains(first))
        } else {
            #expect(envelope.allSatisfy { $0.min >= -RoPEKernel.Minimum.error })
        }
        for bin in envelope.prefix(20) {
            #expect(bin.min <= kernel.value(at: bin.start) && kernel.value(at: bin.start) <= bin.max)
        }
    }

    @Test func sameResultOnEveryThreadCount() throws {
        let kernel = RoPEKernel(base: 5e5, rotaryDim: 128)
        let one = try kernel.envelope(over: 100..<20_100, bins: 64, threads: 1)
        let two = try kernel.envelope(over: 100..<20_100, bins: 64, threads: 2)
        #expect(one.map(\.min) == two.map(\.min) && one.map(\.max) == two.map(\.max) && one.first?.start == 100)
    }
}
