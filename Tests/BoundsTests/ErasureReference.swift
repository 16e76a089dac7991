import Foundation
@testable import Bounds
import NumericalCore
import Rotary

/// The erasure simulation one channel and one position at a time, straight from the definitions
/// (the implementation before vectorisation): the reference the vector loops must equal bit for bit.
/// cos/sin anchors use the vector sin/cos lane by lane, so that both sides start from the same values.
enum ErasureReference {
    struct Channel {
        var collision: Int?
        var maxError = 0.0
        var growth: [Double] = []
    }

    static func round(_ x: Double, _ f: FloatFormat, viaFloat32: Bool) -> Double {
        guard viaFloat32 else { return f.round(x) }
        let g = Float(x)
        if f == .fp32 { return Double(g) }
        guard g.isFinite else { return Double(g) }
        let bits = g.bitPattern
        return Double(Float(bitPattern: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000))
    }

    /// The rounding `direct` applies for a format: fp32 and bf16 through float32 (torch), others exact.
    static func directRound(_ x: Double, _ f: FloatFormat) -> Double {
        f == .fp32 || f == .bf16 ? round(x, f, viaFloat32: true) : f.round(x)
    }

    static func simulate(_ theta: [Double], _ L: Int, _ computation: AngleComputation, checkpoints: Int = 48) -> [Channel] {
        let marks = PositionalErasure.checkpointPositions(L, checkpoints)
        return theta.map { t in channel(t, L, computation, marks) }
    }

    static func channel(_ theta: Double, _ L: Int, _ computation: AngleComputation, _ marks: [Int]) -> Channel {
        switch computation {
        case let .direct(f): return direct(theta, L, marks, f, .fp64)
        case let .cast(c, s): return direct(theta, L, marks, c, s)
        case let .reduced(f):
            return scan(L, marks) { m in
                let x = (Double(m) * theta).truncatingRemainder(dividingBy: 2 * Double.pi)
                let angle = f.round(x)
                return (angle, 0, abs(angle - x))
            }
        case let .cosSin(f):
            let (c1, s1) = (cos(theta), sin(theta))
            var c = 1.0, s = 0.0
            return scan(L, marks) { m in
                if m == 0 {
                    (c, s) = (1, 0)
                } else if m % 1024 == 0 {
                    let v = VectorSinCos.sinCos(multiple: SIMD8(repeating: Double(m)), of: SIMD8(repeating: theta))
                    (c, s) = (v.cos[0], v.sin[0])
                } else {
                    (c, s) = (c * c1 - s * s1, s * c1 + c * s1)
                }
                let (rc, rs) = (f.round(c), f.round(s))
                let (dc, ds) = (rc - c, rs - s)
                return (rc, rs, (dc * dc + ds * ds).squareRoot())
            }
        }
    }

    static func scan(_ L: Int, _ marks: [Int], _ rotation: (Int) -> (Double, Double, Double)) -> Channel {
        var channel = Channel()
        let origin = rotation(0)
        var previous = (origin.0, origin.1)
        var next = 0
        for m in 1..<L {
            let (a, b, error) = rotation(m)
            if channel.collision == nil, a == previous.0, b == previous.1 { channel.collision = m }
            previous = (a, b)
            channel.maxError = max(channel.maxError, error)
            while next < marks.count, marks[next] == m { channel.growth.append(channel.maxError); next += 1 }
        }
        return channel
    }

    static func direct(_ theta: Double, _ L: Int, _ marks: [Int], _ compute: FloatFormat, _ storage: FloatFormat) -> Channel {
        let thetaF = directRound(theta, compute)
        return scan(L, marks) { m in
            let mm = Double(m)
            let angle = directRound(directRound(directRound(mm, compute) * thetaF, compute), storage)
            let p = mm * theta
            let e = (-p).addingProduct(mm, theta)
            return (angle, 0, abs((angle - p) - e))
        }
    }
}
