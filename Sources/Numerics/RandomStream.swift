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
/// - Complexity: O(1) per number; one 10-round block yields four 64-bit outputs.
public struct RandomStream: Sendable {
    private var key: (UInt64, UInt64)
    private var counter: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var bufferPosition = 4
    private var spareNormal: Double?

    public init(seed: UInt64, stream: UInt64 = 0) {
        key = (seed, stream)
    }

    /// The next 64 uniformly distributed bits.
    public mutating func nextUInt64() -> UInt64 {
        if bufferPosition == 4 { refill() }
        defer { bufferPosition += 1 }
        switch bufferPosition {
        case 0: return buffer.0
        case 1: return buffer.1
        case 2: return buffer.2
        default: return buffer.3
        }
    }

    /// A uniform double in [0, 1) with 53 random bits: (bits >> 11)·2⁻⁵³.
    public mutating func nextUniform() -> Double {
        Double(nextUInt64() >> 11) * 0x1p-53
    }

    /// A standard normal variate by the Box–Muller transform (pairs; the second value is kept).
    ///
    /// - Accuracy: exact transform of the uniforms; the uniforms are in (0, 1] for the radius so
    ///   the logarithm is finite (largest |z| ≈ 8.6).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = 1 - nextUniform()          // (0, 1]
        let u2 = nextUniform()
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    private mutating func refill() {
        counter.0 &+= 1
        if counter.0 == 0 {
            counter.1 &+= 1
            if counter.1 == 0 {
                counter.2 &+= 1
                if counter.2 == 0 { counter.3 &+= 1 }
            }
        }
        buffer = Self.block(counter, key)
        bufferPosition = 0
    }

    /// The Philox4x64 bijection with 10 rounds.
    static func block(
        _ c: (UInt64, UInt64, UInt64, UInt64), _ k: (UInt64, UInt64)
    ) -> (UInt64, UInt64, UInt64, UInt64) {
        var x = c
        var key = k
        for round in 0..<10 {
            if round > 0 {
                key.0 &+= 0x9E37_79B9_7F4A_7C15
                key.1 &+= 0xBB67_AE85_84CA_A73B
            }
            let p0 = UInt64(0xD2E7_470E_E14C_6C93).multipliedFullWidth(by: x.0)
            let p1 = UInt64(0xCA5A_8263_9512_1157).multipliedFullWidth(by: x.2)
            x = (p1.high ^ x.1 ^ key.0, p1.low, p0.high ^ x.3 ^ key.1, p0.low)
        }
        return x
    }
}
