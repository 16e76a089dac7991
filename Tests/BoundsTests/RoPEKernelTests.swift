import Foundation
import Testing
import TestSupport
@testable import Bounds
@testable import NumericalCore

@Suite("Men et al. kernel K(m)")
struct RoPEKernelTests {
    static let reference = Fixture.load("kernel.json", from: .module)["cases"].array

    /// Direct evaluation against mpmath at 40 digits, m up to 1e9, within the documented error.
    @Test func directValuesMatchMpmath() {
        for c in Self.reference {
            let kernel = RoPEKernel(inverseFrequencies: c["theta"].doubles)
            for (m, k) in zip(c["m"].array.map(\.int), c["kernel"].doubles) {
                #expect(isClose(kernel.value(at: m), k, .absolute(RoPEKernel.Minimum.error)), "b = \(c["base"].double), m = \(m)")
            }
        }
    }

    /// The blocked recurrence against direct evaluation: whole blocks anchored at scattered
    /// positions up to 1e9, every position of each block compared, error below its bound.
    /// At 64 channels (d = 128) and at the channel counts the certified searches reach: 1 024 and
    /// 32 768 (the largest head dimension, 2¹⁶).
    @Test(arguments: [(1e4, 128), (5e5, 128), (1e7, 128), (5.1e8, 128), (1e6, 2048), (5e8, 2048), (1e6, 65536), (1e9, 65536)])
    func blockEvaluationStaysWithinItsErrorBound(base: Double, rotaryDim: Int) {
        let kernel = RoPEKernel(base: base, rotaryDim: rotaryDim)
        var rng = RandomStream(seed: 99, stream: UInt64(base))
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: RoPEKernel.blockLength)
        defer { buffer.deallocate() }
        var worst = 0.0
        for trial in 0..<(rotaryDim > 128 ? 6 : 24) {
            let start = trial < 4 ? [0, 1, 4096, 999_998_976][trial] : Int(rng.nextUniform() * 1e9)
            kernel.evaluateBlock(start: start, count: RoPEKernel.blockLength, into: buffer)
            for j in stride(from: 0, to: RoPEKernel.blockLength, by: 7) + [RoPEKernel.blockLength - 1] {
                worst = max(worst, abs(buffer[j] - kernel.value(at: start + j)))
            }
        }
        #expect(worst < kernel.errorBound, "worst error \(worst) at \(rotaryDim / 2) channels")
    }

    /// Vectors of rope-bounds.md §6.2 (float64 scans computed independently, printed to 4 decimals).
    @Test func islandNearL4096() throws {
        let cases: [(Double, Double, Int?)] = [(26_950, -0.0325, 4012), (26_954, 0.0233, nil), (26_964, 0.1691, nil),
                                                (26_972, 0.0211, nil), (27_000, -0.4846, 4080), (27_500, -4.3332, nil),
                                                (28_650, 0.0254, 3641), (29_000, 0.4069, nil)]
        for (b, expected, argmin) in cases {
            let minimum = try RoPEKernel(base: b, rotaryDim: 128).minimum(over: 0..<4096)
            #expect(isClose(minimum.value, expected, .absolute(5e-5)), "b = \(b): \(minimum.value)")
            #expect(minimum.holds == (expected >= 0))
            if let argmin { #expect(minimum.argmin == argmin, "b = \(b): argmin \(minimum.argmin)") }
        }
        #expect(RoPEKernel(base: 1e4, rotaryDim: 128).value(at: 0) == 64)
    }

    @Test func minimumAgreesWithDirectScan() throws {
        let kernel = RoPEKernel(base: 123_456, rotaryDim: 64)
        let range = 5_000..<23_000
        let direct = range.map { ($0, kernel.value(at: $0)) }.min { $0.1 < $1.1 }!
        for threads in [1, 2] {
            let fast = try kernel.minimum(over: range, threads: threads)
            #expect(fast.argmin == direct.0 && isClose(fast.value, direct.1, .absolute(RoPEKernel.Minimum.error)))
        }
    }

    /// The first negative distance against a direct scan of every m, and its meaning: the kernel
    /// bound holds over [0, L) exactly for L ≤ that distance.
    @Test func firstNegativeDistanceAgreesWithADirectScan() throws {
        for base in [26_950.0, 1e4, 2e5] {
            let kernel = RoPEKernel(base: base, rotaryDim: 128)
            let direct = (0..<40_000).first { kernel.value(at: $0) < 0 }
            for threads in [1, 2] {
                #expect(try kernel.firstNegativeDistance(below: 40_000, threads: threads) == direct, "b = \(base)")
            }
            if let m = direct {
                #expect(try kernel.minimum(over: 0..<m).holds && !kernel.minimum(over: 0..<(m + 1)).holds)
            }
        }
        #expect(try RoPEKernel(base: 1e6, rotaryDim: 128).firstNegativeDistance(below: 1000) == nil)
    }

    @Test func stopsWhenAsked() {
        let kernel = RoPEKernel(base: 1e4, rotaryDim: 128)
        #expect(throws: Interrupted.self) { try kernel.minimum(over: 0..<100_000, progress: ProgressSinkForTests.cancelled) }
        #expect(throws: Interrupted.self) { try kernel.firstNegativeDistance(below: 100_000, progress: ProgressSinkForTests.cancelled) }
    }
}
