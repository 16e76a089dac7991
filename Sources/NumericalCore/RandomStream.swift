import Foundation

/// A seeded, counter-based random stream: Philox4x64-10 (Salmon, Moraes, Dror and Shaw,
/// "Parallel random numbers: as easy as 1, 2, 3", SC'11).
///
/// The key is (seed, stream), so streams with different `stream` numbers are independent by
/// construction (a different key gives an unrelated permutation of the counter space), which is
/// how parallel work gets one stream per task without coordination. The same (seed, stream)
/// always gives the same numbers. The raw 64-bit output equals NumPy's
/// `numpy.random.Philox(key=seed + 2**64·stream)` and ``nextUniform()`` equals its
/// `Generator.random()` (the tests check both against values NumPy produced).
///
/// - Complexity: O(1) per number; one 10-round block yields four 64-bit outputs, and eight blocks
///   are computed together in the lanes of vectors.
public struct RandomStream: Sendable {
    private var key: (UInt64, UInt64)
    /// The counter of the last block generated (blocks use 1, 2, 3, … as 256-bit integers).
    private var counter: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// Eight blocks of output (block i's four words at 4i … 4i + 3), generated together with the
    /// blocks in the lanes of vectors.
    private var buffer = Words()
    private var bufferPosition = Words.count

    /// 32 words of storage, addressed through a pointer.
    struct Words {
        static let count = 32
        var storage: (SIMD8<UInt64>, SIMD8<UInt64>, SIMD8<UInt64>, SIMD8<UInt64>) = (.zero, .zero, .zero, .zero)
    }

    public init(seed: UInt64, stream: UInt64 = 0) {
        key = (seed, stream)
    }

    /// The next 64 uniformly distributed bits.
    @inline(__always)
    public mutating func nextUInt64() -> UInt64 {
        if bufferPosition == Words.count { refill() }
        let position = bufferPosition
        bufferPosition = position &+ 1
        return withUnsafeMutableBytes(of: &buffer) { $0.load(fromByteOffset: position &* 8, as: UInt64.self) }
    }

    /// A uniform double in [0, 1) with 53 random bits: (bits >> 11)·2⁻⁵³.
    @inline(__always)
    public mutating func nextUniform() -> Double {
        Double(nextUInt64() >> 11) * 0x1p-53
    }

    /// A standard normal variate by the ziggurat method (Marsaglia & Tsang 2000, in Doornik's
    /// 2005 formulation with 128 layers): one 64-bit draw gives the layer (low 7 bits) and an
    /// independent uniform in (−1, 1) (high 53 bits); about 98.8 % of draws return after one
    /// multiplication, the rest test a wedge or sample the tail beyond r = 3.4426.
    ///
    /// - Accuracy: exact sampling of N(0, 1) up to the 53-bit uniform (tested by a
    ///   Kolmogorov–Smirnov test and the first two moments).
    /// - Complexity: O(1) expected (``MachinePeaks`` measures the rate).
    @inline(__always)
    public mutating func nextNormal() -> Double {
        let table = Ziggurat.table
        while true {
            let bits = nextUInt64()
            let layer = Int(truncatingIfNeeded: bits & 127)
            let u = Double(bits >> 11) * 0x1p-52 - 1          // (−1, 1)
            if abs(u) < table[2 &* layer &+ 1] { return u * table[2 &* layer] }
            if let x = rejected(u, layer: layer) { return x }
        }
    }

    /// `count` uniforms (``nextUniform()`` in order, the same numbers) written to `output`.
    /// - Complexity: O(count).
    public mutating func fillUniforms(_ output: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { output[i] = nextUniform() }
    }

