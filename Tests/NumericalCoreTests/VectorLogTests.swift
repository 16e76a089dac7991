import Foundation
import Testing
@testable import NumericalCore

@Suite("Vector log")
struct VectorLogTests {
    /// Against glibc (below one ulp) over every binade and next to 1, where the result is small:
    /// at most one ulp of the result apart.
    @Test func agreesWithLibm() {
        var rng = RandomStream(seed: 31)
        var worst = 0.0
        for n in 0..<(100_000 / 8) {
            var x = SIMD8<Double>.zero
            for lane in 0..<8 {
                x[lane] = n % 2 == 0 ? pow(2, rng.nextUniform() * 2040 - 1020) : 1 + (rng.nextUniform() - 0.5) * pow(2, -rng.nextUniform() * 50)
            }
            let y = VectorLog.log(x)
            for lane in 0..<8 {
                let reference = log(x[lane])
                worst = max(worst, abs(y[lane] - reference) / max(reference.ulp, Double.leastNormalMagnitude))
            }
        }
        #expect(worst <= 1, "worst error \(worst) ulp")
    }

    /// Exact values, and the libm lanes: 0, subnormals, negative numbers, infinity, NaN.
    @Test func specialArguments() {
        let y = VectorLog.log(SIMD8(1, 2, 0, 0x1p-1070, -1, .infinity, .nan, 1 - 0x1p-53))
        #expect(y[0] == 0 && y[1] == log(2.0) && y[2] == -.infinity && y[3] == log(0x1p-1070))
        #expect(y[4].isNaN && y[5] == .infinity && y[6].isNaN && y[7] == log(1 - 0x1p-53))
    }
}
