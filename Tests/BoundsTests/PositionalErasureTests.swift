import Foundation
import Testing
import TestSupport
@testable import Bounds
@testable import Rotary

@Suite("Positional erasure in finite precision")
struct PositionalErasureTests {
    let theta = RotarySpectrum.standardInverseFrequencies(base: 1e4, rotaryDim: 128)

    /// bf16 has 7 fraction bits: positions are exact up to 256 and 257 rounds to 256 (tie to
    /// even), so every channel collides by m = 257 and, by the closed form, none before 2^7.
    @Test func bf16AnglesCollideNear256() throws {
        let s = try PositionalErasure.simulate(inverseFrequencies: theta, context: 2048, computation: .direct(.bf16))
        for (k, c) in s.firstCollision.enumerated() {
            let m = try #require(c, "channel \(k)")
            #expect(m > 128 && m <= 257, "channel \(k): \(m)")
        }
        #expect(AngleComputation.direct(.bf16).collisionWindow == 128...256)
        let cast = try PositionalErasure.simulate(inverseFrequencies: theta, context: 1024, computation: .cast(compute: .fp32, storage: .bf16))
        #expect(cast.firstCollision.allSatisfy { ($0 ?? .max) <= 257 })
    }

    /// fp32 angles: the first collision of each channel lies in the closed-form window
    /// [2^23, 2^24]; the error is at most (2u + u²)·m·θ (m < 2^24 is exact; θ and the product
    /// round once each, (1 + u)² − 1 = 2u + u²).
    @Test func fp32CollisionsFollowTheClosedForm() throws {
        let channels = [theta[0], theta[5], theta[31], theta[63], 0.75, 0.999]
        let L = (1 << 24) + 2
        let s = try PositionalErasure.simulate(inverseFrequencies: channels, context: L, computation: .direct(.fp32), checkpoints: 24)
        for (k, c) in s.firstCollision.enumerated() {
            let m = Double(c ?? .max)
            #expect(m >= 0x1p23 && m <= 0x1p24 + 1, "θ = \(channels[k]): first collision \(m)")
        }
        let u = FloatFormat.fp32.unitRoundoff
        for (k, e) in s.maxPhaseError.enumerated() {
            #expect(e <= (2 * u + u * u) * Double(L - 1) * channels[k], "θ = \(channels[k]): error \(e)")
            #expect(e > 0, "fp32 angles of θ = \(channels[k]) cannot all be exact")
        }
        #expect(zip(s.errorGrowth, s.errorGrowth.dropFirst()).allSatisfy { $0.error <= $1.error })
        #expect(s.errorGrowth.last?.position == L - 1)
    }

    @Test func reductionModuloTwoPiRemovesTheWall() throws {
        let s = try PositionalErasure.simulate(inverseFrequencies: [1, 0.1, 0.01], context: 1 << 21, computation: .reduced(.fp32))
        #expect(s.firstCollision.allSatisfy { $0 == nil })
        // Rounding an angle in [0, 2π) to fp32 errs by at most half an ulp of 2π (plus the float64
        // reduction's own error, far below 1e-9 for m·θ < 2^21).
        #expect(s.maxPhaseError.allSatisfy { $0 <= FloatFormat.fp32.ulp(2 * .pi) / 2 + 1e-9 })
        #expect(AngleComputation.reduced(.fp32).collisionWindow == nil)
    }

    /// A bf16 cos/sin cache: for a slow channel θ = 1e-6, cos(mθ) rounds to 1 up to m ≈ 6·10⁴, so the
    /// pair collides where sin(mθ) ≈ mθ does: consecutive values 1/m apart in relative terms fall
    /// inside one bf16 step 2⁻⁷ once m > 2⁷, and always by m = 2⁸ + 1 (the window of direct angles).
    /// A fast channel (θ = 0.5) never repeats a pair below L. Each rounded component errs by at
    /// most u times its magnitude, so the chord is at most u·√(cos² + sin²) = u.
    @Test func bf16CosSinCacheErasesSlowChannels() throws {
        let s = try PositionalErasure.simulate(inverseFrequencies: [1e-6, 0.5], context: 4096, computation: .cosSin(.bf16))
        let slow = try #require(s.firstCollision[0])
        #expect(slow > 128 && slow <= 257, "first collision \(slow)")
        #expect(s.firstCollision[1] == nil)
        #expect(s.maxPhaseError.allSatisfy { $0 <= FloatFormat.bf16.unitRoundoff })
    }