    /// `count` standard normals (``nextNormal()`` in order, the same numbers) written to `output`.
    ///
    /// Eight aligned words of the buffer are tried at once: when all eight land inside their
    /// layers' rectangles (about 91 % of the time) they are accepted together; otherwise those
    /// words are drawn one by one, exactly as ``nextNormal()`` draws them.
    /// - Complexity: O(count).
    public mutating func fillNormals(_ output: UnsafeMutablePointer<Double>, count: Int) {
        typealias U = SIMD8<UInt64>
        typealias V = SIMD8<Double>
        let table = Ziggurat.table
        var i = 0
        while i < count {
            if bufferPosition == Words.count { refill() }
            if bufferPosition & 7 == 0 && count - i >= 8 {
                let bits = withUnsafeMutableBytes(of: &buffer) { $0.load(fromByteOffset: bufferPosition &* 8, as: U.self) }
                let layer = bits & 127
                let u = V(bits &>> 11) * 0x1p-52 - 1
                var ratio = V.zero, edge = V.zero
                for lane in 0..<8 {
                    let l = Int(truncatingIfNeeded: layer[lane])
                    ratio[lane] = table[2 &* l &+ 1]
                    edge[lane] = table[2 &* l]
                }
                // |u| < ratio for non-negative doubles is an integer comparison of the bit patterns.
                let magnitude = unsafeBitCast(u, to: U.self) & 0x7FFF_FFFF_FFFF_FFFF
                let outside = (unsafeBitCast(ratio, to: U.self) &- 1 &- magnitude) &>> 63
                let h = outside.lowHalf | outside.highHalf, q = h.lowHalf | h.highHalf
                if q[0] | q[1] == 0 {
                    UnsafeMutableRawPointer(output + i).storeBytes(of: u * edge, as: V.self)
                    i &+= 8
                    bufferPosition &+= 8
                    continue
                }
                // Some lane is outside its rectangle: accept the lanes before it, then draw from
                // that word on one by one (the slow path may consume further words).
                var first = 0
                while outside[first] == 0 { first += 1 }
                let accepted = u * edge
                for lane in 0..<first { output[i + lane] = accepted[lane] }
                i &+= first
                bufferPosition &+= first
                // The outside word, through the slow path (count − i ≥ 8 − first > 0 here).
            }
            output[i] = nextNormal()
            i &+= 1
        }
    }

    /// The ziggurat's slow path for a draw outside its layer's rectangle: the tail for layer 0,
    /// the wedge test otherwise (nil: rejected, draw again). The wedge test
    /// y = f(x[i+1]) + U·(f(x[i]) − f(x[i+1])) < f(x), f(x) = e^{−x²/2}, is Doornik's
    /// f₁ + U(f₀ − f₁) < 1 with f₀,₁ = f(x[i]), f(x[i+1]) / f(x) multiplied out. Most draws are
    /// decided without the exponential by squeezes between the layer's chord and its tangent at
    /// x[i] (f is convex beyond 1 and concave below), each with a relative margin of 10⁻¹², far
    /// above the exponential's error, so every decision is the one e^{−x²/2} itself gives.
    @inline(never)
    private mutating func rejected(_ u: Double, layer: Int) -> Double? {
        if layer == 0 { return tail(negative: u < 0) }
        let (outer, inner) = (Ziggurat.x[layer], Ziggurat.x[layer + 1])
        let x = u * outer
        let (f0, f1) = (Ziggurat.density[layer], Ziggurat.density[layer + 1])
        let y = f1 + nextUniform() * (f0 - f1)
        let t = abs(x)
        // The chord through (inner, f1) and (outer, f0), and the tangent at outer.
        let chord = f0 + (f1 - f0) * (outer - t) / (outer - inner)
        let tangent = f0 * (1 - outer * (t - outer))
        let margin = 1e-12
        if inner >= 1 {                       // convex: tangent ≤ f ≤ chord
            if y < tangent * (1 - margin) { return x }
            if y >= chord * (1 + margin) { return nil }
        } else if outer <= 1 {                // concave: chord ≤ f ≤ tangent
            if y < chord * (1 - margin) { return x }
            if y >= tangent * (1 + margin) { return nil }
        }
        return y < exp(-0.5 * x * x) ? x : nil
    }

    /// The normal tail beyond r (Marsaglia 1964).
    private mutating func tail(negative: Bool) -> Double {
        let r = Ziggurat.r
        var x = 0.0, y = 0.0
        repeat {
            x = log(1 - nextUniform()) / r
            y = log(1 - nextUniform())
        } while -2 * y < x * x
        return negative ? x - r : r - x
    }

    /// The counter after c: c + 1 as a 256-bit integer.
    @inline(__always)
    private static func increment(_ c: (UInt64, UInt64, UInt64, UInt64)) -> (UInt64, UInt64, UInt64, UInt64) {
        var c = c
        c.0 &+= 1
        if c.0 == 0 {
            c.1 &+= 1
            if c.1 == 0 {
                c.2 &+= 1
                if c.2 == 0 { c.3 &+= 1 }
            }
        }
        return c
    }

