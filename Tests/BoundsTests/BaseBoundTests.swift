import Foundation
import Testing
import TestSupport
@testable import Bounds
import Rotary
import NumericalCore

@Suite("b*(L): certified search for the smallest valid base")
struct BaseBoundTests {
    /// Float64 fine-grid scans of rope-bounds.md §6.2 (first valid base on a grid of the given
    /// step, so an upper estimate): the certified infimum lies within one step below.
    @Test(arguments: [(1024, 4293.5, 0.5), (2048, 11_588.0, 1.0), (4096, 26_953.0, 1.0), (8192, 83_764.0, 2.0), (16384, 231_645.0, 5.0)])
    func matchesFineScans(context: Int, scan: Double, step: Double) throws {
        let r = try BaseBound.search(context: context, rotaryDim: 128)
        #expect(r.minBase <= scan && r.minBase > scan - step - r.resolution, "b*(\(context)) = \(r.minBase)")
        #expect(try RoPEKernel(base: r.minBase, rotaryDim: 128).minimum(over: 0..<context).holds)
        #expect(r.minKernel >= -RoPEKernel.Minimum.error)
    }

    /// Bisection between 2e4 and 3e4 lands on the upper branch (≈ 2.86e4); the walk finds the island.
    @Test func findsTheIslandThatBisectionMisses() throws {
        let r = try BaseBound.search(context: 4096, rotaryDim: 128, start: 20_000)
        #expect(r.minBase > 26_952 && r.minBase < 26_953, "\(r.minBase)")
        #expect(try !RoPEKernel(base: 27_500, rotaryDim: 128).minimum(over: 0..<4096).holds)
    }

    /// Every certified step is sound: on a fine grid inside [b, b + Δ) the violation persists.
    @Test func certificatesAreSound() {
        for b in [9_000.0, 26_000, 60_000] {
            let kernel = RoPEKernel(base: b, rotaryDim: 128)
            let certificate = BaseBound.Certificate(kernel: kernel, base: b)
            let violators = BaseBound.strongestViolations(kernel, certificate: certificate, context: 8192, blocks: nil, threads: 2).positions.prefix(8)
            #expect(!violators.isEmpty)
            for m in violators {
                let step = certificate.step(at: m, beyond: 0)
                #expect(step > 0)
                for k in 0..<200 {
                    let bb = b + step * Double(k) / 200
                    #expect(RoPEKernel(base: bb, rotaryDim: 128).value(at: m) < 0, "b = \(b), m = \(m), Δ = \(step)")
                }
            }
        }
    }

    @Test func halfRotationNeverBinds() throws {
        // Su: with only the first d/4 channels rotating, Σ cos ≥ 0 at every m (the rest contribute 1 each).
        let theta = (0..<64).map { $0 < 32 ? pow(1e4, -Double(2 * $0) / 64) : 0 }
        #expect(try RoPEKernel(inverseFrequencies: theta).minimum(over: 0..<100_000).holds)
    }

    /// The walk through a general family with the chord certificate finds what the derivative
    /// certificate finds for the same (default) spectrum: the island near 26 952 for L = 4096.
    @Test func chordCertificateWalkAgrees() throws {
        let general = BaseBound.Family(channels: 64) { RotarySpectrum.standardInverseFrequencies(base: $0, rotaryDim: 128) }
        let r = try BaseBound.search(context: 4096, family: general, start: 20_000)
        let standard = try BaseBound.search(context: 4096, rotaryDim: 128, start: 20_000)
        #expect(abs(r.minBase - standard.minBase) <= r.resolution + standard.resolution, "\(r.minBase) vs \(standard.minBase)")
    }

    /// A power-law family (linear ×4: θᵢ = b^{−2i/d}/4; NTK-style: (3b)^{−2i/d}) walked with the
    /// derivative certificate finds the b* the chord certificate finds for the same spectra.
    @Test(arguments: [(0.25, 1.0), (1.0, 3.0)])
    func powerLawWalkAgreesWithTheChordWalk(scale: Double, baseFactor: Double) throws {
        let spectrum: @Sendable (Double) -> [Double]? = { b in
            RotarySpectrum.standardInverseFrequencies(base: b * baseFactor, rotaryDim: 128).map { $0 * scale }
        }
        let powerLaw = try BaseBound.search(context: 8192, family: .powerLaw(channels: 64, frequencies: spectrum), start: 1 + 1e-9)
        let chord = try BaseBound.search(context: 8192, family: BaseBound.Family(channels: 64, frequencies: spectrum), start: 1 + 1e-9)
        #expect(abs(powerLaw.minBase - chord.minBase) <= powerLaw.resolution + chord.resolution, "\(powerLaw.minBase) vs \(chord.minBase)")
        #expect(try RoPEKernel(inverseFrequencies: spectrum(powerLaw.minBase)!).minimum(over: 0..<8192).holds)
    }

    /// The chord certificate is sound for a scaled family (llama3): inside every certified step
    /// the violation persists on a fine grid.
    @Test func chordCertificatesAreSound() throws {
        let rotary = RotaryConfiguration(base: 1e5, headDim: 128, scaling: .llama3(.init(factor: 8, lowFreqFactor: 1, highFreqFactor: 4,
                                                                                           originalMaxPositionEmbeddings: 8192)))
        let family = BaseBound.Family(channels: 64) { try? rotary.withBase($0).spectrum().inverseFrequencies }
        for b in [3e4, 6e4, 1e5] {
            let kernel = RoPEKernel(inverseFrequencies: family.frequencies(b)!)
            let certificate = BaseBound.ChordCertificate(kernel: kernel, base: b, family: family)
            let violators = BaseBound.strongestViolations(kernel, certificate: certificate, context: 100_000, blocks: nil, threads: 2).positions.prefix(6)
            #expect(!violators.isEmpty)
            for m in violators {
                let step = certificate.step(at: m, beyond: 0)
                #expect(step > 0, "b = \(b), m = \(m)")
                for k in 0...100 {
                    let bb = b + step * Double(k) / 100
                    #expect(RoPEKernel(inverseFrequencies: family.frequencies(bb)!).value(at: m) < 0, "b = \(b), m = \(m), Δ = \(step)")
                }
            }
        }
    }

    /// A step is cut where the piece label changes (a label of ⌊log₂ b⌋: pieces end at powers of
    /// two), to within an ulp of the piece's end, and kept whole inside a piece.
    @Test func stepsStayWithinTheirPiece() {
        let family = BaseBound.Family.piecewisePowerLaw(channels: 1, frequencies: { [1 / $0] }, piece: { [log2($0).rounded(.down)] })
        #expect(family.stepWithinPiece(from: 5, 2) == 2)
        let cut = family.stepWithinPiece(from: 5, 10)
        #expect(cut < 3 && cut > 3 - 1e-14 && log2(5 + cut).rounded(.down) == 2)
        #expect(BaseBound.Family.powerLaw(channels: 1) { [1 / $0] }.stepWithinPiece(from: 5, 10) == 10)
    }

    @Test func stopsWhenAsked() {
        let stop = ProgressSinkForTests.cancelled
        #expect(throws: Interrupted.self) { try BaseBound.search(context: 32768, rotaryDim: 128, progress: stop) }
    }
}
