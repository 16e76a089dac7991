import Foundation
import Testing
@testable import Bounds
import NumericalCore
@testable import Rotary

@Suite("Lane rounding equals the scalar definitions")
struct LaneRoundingTests {
    /// Doubles over every binade from below the smallest subnormal of fp8 to beyond fp32's range,
    /// both signs, and the special values.
    static let samples: [Double] = {
        var rng = RandomStream(seed: 21)
        var xs: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 448, 464, 465, 57344, 61440, 65504, 65520, 0x1p-14, 0x1p-24, 0x1p-25]
        for _ in 0..<40_000 {
            let x = pow(2, rng.nextUniform() * 300 - 160)
            xs.append(rng.nextUniform() < 0.5 ? -x : x)
        }
        return xs
    }()

    static func same(_ a: Double, _ b: Double) -> Bool { a.isNaN ? b.isNaN : a.bitPattern == b.bitPattern }

    static func lanes<R: LaneRounding>(_ r: R, _ reference: (Double) -> Double) -> Bool {
        var ok = true
        for start in stride(from: 0, to: samples.count - 8, by: 8) {
            let v = SIMD8<Double>(samples[start..<(start + 8)])
            let out = r(v)
            for lane in 0..<8 where !same(out[lane], reference(v[lane])) || !same(r.scalar(v[lane]), reference(v[lane])) { ok = false }
        }
        return ok
    }

    @Test(arguments: FloatFormat.all.filter { $0 != .fp64 })
    func formatLanesEqualFloatFormatRound(format: FloatFormat) {
        #expect(Self.lanes(FormatLanes(format), format.round), "\(format.name)")
    }

    @Test func float32AndBFloat16OfFloat32() {
        #expect(Self.lanes(Float32Lanes()) { Double(Float($0)) })
        #expect(Self.lanes(BFloat16OfFloat32Lanes()) { x in
            let f = Float(x)
            guard f.isFinite else { return Double(f) }
            return Double(Float(bitPattern: (f.bitPattern &+ 0x7FFF &+ ((f.bitPattern >> 16) & 1)) & 0xFFFF_0000))
        })
    }
}
