import Foundation
import Testing
@testable import NumericalCore

@Suite("Vector sin and cos")
struct VectorSinCosTests {
    /// Against glibc (correctly reduced, below one ulp) at 10⁵ arguments spread over every binade up
    /// to 2³⁰, and with tails: the documented bound 3·10⁻¹⁶ absolute.
    @Test func agreesWithLibm() {
        var rng = RandomStream(seed: 11)
        var worst = 0.0
        for _ in 0..<(100_000 / 8) {
            var x = SIMD8<Double>.zero, tail = SIMD8<Double>.zero
            for lane in 0..<8 {
                let magnitude = pow(2, rng.nextUniform() * 40 - 10)          // 2⁻¹⁰ … 2³⁰
                x[lane] = (rng.nextUniform() < 0.5 ? -1 : 1) * magnitude
                tail[lane] = (rng.nextUniform() - 0.5) * x[lane].ulp
            }
            let (s, c) = VectorSinCos.sinCos(x, tail: tail)
            for lane in 0..<8 {
                // The reference to second order in the tail t (|t| ≤ 2⁻²³, so t³ < 10⁻²⁰): glibc's
                // sin x and cos x (below one ulp) combined by the angle-addition formula.
                let t = tail[lane], sx = sin(x[lane]), cx = cos(x[lane])
                let rs = sx + (t * cx - 0.5 * t * t * sx), rc = cx - (t * sx + 0.5 * t * t * cx)
                worst = max(worst, abs(s[lane] - rs), abs(c[lane] - rc))
            }
        }
        #expect(worst < 3e-16, "worst absolute error \(worst)")
    }

    /// Exact products m·θ: the vector form against the double-double scalar reference, positions up
    /// to 10⁹ and RoPE-like inverse frequencies.
    @Test func exactProductsAgreeWithTheScalarReduction() {
        var rng = RandomStream(seed: 12)
        var worst = 0.0
        for _ in 0..<2000 {
            var m = SIMD8<Double>.zero, theta = SIMD8<Double>.zero
            for lane in 0..<8 {
                m[lane] = Double(Int(rng.nextUniform() * 1e9))
                theta[lane] = pow(1e4, -rng.nextUniform())
            }
            let (s, c) = VectorSinCos.sinCos(multiple: m, of: theta)
            for lane in 0..<8 {
                let p = m[lane] * theta[lane], e = (-p).addingProduct(m[lane], theta[lane])
                let sp = sin(p), cp = cos(p)
                let rs = sp + (e * cp - 0.5 * e * e * sp), rc = cp - (e * sp + 0.5 * e * e * cp)
                worst = max(worst, abs(s[lane] - rs), abs(c[lane] - rc))
            }
        }
        #expect(worst < 3e-16, "worst absolute error \(worst)")
    }

    /// Exact values at multiples of π/2 and beyond the reduction limit (libm lanes), infinities give NaN.
    @Test func specialArguments() {
        let x = SIMD8<Double>(0, .pi / 2, .pi, -.pi / 2, 1e12, -3e15, .infinity, 0x1p30 + 1)
        let (s, c) = VectorSinCos.sinCos(x)
        #expect(s[0] == 0 && c[0] == 1)
        #expect(abs(s[1] - 1) < 1e-16 && abs(c[1]) < 1e-16 && abs(s[2]) < 1e-15 && abs(c[2] + 1) < 1e-16 && abs(s[3] + 1) < 1e-16)
        #expect(s[4] == sin(1e12) && c[4] == cos(1e12) && s[5] == sin(-3e15) && c[5] == cos(-3e15))
        #expect(s[6].isNaN && c[6].isNaN)
        #expect(abs(s[7] - sin(0x1p30 + 1)) < 3e-16)
    }
}
