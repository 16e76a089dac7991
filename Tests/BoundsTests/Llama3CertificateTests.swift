import Foundation
import Testing
import TestSupport
@testable import Bounds
import Rotary

@Suite("The llama3 certificate: derivative bounds within a band, the chord across an edge")
struct Llama3CertificateTests {
    /// Llama 3.1 (×8, d = 128), Llama 3.2 (×32, d = 64) and Llama 4 (×16 with l = h: a jump, no ramp).
    static let scalings: [(RotaryConfiguration, BaseBound.Llama3Bands)] = [(8, 1, 4, 128), (32, 1, 4, 64), (16, 1, 1, 128)].map { s, l, h, d in
        let p = RopeScaling.Llama3(factor: s, lowFreqFactor: l, highFreqFactor: h, originalMaxPositionEmbeddings: 8192)
        return (RotaryConfiguration(base: 5e5, headDim: d, scaling: .llama3(p)),
                BaseBound.Llama3Bands(factor: s, lowFreqFactor: l, highFreqFactor: h, originalContext: 8192)!)
    }

    static func family(_ rotary: RotaryConfiguration, _ bands: BaseBound.Llama3Bands) -> BaseBound.Family {
        .llama3(channels: rotary.rotaryDim / 2, frequencies: { try? rotary.withBase($0).spectrum().inverseFrequencies }, bands: bands)
    }

    /// Every certified step keeps K(m) < 0 on a grid of 201 bases over it, at bases inside bands and
    /// just below the bases where channels leave the kept band (b = (2π·h/L₀)^{−1/x} for x = i/n,
    /// channels 26 … 34 of 64 for Llama 3.x, near 10⁵ … 10⁶, and 40 … 48 for Llama 4, near 10⁴ … 10⁵),
    /// so that steps across an edge, which take the chord bound, are checked too; some are. Beside
    /// the strongest violations (K far below 0, which no single channel's jump can lift), positions
    /// where K is barely negative, which a channel crossing an edge can turn positive.
    @Test(arguments: [(0, 26.0 / 64), (1, 26.0 / 64), (2, 40.0 / 64)])
    func stepsAreSound(index: Int, x: Double) throws {
        let (rotary, bands) = Self.scalings[index]
        let family = Self.family(rotary, bands)
        let n = Double(family.channels)
        let edges = (0...8).map { pow(2 * Double.pi * bands.highFreqFactor / bands.originalContext, -1 / (x + Double($0) / 64)) }
        var crossed = 0, checked = 0
        for b in [3e4, 1e5] + edges.flatMap({ [$0 * (1 - 1e-4), $0 * (1 - 1e-7)] }) {
            let kernel = RoPEKernel(inverseFrequencies: family.frequencies(b)!)
            let certificate = BaseBound.Llama3Certificate(kernel: kernel, base: b, family: family, bands: bands)
            let strongest = BaseBound.strongestViolations(kernel, certificate: certificate, context: 200_000, blocks: nil, threads: 2).positions
            let barely = stride(from: 1, to: 200_000, by: 7).lazy.filter { (-1.5 ..< -1e-6).contains(kernel.value(at: $0)) }.prefix(24)
            for m in strongest + barely {
                checked += 1
                let step = certificate.step(at: m, beyond: 0)
                #expect(step > 0, "b = \(b), m = \(m)")
                let next = b + step
                if (0..<family.channels).contains(where: { k in
                    let x = Double(k) / n
                    return x > 0 && (pow(b, -x) > bands.high) != (pow(next, -x) > bands.high)
                }) { crossed += 1 }
                for i in 0...200 {
                    let bb = b + step * Double(i) / 200
                    #expect(RoPEKernel(inverseFrequencies: family.frequencies(bb)!).value(at: m) < 0, "b = \(b), m = \(m), Δ = \(step)")
                }
            }
        }
        #expect(crossed > 0 && checked > 200)
    }

    /// The ingredients, against the spectra themselves: until its `stay`, each channel keeps the band
    /// it is in at b (classified as transformers does, by wavelength against L₀/l and L₀/h) and its
    /// slope stays within Sₖ (one-sided differences of the family's spectrum); just past a finite
    /// `stay` it has left the band (the margin is 10⁻⁹, so `stay` is not vacuous).
    @Test(arguments: scalings.indices)
    func bandsSlopesAndStays(index: Int) throws {
        let (rotary, bands) = Self.scalings[index]
        let family = Self.family(rotary, bands)
        let n = Double(family.channels), l0 = bands.originalContext
        func band(_ theta: Double) -> Int {
            let wavelength = 2 * Double.pi / theta
            return wavelength > l0 / bands.lowFreqFactor ? 0 : wavelength < l0 / bands.highFreqFactor ? 2 : 1
        }
        var left = 0
        for b in [3e3, 3e4, 1e5, 5.5e5, 2e6, 3e7] {
            let kernel = RoPEKernel(inverseFrequencies: family.frequencies(b)!)
            let c = BaseBound.Llama3Certificate(kernel: kernel, base: b, family: family, bands: bands)
            for k in 1..<family.channels where c.stay[k] > 0 {
                let x = Double(k) / n, end = b + min(c.stay[k], b)
                for i in 0...64 {
                    let t = b + (end - b) * Double(i) / 64, eta = t * 1e-7
                    #expect(band(pow(t, -x)) == band(pow(b, -x)), "k = \(k), b = \(b), t = \(t)")
                    guard t + eta <= end else { continue }
                    let drop = (family.frequencies(t)![k] - family.frequencies(t + eta)![k]) / eta
                    #expect(drop <= c.slope[k] * (1 + 1e-5), "k = \(k), b = \(b), t = \(t): slope \(drop) > \(c.slope[k])")
                }
                if c.stay[k] < b {
                    #expect(band(pow(b + c.stay[k] * (1 + 1e-6), -x)) != band(pow(b, -x)), "k = \(k), b = \(b)")
                    left += 1
                }
            }
        }
        #expect(left > 3)
    }

    /// The walk with this certificate finds the b* the chord certificate finds for the same spectra.
    @Test(arguments: scalings.indices)
    func walkAgreesWithTheChordWalk(index: Int) throws {
        let (rotary, bands) = Self.scalings[index]
        let family = Self.family(rotary, bands)
        let chord = BaseBound.Family(channels: family.channels, frequencies: family.frequencies)
        for L in [2048, 16_384] {
            let llama3 = try BaseBound.search(context: L, family: family, start: 1 + 1e-9)
            let general = try BaseBound.search(context: L, family: chord, start: 1 + 1e-9)
            #expect(abs(llama3.minBase - general.minBase) <= llama3.resolution + general.resolution, "L = \(L): \(llama3.minBase) vs \(general.minBase)")
            #expect(try RoPEKernel(inverseFrequencies: family.frequencies(llama3.minBase)!).minimum(over: 0..<L).holds)
        }
    }

    /// A factor below 1 (g decreasing in the ramp) or h < l gets no llama3 certificate.
    @Test func outsideItsDomain() {
        #expect(BaseBound.Llama3Bands(factor: 0.5, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 8192) == nil)
        #expect(BaseBound.Llama3Bands(factor: 8, lowFreqFactor: 4, highFreqFactor: 1, originalContext: 8192) == nil)
    }
}
