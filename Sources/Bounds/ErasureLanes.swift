import Foundation
import NumericalCore
import Rotary

/// The position loops of ``PositionalErasure`` for eight channels at once (channels in the lanes
/// of a vector, positions in sequence), over one block of positions: what the block contributes
/// to the first collisions, the running maxima and the block's first and last rotations (so that
/// blocks merge exactly, whatever the split).
struct ErasureLanes {
    /// What one block of positions [start, end) gives for eight channels.
    struct Block {
        let start: Int
        /// The stored rotation (two numbers; the second 0 where there is one) at start and end − 1.
        var first: (SIMD8<Double>, SIMD8<Double>)
        var last: (SIMD8<Double>, SIMD8<Double>)
        /// Per lane, the first m in (start, end) with rotation(m) == rotation(m − 1), 0 if none.
        var collision: SIMD8<UInt64>
        /// The largest error measure per checkpoint interval the block meets (interval i holds
        /// the positions in (marks[i − 1], marks[i]]; interval 0 also holds m = 0).
        var maxima: [(interval: Int, value: SIMD8<Double>)]
    }

    /// The inverse frequencies of the eight lanes.
    let theta: SIMD8<Double>
    /// The checkpoint positions (sorted; the last is L − 1).
    let marks: [Int]

    /// The interval of position m (the first mark ≥ m).
    func interval(of m: Int) -> Int {
        var lo = 0, hi = marks.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if marks[mid] < m { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Walks positions start ..< end in checkpoint segments. `value.at(m)` gives the rotation and
    /// the error measure at m; it is called for m = start, start + 1, … in order.
    @inline(__always)
    func walk<A: AngleLanes>(start: Int, end: Int, _ value: inout A) -> Block {
        typealias U = SIMD8<UInt64>
        let paired = A.paired
        let origin = value.at(start)
        var block = Block(start: start, first: (origin.a, origin.b), last: (origin.a, origin.b), collision: .zero, maxima: [])
        var previousA = unsafeBitCast(origin.a, to: U.self), previousB = unsafeBitCast(origin.b, to: U.self)
        var hit = U.zero
        var collision = U.zero
        var maximum = origin.error
        var i = interval(of: max(start, 1))
        var m = start + 1
        while m < end {
            let segmentEnd = min(end, marks[i] + 1)
            while m < segmentEnd {
                let (a, b, error) = value.at(m)
                let bitsA = unsafeBitCast(a, to: U.self)
                var difference = bitsA ^ previousA
                if paired {
                    // cos/sin values can be ±0, which compare equal: no difference where both are zero.
                    let bitsB = unsafeBitCast(b, to: U.self)
                    difference = Self.unlessBothZero(difference, bitsA, previousA) | Self.unlessBothZero(bitsB ^ previousB, bitsB, previousB)
                    previousB = bitsB
                }
                previousA = bitsA
                // 1 where the rotation repeats (difference zero), without a comparison mask.
                let equal = ((difference | (U.zero &- difference)) &>> 63) ^ 1
                let new = equal & ~hit
                collision |= (U.zero &- new) & U(repeating: UInt64(m))
                hit |= equal
                maximum = Self.laneMax(maximum, error)
                m += 1
            }
            block.maxima.append((i, maximum))
            if segmentEnd == marks[i] + 1 {
                i += 1
                maximum = .zero
            }
        }
        if block.maxima.isEmpty { block.maxima.append((i, maximum)) }
        block.last = (unsafeBitCast(previousA, to: SIMD8<Double>.self), unsafeBitCast(previousB, to: SIMD8<Double>.self))
        block.collision = collision
        return block
    }

    /// The lane-wise maximum (written as a lane loop, which compiles to one vector instruction;
    /// the library's generic `pointwiseMax` is not always inlined).
    @inline(__always)
    static func laneMax(_ a: SIMD8<Double>, _ b: SIMD8<Double>) -> SIMD8<Double> {
        var r = a
        for i in 0..<8 { r[i] = b[i] > a[i] ? b[i] : a[i] }
        return r
    }

    /// `difference`, cleared in the lanes where x and y are both ±0.
    @inline(__always)
    static func unlessBothZero(_ difference: SIMD8<UInt64>, _ x: SIMD8<UInt64>, _ y: SIMD8<UInt64>) -> SIMD8<UInt64> {
        let z = (x | y) & 0x7FFF_FFFF_FFFF_FFFF
        let nonzero = (z | (SIMD8<UInt64>.zero &- z)) &>> 63          // 1 unless both are zero
        return difference & (SIMD8<UInt64>.zero &- nonzero)
    }

    /// Direct angles (``DirectAngles``).
    func direct<C: LaneRounding, S: LaneRounding>(start: Int, end: Int, compute: C, store: S) -> Block {
        var angles = DirectAngles(theta: theta, compute: compute, store: store)
        defer { WorkTally.add(.fusedMultiplyAdd, 8 * (end - start)) }
        return walk(start: start, end: end, &angles)
    }

    /// Angles reduced modulo 2π (``ReducedAngles``).
    func reduced<R: LaneRounding>(start: Int, end: Int, round: R) -> Block {
        var angles = ReducedAngles(theta: theta, round: round)
        defer { WorkTally.add(.fusedMultiplyAdd, 8 * (end - start)) }
        return walk(start: start, end: end, &angles)
    }

    /// Rounded cos/sin pairs (``CosSinPairs``); `start` must be a multiple of 1024.
    func cosSin<R: LaneRounding>(start: Int, end: Int, round: R) -> Block {
        precondition(start % 1024 == 0, "cos/sin blocks start at an anchor")
        var pairs = CosSinPairs(theta: theta, round: round)
        defer { WorkTally.add(.fusedMultiplyAdd, 8 * (end - start)) }
        return walk(start: start, end: end, &pairs)
    }
}

/// What a position loop evaluates per position for eight channels: the stored rotation (two
/// numbers when `paired`, else one and 0) and the error measure.
protocol AngleLanes {
    static var paired: Bool { get }
    mutating func at(_ m: Int) -> (a: SIMD8<Double>, b: SIMD8<Double>, error: SIMD8<Double>)
}

/// Direct angles store(compute(compute(m)·compute(θ))), error |(angle − p) − e| against the
/// exact m·θ = p + e (e = fma(m, θ, −p)). fl(m) and fl(θ) multiply exactly in float64 for formats
/// of at most 26 significand bits, so one more rounding gives the format's product.
struct DirectAngles<C: LaneRounding, S: LaneRounding>: AngleLanes {
    static var paired: Bool { false }
    let theta: SIMD8<Double>
    let thetaF: SIMD8<Double>
    let compute: C
    let store: S

    init(theta: SIMD8<Double>, compute: C, store: S) {
        self.theta = theta
        thetaF = compute(theta)
        self.compute = compute
        self.store = store
    }

    @inline(__always)
    mutating func at(_ m: Int) -> (a: SIMD8<Double>, b: SIMD8<Double>, error: SIMD8<Double>) {
        let position = SIMD8<Double>(repeating: Double(m))
        let angle = store(compute(SIMD8(repeating: compute.scalar(Double(m))) * thetaF))
        let p = position * theta
        let e = (-p).addingProduct(position, theta)
        let error = unsafeBitCast(unsafeBitCast((angle - p) - e, to: SIMD8<UInt64>.self) & 0x7FFF_FFFF_FFFF_FFFF, to: SIMD8<Double>.self)
        return (angle, .zero, error)
    }
}

/// Angles fl(m·θ) reduced modulo 2π in float64 (exactly, as `truncatingRemainder`), then
/// rounded; error |angle − x|.
///
/// The remainder x = p − k·2π is exact for the right k (a multiple of ulp(2π) below 8), so a fused
/// multiply-add gives it; k = ⌊p/2π⌋ is estimated and corrected by one either way.
struct ReducedAngles<R: LaneRounding>: AngleLanes {
    static var paired: Bool { false }
    let theta: SIMD8<Double>
    let round: R

    @inline(__always)
    mutating func at(_ m: Int) -> (a: SIMD8<Double>, b: SIMD8<Double>, error: SIMD8<Double>) {
        typealias V = SIMD8<Double>
        typealias U = SIMD8<UInt64>
        let twoPi = V(repeating: 2 * Double.pi), inverse = V(repeating: 1 / (2 * Double.pi))
        let shift = V(repeating: 0x1.8p52), half = V(repeating: 0.5)
        let twoPiBits = U(repeating: (2 * Double.pi).bitPattern)
        let sign = U(repeating: 0x7FFF_FFFF_FFFF_FFFF), one = U(repeating: (1.0).bitPattern)
        let p = V(repeating: Double(m)) * theta
        // k ≈ ⌊p/2π⌋ (p ≥ 0): rint(p/2π − 1/2) by the 1.5·2⁵² trick, ≥ −0.
        var k = ((p * inverse - half) + shift) - shift
        var x = p.addingProduct(-k, twoPi)
        // x < 0: one multiple too many; then x ≥ 2π: one too few (the bit patterns of
        // non-negative doubles order as integers). 0/1 flags become 0.0/1.0 by bit masks.
        let negative = unsafeBitCast(x, to: U.self) &>> 63
        k -= unsafeBitCast((U.zero &- negative) & one, to: V.self)
        x = p.addingProduct(-k, twoPi)
        let beyond = (twoPiBits &- 1 &- (unsafeBitCast(x, to: U.self) & sign)) &>> 63
        k += unsafeBitCast((U.zero &- beyond) & one, to: V.self)
        x = p.addingProduct(-k, twoPi)
        let angle = round(x)
        let error = unsafeBitCast(unsafeBitCast(angle - x, to: U.self) & sign, to: V.self)
        return (angle, .zero, error)
    }
}

/// cos and sin of m·θ by rotation from m − 1, re-anchored every 1024 positions with accurately
/// reduced values (and (1, 0) at m = 0), each rounded; error measure: the squared chord
/// |(ĉ, ŝ) − (c, s)|² (its square root is taken after the maxima, which it preserves).
struct CosSinPairs<R: LaneRounding>: AngleLanes {
    static var paired: Bool { true }
    let theta: SIMD8<Double>
    let round: R
    let c1: SIMD8<Double>
    let s1: SIMD8<Double>
    var c = SIMD8<Double>.zero
    var s = SIMD8<Double>.zero

    init(theta: SIMD8<Double>, round: R) {
        self.theta = theta
        self.round = round
        var c1 = SIMD8<Double>.zero, s1 = SIMD8<Double>.zero
        for lane in 0..<8 { (c1[lane], s1[lane]) = (Foundation.cos(theta[lane]), Foundation.sin(theta[lane])) }
        (self.c1, self.s1) = (c1, s1)
    }

    @inline(__always)
    mutating func at(_ m: Int) -> (a: SIMD8<Double>, b: SIMD8<Double>, error: SIMD8<Double>) {
        typealias V = SIMD8<Double>
        if m % 1024 == 0 {
            if m == 0 {
                (c, s) = (V(repeating: 1), .zero)
            } else {
                let anchor = VectorSinCos.sinCos(multiple: V(repeating: Double(m)), of: theta)
                (c, s) = (anchor.cos, anchor.sin)
            }
        } else {
            (c, s) = (c * c1 - s * s1, s * c1 + c * s1)
        }
        let (rc, rs) = (round(c), round(s))
        let (dc, ds) = (rc - c, rs - s)
        return (rc, rs, dc * dc + ds * ds)
    }
}
