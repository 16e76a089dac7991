import Foundation

/// sin and cos of eight doubles at once, for the hot loops that need many of them (kernel anchors,
/// direct kernel values, score curves): one Cody–Waite reduction and two short polynomials per
/// lane, no libm call, no branch on the data except a rare fallback.
public enum VectorSinCos {
    /// |x| below which the vector reduction is used; larger or non-finite lanes go to libm.
    public static let reductionLimit = 0x1p30

    /// sin(x + tail) and cos(x + tail) per lane, where `tail` is a small correction to x (for
    /// instance the exact rounding error of a product, |tail| ≤ ulp(x)).
    ///
    /// Formula: k = rint(2x/π) by the 1.5·2⁵² rounding trick, r = fma(−k, C₁, x) + (tail − k·C₂)
    /// with C₁ + C₂ = π/2 to 106 bits (the fused product makes x − k·C₁ one rounding), carried as a
    /// double-double (TwoSum) so that the kernels see a tail below ulp(r), then fdlibm's
    /// kernels `__kernel_sin` and `__kernel_cos` (Sun Microsystems 1993, minimax polynomials of
    /// degree 13 and 14 on [−π/4, π/4], with the tail of r folded in, evaluated with fused
    /// multiply-adds), and the quadrant k mod 4.
    /// Lanes with |x| ≥ ``reductionLimit`` or not finite are computed by libm's correctly reduced
    /// `sin`/`cos` with the tail folded in by the angle-addition formula.
    ///
    /// - Accuracy: absolute error below 3·10⁻¹⁶ for |x| ≤ 2³⁰ (reduction ≤ 2⁻⁵⁴ from the fused
    ///   product, ≤ 2⁻⁵⁴ + 2⁻⁸⁰ from the tail terms, kernels below one ulp); the tests compare
    ///   against glibc at 10⁵ arguments up to 2³⁰ and at exact products m·θ.
    /// - Complexity: O(1) per lane, about 45 vector operations for the eight lanes.
    @_transparent
    public static func sinCos(_ x: SIMD8<Double>, tail: SIMD8<Double> = .zero) -> (sin: SIMD8<Double>, cos: SIMD8<Double>) {
        let shift = SIMD8<Double>(repeating: 0x1.8p52)
        // k = rint(x·2/π) exactly (an integer below 2³⁰), and its two low bits from the bit pattern.
        let kShifted = shift.addingProduct(x, SIMD8(repeating: 0x1.45f306dc9c883p-1))
        let k = kShifted - shift
        let quadrant = unsafeBitCast(kShifted, to: SIMD8<UInt64>.self) & 3
        let high = x.addingProduct(-k, SIMD8(repeating: 0x1.921fb54442d18p0))
        let low = tail.addingProduct(-k, SIMD8(repeating: 0x1.1a62633145c07p-54))
        // r = high + low renormalised (Knuth's TwoSum), so that the kernels' tail is below ulp(r).
        let r = high + low
        let highPart = r - low
        let rTail = (high - highPart) + (low - (r - highPart))
        var (s, c) = kernels(r, rTail)
        // Quadrant q: (sin, cos) = (s, c), (c, −s), (−s, −c), (−c, s): a swap where q is odd, then
        // sign flips, all by bit operations (SIMD masks and comparisons compile to lane loops).
        typealias U = SIMD8<UInt64>
        let sBits = unsafeBitCast(s, to: U.self), cBits = unsafeBitCast(c, to: U.self)
        let swap = U.zero &- (quadrant & 1)
        let sinSign = (quadrant & 2) &<< 62
        let cosSign = ((quadrant &+ 1) & 2) &<< 62
        s = unsafeBitCast(((sBits & ~swap) | (cBits & swap)) ^ sinSign, to: SIMD8<Double>.self)
        c = unsafeBitCast(((cBits & ~swap) | (sBits & swap)) ^ cosSign, to: SIMD8<Double>.self)
        // Lanes beyond the reduction (|x| ≥ 2³⁰) or not finite: the sign bit of (limit − 1 − |x|).
        let magnitude = unsafeBitCast(x, to: U.self) & 0x7FFF_FFFF_FFFF_FFFF
        let flags = (U(repeating: reductionLimit.bitPattern - 1) &- magnitude) &>> 63
        let half = flags.lowHalf | flags.highHalf, quarter = half.lowHalf | half.highHalf
        if quarter[0] | quarter[1] != 0 { fallback(x, tail, &s, &c) }
        return (s, c)
    }

