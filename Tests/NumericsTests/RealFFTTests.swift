import Foundation
import Testing
@testable import Numerics
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
            let scale = x.reduce(0) { $0 + abs($1) }
            for k in spectrum.indices {
                #expect(abs(spectrum[k].real - re[k]) <= 1e-13 * scale, "n = \(x.count), k = \(k)")
                #expect(abs(spectrum[k].imaginary - im[k]) <= 1e-13 * scale)
            }
            let back = try RealFFT.inverse(spectrum, count: x.count)
            for j in x.indices { #expect(abs(back[j] - x[j]) <= 1e-13 * scale) }
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
            for try await difference in group { #expect(abs(difference) < 1e-9) }
        }
    }

    @Test func badLengthsThrow() throws {
        #expect(throws: NumericsError.self) { try RealFFTPlan(count: 0) }
        let plan = try RealFFTPlan(count: 8)
        #expect(throws: NumericsError.self) { try plan.forward([1, 2, 3]) }
        #expect(throws: NumericsError.self) { try plan.inverse([Complex(1, 0)]) }
    }
}
