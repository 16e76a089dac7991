import Rotary

/// Rounding of eight doubles at once to a narrower floating-point format, bit for bit as the
/// scalar definitions (``FloatFormat/round(_:)``, hardware float32, bf16 of float32), for the
/// vectorised position loops of ``PositionalErasure``.
protocol LaneRounding: Sendable {
    /// x rounded, lane by lane.
    func callAsFunction(_ x: SIMD8<Double>) -> SIMD8<Double>
    /// One value rounded (the same function).
    func scalar(_ x: Double) -> Double
}

/// No rounding (float64).
struct ExactLanes: LaneRounding {
    @inline(__always) func callAsFunction(_ x: SIMD8<Double>) -> SIMD8<Double> { x }
    @inline(__always) func scalar(_ x: Double) -> Double { x }
}

/// Hardware float32 rounding (to nearest even, with subnormals and overflow as the hardware does
/// them): two conversion instructions for eight lanes.
struct Float32Lanes: LaneRounding {
    @inline(__always) func callAsFunction(_ x: SIMD8<Double>) -> SIMD8<Double> { SIMD8<Double>(SIMD8<Float>(x)) }
    @inline(__always) func scalar(_ x: Double) -> Double { Double(Float(x)) }
}

/// bf16 as the top 16 bits of the float32 rounding, to nearest even (what casting a float32
/// tensor to bf16 does): exact for the float32-representable values it is applied to.
struct BFloat16OfFloat32Lanes: LaneRounding {
    @inline(__always) func callAsFunction(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let bits = unsafeBitCast(SIMD8<Float>(x), to: SIMD8<UInt32>.self)
        // Non-finite floats (exponent all ones) keep their bits, as the scalar form returns them.
        let exponent = bits & 0x7F80_0000
        let finite = (exponent &- 0x7F80_0000) &>> 31                    // 1 where the exponent is not all ones
        let rounded = (bits &+ 0x7FFF &+ ((bits &>> 16) & 1)) & 0xFFFF_0000
        let keep = 0 &- finite                                              // all ones where finite
        let result = (rounded & keep) | (bits & ~keep)
        return SIMD8<Double>(unsafeBitCast(result, to: SIMD8<Float>.self))
    }

    @inline(__always) func scalar(_ x: Double) -> Double {
        let f = Float(x)
        guard f.isFinite else { return Double(f) }
        let bits = f.bitPattern
        return Double(Float(bitPattern: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000))
    }
}

/// ``FloatFormat/round(_:)`` for any format: round to nearest even at the format's last fraction
/// bit directly on the double's bit pattern for lanes in the format's normal range (a carry into
/// the exponent is the correct rounding up a binade), and the scalar definition for lanes that are
/// zero, subnormal in the format, beyond its largest finite value or not finite. Holds only the
/// format's numbers (a plain value, so that loops keep it in registers); the scalar path is
/// ``FloatFormat/round(_:)`` restated on them, and the tests hold the two equal.
struct FormatLanes: LaneRounding {
    let dropped: UInt64              // 52 − fraction bits
    let minNormalBits: UInt64        // the bit pattern of the format's smallest normal number
    let overflowBits: UInt64         // the smallest magnitude that rounds beyond the largest finite value
    let fractionBits: Int
    let minExponent: Int
    let maxFinite: Double
    let saturates: Bool
    let hasInfinity: Bool

    init(_ format: FloatFormat) {
        precondition(format.fractionBits < 52, "FormatLanes needs a format narrower than float64")
        dropped = UInt64(52 - format.fractionBits)
        minNormalBits = format.minNormal.bitPattern
        overflowBits = format.maxFinite.bitPattern + (1 << (dropped - 1))
        fractionBits = format.fractionBits
        minExponent = format.minExponent
        maxFinite = format.maxFinite
        saturates = format.overflow == .saturate
        hasInfinity = format.hasInfinity
    }

    @inline(__always) func callAsFunction(_ x: SIMD8<Double>) -> SIMD8<Double> {
        typealias U = SIMD8<UInt64>
        let bits = unsafeBitCast(x, to: U.self)
        let magnitude = bits & 0x7FFF_FFFF_FFFF_FFFF
        let half = U(repeating: (1 << (dropped - 1)) - 1)
        let rounded = (bits &+ half &+ ((bits &>> dropped) & 1)) & U(repeating: ~((1 << dropped) - 1))
        var result = unsafeBitCast(rounded, to: SIMD8<Double>.self)
        // Out of the normal range: below the smallest normal or at/above the overflow threshold.
        let low = (magnitude &- minNormalBits) &>> 63
        let high = (U(repeating: overflowBits - 1) &- magnitude) &>> 63
        let flags = low | high
        let h = flags.lowHalf | flags.highHalf, q = h.lowHalf | h.highHalf
        if q[0] | q[1] != 0 { fallback(x, &result) }
        return result
    }

    /// The lanes outside the normal range by the scalar definition (out of line, and inout rather
    /// than returned: a returned vector travels in narrow registers, and the compiler then narrows
    /// the fast path too).
    @inline(never)
    func fallback(_ x: SIMD8<Double>, _ result: inout SIMD8<Double>) {
        let magnitude = unsafeBitCast(x, to: SIMD8<UInt64>.self) & 0x7FFF_FFFF_FFFF_FFFF
        for lane in 0..<8 where magnitude[lane] < minNormalBits || magnitude[lane] >= overflowBits {
            result[lane] = scalar(x[lane])
        }
    }

    /// ``FloatFormat/round(_:)``: exact power-of-two scalings and one integer rounding.
    func scalar(_ x: Double) -> Double {
        guard x.isFinite else {
            if x.isNaN || hasInfinity { return x }
            return x > 0 ? maxFinite : -maxFinite
        }
        if x == 0 { return x }
        let magnitude = Swift.abs(x)
        let exponent = max(Int(magnitude.exponent), minExponent)
        let quantum = Double(sign: .plus, exponent: exponent - fractionBits, significand: 1)
        let rounded = (magnitude / quantum).rounded(.toNearestOrEven) * quantum
        let result = rounded > maxFinite ? (saturates ? maxFinite : .infinity) : rounded
        return x < 0 ? -result : result
    }
}