    /// The next eight blocks, block i in lane i of four word vectors, then transposed into the
    /// buffer in stream order.
    @inline(never)
    private mutating func refill() {
        typealias U = SIMD8<UInt64>
        var w0: U, w1: U, w2: U, w3: U
        let c = counter
        if c.0 <= UInt64.max - 8 {
            // No carry out of the low word in the next eight counters.
            w0 = U(repeating: c.0) &+ U(1, 2, 3, 4, 5, 6, 7, 8)
            (w1, w2, w3) = (U(repeating: c.1), U(repeating: c.2), U(repeating: c.3))
            counter = (c.0 + 8, c.1, c.2, c.3)
        } else {
            (w0, w1, w2, w3) = (.zero, .zero, .zero, .zero)
            var next = c
            for lane in 0..<8 {
                next = Self.increment(next)
                (w0[lane], w1[lane], w2[lane], w3[lane]) = next
            }
            counter = next
        }
        (w0, w1, w2, w3) = Self.philox(w0, w1, w2, w3, key)
        withUnsafeMutableBytes(of: &buffer) { raw in
            let words = raw.bindMemory(to: UInt64.self)
            for lane in 0..<8 {
                words[4 * lane] = w0[lane]
                words[4 * lane + 1] = w1[lane]
                words[4 * lane + 2] = w2[lane]
                words[4 * lane + 3] = w3[lane]
            }
        }
        bufferPosition = 0
    }

    /// The high and low 64 bits of m·x per lane: the low half by the vector 64-bit multiply, the
    /// high half from four 32×32-bit products (vector units have no 64×64→128 multiply).
    @inline(__always)
    static func multiplyFullWidth(_ m: UInt64, _ x: SIMD8<UInt64>) -> (high: SIMD8<UInt64>, low: SIMD8<UInt64>) {
        typealias U = SIMD8<UInt64>
        let mask = U(repeating: 0xFFFF_FFFF)
        let (ml, mh) = (U(repeating: m & 0xFFFF_FFFF), U(repeating: m >> 32))
        let (xl, xh) = (x & mask, x &>> 32)
        let ll = xl &* ml, lh = xl &* mh, hl = xh &* ml, hh = xh &* mh
        let middle = (ll &>> 32) &+ (lh & mask) &+ (hl & mask)
        let high = hh &+ (lh &>> 32) &+ (hl &>> 32) &+ (middle &>> 32)
        return (high, x &* U(repeating: m))
    }

    /// The Philox4x64 bijection with 10 rounds on eight counters, one per lane.
    @inline(__always)
    static func philox(_ c0: SIMD8<UInt64>, _ c1: SIMD8<UInt64>, _ c2: SIMD8<UInt64>, _ c3: SIMD8<UInt64>,
                       _ k: (UInt64, UInt64)) -> (SIMD8<UInt64>, SIMD8<UInt64>, SIMD8<UInt64>, SIMD8<UInt64>) {
        var x0 = c0, x1 = c1, x2 = c2, x3 = c3
        for round in 0..<10 {
            let k0 = SIMD8<UInt64>(repeating: k.0 &+ UInt64(round) &* 0x9E37_79B9_7F4A_7C15)
            let k1 = SIMD8<UInt64>(repeating: k.1 &+ UInt64(round) &* 0xBB67_AE85_84CA_A73B)
            let p0 = multiplyFullWidth(0xD2E7_470E_E14C_6C93, x0)
            let p1 = multiplyFullWidth(0xCA5A_8263_9512_1157, x2)
            let n0 = p1.high ^ x1 ^ k0, n2 = p0.high ^ x3 ^ k1
            x1 = p1.low
            x3 = p0.low
            x0 = n0
            x2 = n2
        }
        return (x0, x1, x2, x3)
    }
}

/// The ziggurat's layer edges x[0…128] (x[0] = V/f(r) is the base strip, x[1] = r, x[128] = 0) and
/// the ratios x[i+1]/x[i] below which a draw lies inside the rectangle under the curve.
enum Ziggurat {
    static let r = 3.442619855899
    static let v = 9.91256303526217e-3

    static let x: [Double] = {
        var x = [Double](repeating: 0, count: 129)
        var f = exp(-0.5 * r * r)
        x[0] = v / f
        x[1] = r
        for i in 2..<128 {
            x[i] = (-2 * log(v / x[i - 1] + f)).squareRoot()
            f = exp(-0.5 * x[i] * x[i])
        }
        return x                     // x[128] = 0
    }()

    static let ratio: [Double] = (0..<128).map { x[$0 + 1] / x[$0] }

    /// f(x[i]) = e^{−x[i]²/2} for i = 0 … 128 (the wedge test's layer values).
    static let density: [Double] = x.map { exp(-0.5 * $0 * $0) }

    /// x[i] and ratio[i] interleaved (table[2i] = x[i], table[2i + 1] = ratio[i]), in memory that
    /// lives as long as the process: the fast path reads it without bounds checks.
    nonisolated(unsafe) static let table: UnsafePointer<Double> = {
        let t = UnsafeMutablePointer<Double>.allocate(capacity: 256)
        for i in 0..<128 {
            t[2 * i] = x[i]
            t[2 * i + 1] = ratio[i]
        }
        return UnsafePointer(t)
    }()
}