    /// sin(m·θ) and cos(m·θ) per lane for the exact product of m and θ: the product rounded,
    /// p = fl(m·θ), and its exact error e = fma(m, θ, −p) as the tail of ``sinCos(_:tail:)``.
    ///
    /// - Accuracy: as ``sinCos(_:tail:)``, for the exact product (the rounding of m·θ is not an
    ///   error here); products beyond 2³⁰ rad go to libm with the same accuracy (a few 10⁻¹⁶).
    /// - Complexity: O(1) per lane.
    @inlinable @inline(__always)
    public static func sinCos(multiple m: SIMD8<Double>, of theta: SIMD8<Double>) -> (sin: SIMD8<Double>, cos: SIMD8<Double>) {
        let p = m * theta
        let e = (-p).addingProduct(m, theta)
        return sinCos(p, tail: e)
    }

    /// fdlibm's `__kernel_sin(x, y, 1)` and `__kernel_cos(x, y)` on |x + y| ≲ π/4.
    @_transparent @usableFromInline
    static func kernels(_ x: SIMD8<Double>, _ y: SIMD8<Double>) -> (sin: SIMD8<Double>, cos: SIMD8<Double>) {
        typealias V = SIMD8<Double>
        let z: V = x * x, w: V = z * z
        let s2 = V(repeating: 8.33333333332248946124e-03), s3 = V(repeating: -1.98412698298579493134e-04)
        let s4 = V(repeating: 2.75573137070700676789e-06), s5 = V(repeating: -2.50507602534068634195e-08)
        let s6 = V(repeating: 1.58969099521155010221e-10), s1 = V(repeating: -1.66666666666666324348e-01)
        let c1 = V(repeating: 4.16666666666666019037e-02), c2 = V(repeating: -1.38888888888741095749e-03)
        let c3 = V(repeating: 2.48015872894767294178e-05), c4 = V(repeating: -2.75573143513906633035e-07)
        let c5 = V(repeating: 2.08757232129817482790e-09), c6 = V(repeating: -1.13596475577881948265e-11)
        let half = V(repeating: 0.5), one = V(repeating: 1)
        // sin: x − ((z(y/2 − v·r) − y) − v·S1), r = S2 + z(S3 + z S4) + z w (S5 + z S6), v = z x,
        // evaluated with fused multiply-adds (Estrin's split keeps the chains short).
        let zw: V = z * w
        let p1: V = s3.addingProduct(z, s4), p2: V = s5.addingProduct(z, s6)
        let r: V = s2.addingProduct(z, p1).addingProduct(zw, p2)
        let v: V = z * x
        let t1: V = (half * y).addingProduct(-v, r)
        let t2: V = (-y).addingProduct(z, t1)
        let sin: V = x - t2.addingProduct(-v, s1)
        // cos: wc + (((1 − wc) − hz) + (z·r − x·y)), wc = 1 − hz, hz = z/2,
        // r = z(C1 + z(C2 + z C3)) + w²(C4 + z(C5 + z C6)).
        let q1: V = c1.addingProduct(z, c2.addingProduct(z, c3))
        let q2: V = c4.addingProduct(z, c5.addingProduct(z, c6))
        let cr: V = (z * q1).addingProduct(w * w, q2)
        let hz: V = half * z
        let wc: V = one - hz
        let cosCorrection: V = ((one - wc) - hz) + (-(x * y)).addingProduct(z, cr)
        let cos: V = wc + cosCorrection
        return (sin, cos)
    }

    /// The fallback lanes (|x| ≥ 2³⁰ or not finite): libm's reduction of x, the tail by the
    /// angle-addition formula to second order.
    @usableFromInline @inline(never)
    static func fallback(_ x: SIMD8<Double>, _ tail: SIMD8<Double>, _ s: inout SIMD8<Double>, _ c: inout SIMD8<Double>) {
        for lane in 0..<8 where !(abs(x[lane]) < reductionLimit) {
            let cx = Foundation.cos(x[lane]), sx = Foundation.sin(x[lane]), t = tail[lane]
            let ce = 1 - 0.5 * t * t
            (s[lane], c[lane]) = (sx * ce + cx * t, cx * ce - sx * t)
        }
    }
}
