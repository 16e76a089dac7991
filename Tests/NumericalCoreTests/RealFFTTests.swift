import Foundation
import Testing
@testable import NumericalCore
import TestSupport

@Suite("Real FFT against numpy.fft.rfft")
struct RealFFTTests {
    @Test func matchesNumPy() throws {
        for record in Reference.records("rfft") {
            let x = record["input"].doubles
            let re = record["real"].doubles
            let im = record["imag"].doubles
            let spectrum = try RealFFT.forward(x)
            #expect(spectrum.count == re.count)
            // An FFT's error is relative to the signal's size, not to each coefficient: Σ|x| scales
            // an absolute bound of 256ε (O(ε log n) for n ≤ 2^12, with room for FFTW's codelets).
            let scale = x.reduce(0) { $0 + abs($1) }
            let bound = Tolerance.absolute(256 * 0x1p-52 * scale)
            for k in spectrum.indices {
                #expect(isClose(spectrum[k].real, re[k], bound), "n = \(x.count), k = \(k)")
                #expect(isClose(spectrum[k].imaginary, im[k], bound))
            }
            let back = try RealFFT.inverse(spectrum, count: x.count)
            for j in x.indices { #expect(isClose(back[j], x[j], bound)) }
        }
    }

    /// Plans are created from many tasks at once; FFTW's planner must be serialized or this crashes.
    @Test func concurrentPlanningIsSafe() async throws {
        try await withThrowingTaskGroup(of: Double.self) { group in
            for n in 1...64 {
                group.addTask {
                    let x = (0..<(n * 3)).map { Double($0 % 5) }
                    let plan = try RealFFTPlan(count: x.count)
                    return try plan.forward(x)[0].real - x.reduce(0, +)
                }
            }
            // The DC bin is the plain sum of at most 192 small integers: exact up to a few roundings.
            for try await difference in group { #expect(abs(difference) <= 1e-12) }
        }
    }

    @Test func badLengthsThrow() throws {
        #expect(throws: NumericalError.self) { try RealFFTPlan(count: 0) }
        let plan = try RealFFTPlan(count: 8)
        #expect(throws: NumericalError.self) { try plan.forward([1, 2, 3]) }
        #expect(throws: NumericalError.self) { try plan.inverse([FourierCoefficient(1, 0)]) }
    }
}