    /// float64 angles m·θ round once: the error is at most the closed form 2u·m·θ_max of direct
    /// angles with u = 2⁻⁵³, and consecutive positions never share an angle below 2⁵².
    @Test func float64IsTheReference() throws {
        let L = 100_000
        let s = try PositionalErasure.simulate(inverseFrequencies: theta, context: L, computation: .direct(.fp64))
        #expect(s.firstCollision.allSatisfy { $0 == nil })
        let bound = try #require(AngleComputation.direct(.fp64).phaseErrorBound(position: Double(L - 1), maxInverseFrequency: theta.max()!))
        #expect(s.maxPhaseError.max()! <= bound)
    }

    @Test func resultsDoNotDependOnTheThreadCount() throws {
        let one = try PositionalErasure.simulate(inverseFrequencies: theta, context: 50_000, computation: .direct(.bf16), threads: 1)
        let two = try PositionalErasure.simulate(inverseFrequencies: theta, context: 50_000, computation: .direct(.bf16), threads: 2)
        #expect(one.firstCollision == two.firstCollision && one.maxPhaseError == two.maxPhaseError)
    }
}

@Suite("Positional erasure: vector loops against the scalar definitions")
struct PositionalErasureLanesTests {
    /// Every variant and several formats, over positions that cross task blocks (short blocks here,
    /// so the merge of blocks, the boundary collision and the running maxima are exercised), with
    /// channels that collide early, late and never; bit for bit against the one-channel-at-a-time
    /// reference. The fp32 wall at 2²³ is checked at full length by fp32CollisionsFollowTheClosedForm.
    @Test(arguments: [AngleComputation.direct(.fp32), .direct(.bf16), .direct(.fp16), .direct(.fp64), .direct(.fp8E4M3),
                      .cast(compute: .fp32, storage: .bf16), .cast(compute: .fp32, storage: .fp16),
                      .reduced(.fp32), .reduced(.bf16), .reduced(.fp8E5M2), .cosSin(.bf16), .cosSin(.fp16), .cosSin(.fp8E4M3)])
    func vectorLoopsEqualTheDefinitions(computation: AngleComputation) throws {
        let theta = [1.0, 0.75, 0.1, 3e-3, 1e-4, 1e-6, 2e-9, 0.999, 0.31, 5e-5]      // two lane groups
        let L = 3 * 8192 + 5000
        let fast = try PositionalErasure.simulate(inverseFrequencies: theta, context: L, computation: computation, checkpoints: 30,
                                                  threads: 2, progress: nil, positionBlock: 8192)
        let reference = ErasureReference.simulate(theta, L, computation, checkpoints: 30)
        #expect(fast.firstCollision == reference.map(\.collision), "\(computation)")
        #expect(fast.maxPhaseError.map(\.bitPattern) == reference.map(\.maxError.bitPattern), "\(computation)")
        for (i, point) in fast.errorGrowth.enumerated() {
            #expect(point.error.bitPattern == reference.map { $0.growth[i] }.max()!.bitPattern, "\(computation) at \(point.position)")
        }
    }

    /// Every variant gives the same bits on one, two and three threads.
    @Test(arguments: [AngleComputation.direct(.fp32), .cast(compute: .fp32, storage: .bf16), .reduced(.bf16), .cosSin(.bf16)])
    func identicalForEveryThreadCount(computation: AngleComputation) throws {
        let theta = RotarySpectrum.standardInverseFrequencies(base: 1e4, rotaryDim: 40)
        let L = 2 * PositionalErasure.positionBlock + 777
        let one = try PositionalErasure.simulate(inverseFrequencies: theta, context: L, computation: computation, threads: 1)
        for threads in [2, 3] {
            let other = try PositionalErasure.simulate(inverseFrequencies: theta, context: L, computation: computation, threads: threads)
            #expect(other.firstCollision == one.firstCollision)
            #expect(other.maxPhaseError.map(\.bitPattern) == one.maxPhaseError.map(\.bitPattern))
            #expect(other.errorGrowth.map(\.error.bitPattern) == one.errorGrowth.map(\.error.bitPattern))
        }
    }
}
