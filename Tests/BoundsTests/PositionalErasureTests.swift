import Foundation
import Testing
@testable import Bounds
@testable import Rotary

@Suite("Positional erasure in finite precision")
struct PositionalErasureTests {
    let theta = RoPEKernel(base: 1e4, rotaryDim: 128).inverseFrequencies

    /// bf16 has 7 fraction bits: positions are exact up to 256 and 257 rounds to 256 (tie to
    /// even), so every channel collides by m = 257 and, by the closed form, none before 2^7.
    @Test func bf16AnglesCollideNear256() {
        let s = PositionalErasure.simulate(inverseFrequencies: theta, context: 2048, computation: .direct(.bf16))
        for (k, c) in s.firstCollision.enumerated() {
            let m = try! #require(c, "channel \(k)")
            #expect(m > 128 && m <= 257, "channel \(k): \(m)")
        }
        #expect(AngleComputation.direct(.bf16).collisionWindow == 128...256)
        let cast = PositionalErasure.simulate(inverseFrequencies: theta, context: 1024, computation: .cast(compute: .fp32, storage: .bf16))
        #expect(cast.firstCollision.allSatisfy { ($0 ?? .max) <= 257 })
    }

    /// fp32 angles: the first collision of each channel lies in the closed-form window
    /// [2^23, 2^24]; the error is at most 2u·m·θ (m < 2^24 is exact; θ and the product round).
    @Test func fp32CollisionsFollowTheClosedForm() {
        let channels = [theta[0], theta[5], theta[31], theta[63], 0.75, 0.999]
        let L = (1 << 24) + 2
        let s = PositionalErasure.simulate(inverseFrequencies: channels, context: L, computation: .direct(.fp32), checkpoints: 24)
        for (k, c) in s.firstCollision.enumerated() {
            let m = Double(c ?? .max)
            #expect(m >= 0x1p23 && m <= 0x1p24 + 1, "θ = \(channels[k]): first collision \(m)")
        }
        let u = FloatFormat.fp32.unitRoundoff
        for (k, e) in s.maxPhaseError.enumerated() {
            #expect(e <= 2.0001 * u * Double(L - 1) * channels[k], "θ = \(channels[k]): error \(e)")
            #expect(e > 0)
        }
        #expect(zip(s.errorGrowth, s.errorGrowth.dropFirst()).allSatisfy { $0.error <= $1.error })
        #expect(s.errorGrowth.last?.position == L - 1)
    }

    @Test func reductionModuloTwoPiRemovesTheWall() {
        let s = PositionalErasure.simulate(inverseFrequencies: [1, 0.1, 0.01], context: 1 << 21, computation: .reduced(.fp32))
        #expect(s.firstCollision.allSatisfy { $0 == nil })
        #expect(s.maxPhaseError.allSatisfy { $0 <= FloatFormat.fp32.ulp(2 * .pi) / 2 + 1e-9 })
        #expect(AngleComputation.reduced(.fp32).collisionWindow == nil)
    }

    @Test func bf16CosSinCacheErasesSlowChannels() {
        let s = PositionalErasure.simulate(inverseFrequencies: [1e-6, 0.5], context: 4096, computation: .cosSin(.bf16))
        #expect((s.firstCollision[0] ?? .max) < 600)
        #expect(s.firstCollision[1] == nil)
        #expect(s.maxPhaseError.allSatisfy { $0 <= 2 * FloatFormat.bf16.unitRoundoff * 1.5 })
    }

    @Test func float64IsTheReference() {
        let s = PositionalErasure.simulate(inverseFrequencies: theta, context: 100_000, computation: .direct(.fp64))
        #expect(s.firstCollision.allSatisfy { $0 == nil })
        #expect(s.maxPhaseError.max()! < 1e-9)
    }
}
