import Foundation
import Testing
import TestSupport
@testable import Bounds
@testable import ContextLimits

/// How far each bound goes, against closed forms (unscaled spectra) and brute force (scaled ones).
@Suite("BoundReach: the largest context each bound allows")
struct BoundReachTests {
    static func bare(_ rotary: RotaryConfiguration, layers: Int = 32) -> ModelInput {
        ModelInput(parameters: rotary, layers: layers, context: rotary.maxPositionEmbeddings)
    }

    /// Unscaled base b, d = 128: ω_min = b^{−126/128} =: 1/B. Aliasing holds while L < 2πB, DC
    /// stability while L ≤ B·arccos ε, depth while L ≤ B·arccos(ε^{1/N}); the precision bound
    /// B < 2²³ does not depend on L; the kernel holds while L ≤ its first negative distance, found
    /// here by a direct scan of K(m) = Σ cos(mθᵢ).
    @Test(arguments: [1e4, 5e5])
    func closedFormsForAnUnscaledSpectrum(base: Double) throws {
        let input = Self.bare(RotaryConfiguration(base: base, headDim: 128))
        let reach = try BoundReach(input: input, settings: BoundSettings(kernelReading: .exact), horizon: 1 << 27, checkedContext: 4096)
        let g = try #require(reach.groups.first)
        let B = pow(base, 126.0 / 128)
        #expect(g.entry(.aliasing).maxContext == Int((2 * .pi * B).rounded(.up)) - 1)
        #expect(g.entry(.dcStability).maxContext == Int((B * acos(0.5)).rounded(.down)))
        #expect(g.entry(.depth).maxContext == Int((B * acos(pow(0.5, 1.0 / 32))).rounded(.down)))
        #expect(g.entry(.precision).maxContext == nil)
        let theta = RotarySpectrum.standardInverseFrequencies(base: base, rotaryDim: 128)
        let direct = (0..<400_000).first { m in theta.reduce(0) { $0 + cos(Double(m) * $1) } < 0 }
        #expect(g.entry(.kernel).maxContext == direct && g.firstNegativeDistance == direct)
        #expect(reach.maxContext == [g.entry(.depth).maxContext!, direct!].min())
        #expect(reach.bindingBound == (g.entry(.depth).maxContext! <= direct! ? .depth : .kernel))
    }

    /// The threshold reading (Men et al.: rope_theta ≥ b*(L)) against the independent float64 scans
    /// of rope-bounds.md §6.2 (d = 128): b*(4096) ≈ 26 952.5 (the island [26 952.5, 26 973]),
    /// b*(16384) ≤ 231 645 and b*(32768) ≤ 629 980, each valid there by a scan of every m < L. So base
    /// 27 000 and 27 500 reach at least 4096 although K < 0 below 4096 at those very bases (min K −0.48
    /// and −4.33 there: the exact reading stops short), base 5·10⁵ at least 16 384;
    /// and base 26 950, below every valid base of 4096, reaches less than 4096. The reach never falls
    /// as the base grows, unlike the exact reading's.
    @Test func thresholdReadingAgainstIndependentScans() throws {
        func reach(_ base: Double, _ reading: KernelReading) throws -> Int? {
            let input = Self.bare(RotaryConfiguration(base: base, headDim: 128))
            return try BoundReach(input: input, settings: BoundSettings(kernelReading: reading), horizon: 1 << 16).groups[0].entry(.kernel).maxContext
        }
        for base in [27_000.0, 27_500] {   // min K over m < 4096: −0.4846 and −4.3332 (§6.2)
            #expect(try reach(base, .exact)! < 4096 && reach(base, .threshold)! >= 4096, "base \(base)")
        }
        #expect(try reach(26_950, .threshold)! < 4096)
        let half = try #require(try reach(5e5, .threshold))
        #expect(half >= 16_384 && half < 32_768)
        #expect(try reach(629_990, .threshold).map { $0 >= 32_768 } ?? true)
        let bases = stride(from: 26_000.0, through: 30_000, by: 250).map { $0 }
        let threshold = try bases.map { try reach($0, .threshold)! }, exact = try bases.map { try reach($0, .exact)! }
        #expect(zip(threshold, threshold.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(zip(threshold, exact).allSatisfy { $0 >= $1 })
        #expect(zip(exact, exact.dropFirst()).contains { $0 > $1 }, "the exact reading is not monotone in the base")
    }

    /// A window caps every span: a bound that holds over the window holds at every context.
    @Test func windowsCapTheSpan() throws {
        let input = try ModelInput.load("gemma-3-27b-it")
        let reach = try BoundReach(input: input, horizon: 1 << 24)
        let sliding = try #require(reach.groups.first { $0.label.hasPrefix("sliding") })
        #expect(sliding.entries.allSatisfy { $0.maxContext == nil })
    }

    /// Base above the fp32 ceiling: the precision bound fails at every context (reach 0).
    @Test func aBoundThatNeverHolds() throws {
        let reach = try BoundReach(input: Self.bare(RotaryConfiguration(base: 1e11, headDim: 64)), horizon: 1 << 20)
        #expect(reach.groups[0].entry(.precision).maxContext == 0 && reach.maxContext == 0 && reach.bindingBound == .precision)
    }

    /// Longrope switches from short to long factors past L₀: the reach is the first failure on
    /// either piece, checked here against every context up to the horizon by brute force (phase
    /// bounds through `ModelReport`'s predicate; the kernel through direct prefix minima of K for
    /// the short and the long spectrum).
    @Test func longropeAgainstBruteForce() throws {
        let d = 64, L0 = 1024, horizon = 6000
        let short = (0..<(d / 2)).map { 1 + Double($0) * 0.01 }, long = (0..<(d / 2)).map { 1 + Double($0) * 0.9 }
        let rotary = RotaryConfiguration(base: 1e4, headDim: d, scaling: .longrope(.init(shortFactor: short, longFactor: long,
                                                                                          originalMaxPositionEmbeddings: L0)),
                                         maxPositionEmbeddings: 8192)
        let input = Self.bare(rotary, layers: 8)
        let settings = BoundSettings(epsilon: 0.9)
        let reach = try BoundReach(input: input, settings: settings, horizon: horizon)
        let spectra = [try rotary.spectrum(sequenceLength: L0), try rotary.spectrum(sequenceLength: L0 + 1)]
        #expect(spectra[0] != spectra[1])
        // Prefix minima of K for both pieces, by direct evaluation.
        var prefixHolds: [[Bool]] = []
        for s in spectra {
            var running = Double.infinity
            prefixHolds.append((0..<horizon).map { m in
                running = min(running, s.inverseFrequencies.reduce(0) { $0 + cos(Double(m) * $1) })
                return running >= 0
            })
        }
        for bound in Bound.allCases {
            let first = (1...horizon).first { L in
                let s = spectra[L <= L0 ? 0 : 1]
                if bound == .kernel { return !prefixHolds[L <= L0 ? 0 : 1][L - 1] }
                let b = PhaseModulationBounds(context: L, layers: 8, epsilon: 0.9, precision: .fp32)
                return !b.checks(minInverseFrequency: s.minInverseFrequency, nominalBase: 1e4, convention: .exact).first { $0.bound == bound }!.holds
            }
            #expect(reach.groups[0].entry(bound).maxContext == first.map { $0 - 1 }, "\(bound)")
        }
    }

    /// Dynamic NTK beyond max_position_embeddings: ω_min(L) = ω₀/(sL/L_max − s + 1), so the
    /// precision bound ω_min > 2⁻²³ holds while L < L_max(ω₀·2²³ + s − 1)/s.
    @Test func dynamicPrecisionReach() throws {
        let rotary = RotaryConfiguration(base: 1e6, headDim: 128, scaling: .dynamic(factor: 2), maxPositionEmbeddings: 32768)
        let reach = try BoundReach(input: Self.bare(rotary), horizon: 1 << 22)
        let omega0 = pow(1e6, -126.0 / 128)
        let limit = 32768 * (omega0 * 0x1p23 + 1) / 2
        let found = try #require(reach.groups[0].entry(.precision).maxContext)
        #expect(abs(Double(found) - limit) <= 1, "\(found) vs \(limit)")
        // Past max_position_embeddings the drift L·ω_min falls: DC stability, which holds at L_max, holds everywhere.
        #expect(reach.groups[0].entry(.dcStability).maxContext == nil)
    }

    @Test func stopsWhenAsked() {
        let input = Self.bare(RotaryConfiguration(base: 1e6, headDim: 128))
        #expect(throws: Interrupted.self) {
            try BoundReach(input: input, horizon: 1 << 27, progress: ProgressSink(report: { _ in }, isCancelled: { true }))
        }
    }
}

@Suite("RopeThetaThresholds: thresholds in rope_theta")
struct RopeThetaThresholdTests {
    /// Unscaled spectrum: ω_min = b^{−(d−2)/d}, so an effective-base threshold B becomes
    /// B^{d/(d−2)}: (L/2π)^{d/(d−2)} for aliasing, (L/arccos ε)^{…} for DC stability,
    /// (L/arccos ε^{1/N})^{…} for depth, (2²³)^{…} for the fp32 ceiling; solved to 1e-9.
    @Test(arguments: [(4096, 128), (131_072, 128), (32768, 64)])
    func closedFormsForAnUnscaledSpectrum(L: Int, d: Int) throws {
        let input = BoundReachTests.bare(RotaryConfiguration(base: 1e4, headDim: d))
        let t = try RopeThetaThresholds(input: input, context: L, includeKernel: false)
        let g = try #require(t.groups.first), p = Double(d) / Double(d - 2)
        func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-9 * b } ?? false }
        #expect(close(g.entry(.aliasing).minRopeTheta, pow(Double(L) / (2 * .pi), p)))
        #expect(close(g.entry(.dcStability).minRopeTheta, pow(Double(L) / acos(0.5), p)))
        #expect(close(g.entry(.depth).minRopeTheta, pow(Double(L) / acos(pow(0.5, 1.0 / 32)), p)))
        #expect(close(g.entry(.precision).maxRopeTheta, pow(0x1p23, p)))
        #expect(g.feasibleRopeTheta.map { close($0.lowerBound, pow(Double(L) / acos(pow(0.5, 1.0 / 32)), p)) } ?? false)
        #expect(g.entry(.kernel).minRopeTheta == nil && !g.entry(.kernel).searched)
    }

    /// With llama3 scaling kept, against a brute-force scan: the threshold found is where the
    /// bound's verdict flips (it fails just below, holds just above, for the lower bounds).
    @Test func llama3ScalingAgainstTheVerdictOnEitherSide() throws {
        let rotary = RotaryConfiguration(base: 5e5, headDim: 128, scaling: .llama3(.init(factor: 8, lowFreqFactor: 1, highFreqFactor: 4,
                                                                                           originalMaxPositionEmbeddings: 8192)))
        let L = 131_072
        let t = try RopeThetaThresholds(input: BoundReachTests.bare(rotary), context: L, includeKernel: false)
        let g = try #require(t.groups.first)
        func verdict(_ bound: Bound, _ theta: Double) throws -> Bool {
            let r = try ModelReport(input: BoundReachTests.bare(rotary.withBase(theta)), context: L)
            return r.groups[0].holds(bound)
        }
        for bound in [Bound.aliasing, .dcStability, .depth] {
            let theta = try #require(g.entry(bound).minRopeTheta)
            #expect(try !verdict(bound, theta * (1 - 1e-8)) && verdict(bound, theta * (1 + 1e-8)), "\(bound) at \(theta)")
        }
        let ceiling = try #require(g.entry(.precision).maxRopeTheta)
        #expect(try verdict(.precision, ceiling * (1 - 1e-8)) && !verdict(.precision, ceiling * (1 + 1e-8)))
    }

    /// The kernel threshold of an unscaled spectrum is b*(L); through a scaled family it is a base
    /// at which the kernel holds, with none valid below it on the walk's resolution.
    @Test func kernelThresholdIsTheCertifiedWalk() throws {
        let t = try RopeThetaThresholds(input: BoundReachTests.bare(RotaryConfiguration(base: 1e4, headDim: 128)), context: 4096)
        let b = try #require(t.groups[0].entry(.kernel).minRopeTheta)
        #expect(b > 26_952 && b < 26_953)           // rope-bounds.md §6.2: the island near 26 952
        let rotary = RotaryConfiguration(base: 1e4, headDim: 128, scaling: .linear(factor: 4))
        let scaled = try #require(try RopeThetaThresholds(input: BoundReachTests.bare(rotary), context: 4096).groups[0].entry(.kernel).minRopeTheta)
        let kernel = RoPEKernel(inverseFrequencies: try rotary.withBase(scaled).spectrum().rotatedInverseFrequencies)
        #expect(try kernel.minimum(over: 0..<4096).holds)
        // Linear ×4 divides every θ by 4, so K over m < 4096 is the unscaled kernel sampled on [0, 1024) at
        // quarter steps: a base near b*(1024) ≈ 4293 suffices, far below b*(4096).
        #expect(scaled < b / 4)
    }

    /// The YaRN configurations the piecewise power-law walk covers: Qwen's recipe (d = 128, ×4 from
    /// 32768) and DeepSeek's (d = 64, ×40 from 4096, mscale).
    static let truncatedYarn: [RotaryConfiguration] = [
        RotaryConfiguration(base: 1e6, headDim: 128, scaling: .yarn(.init(factor: 4, originalMaxPositionEmbeddings: 32_768)),
                            maxPositionEmbeddings: 131_072),
        RotaryConfiguration(base: 1e4, headDim: 64, scaling: .yarn(.init(factor: 40, originalMaxPositionEmbeddings: 4096, betaFast: 32, betaSlow: 1,
                                                                         mscale: 0.707, mscaleAllDim: 0.707)),
                            maxPositionEmbeddings: 163_840),
    ]

    /// What the derivative certificate needs of truncated YaRN, checked on the spectra themselves:
    /// consecutive bases of a fine grid (every piece boundary falls between two of them) with the
    /// same piece label have θᵢ(b₂)/θᵢ(b₁) = (b₂/b₁)^{−i/n} in every channel (one cᵢ per piece);
    /// across a label change some channel breaks the power law (the label is not vacuous). The
    /// third configuration has β_fast < β_slow, where only one of the two labels near b = 1 applies
    /// (so there the label also changes where the spectrum does not: steps are cut needlessly).
    @Test(arguments: truncatedYarn + [RotaryConfiguration(base: 1e6, headDim: 128, scaling: .yarn(.init(factor: 8, originalMaxPositionEmbeddings: 8192,
                                                                                                         betaFast: 1, betaSlow: 32)))])
    func truncatedYarnIsAPowerLawWithinEachPiece(rotary: RotaryConfiguration) throws {
        guard case let .yarn(y) = rotary.scaling else { return }
        let tight = (y.betaFast ?? 32) >= (y.betaSlow ?? 1)
        let family = GroupSearch.family(rotary, atContext: 131_072)
        let piece = try #require(family.piece)
        let n = Double(family.channels)
        var within = 0, across = 0
        let grid = stride(from: 0.0005, through: 7.0, by: 0.0005).map { pow(10, $0) }
        for (b1, b2) in zip(grid, grid.dropFirst()) {
            let t1 = try #require(family.frequencies(b1)), t2 = try #require(family.frequencies(b2))
            let powerLaw = t1.indices.allSatisfy { i in abs(t2[i] / t1[i] / pow(b2 / b1, -Double(i) / n) - 1) <= 1e-12 }
            if piece(b1) == piece(b2) {
                within += 1
                #expect(powerLaw, "b = \(b1) … \(b2), piece \(piece(b1))")
            } else if !powerLaw || tight {
                across += 1
                #expect(!powerLaw, "b = \(b1) … \(b2): the label changed from \(piece(b1)) to \(piece(b2)), the spectrum did not")
            }
        }
        #expect(within > 10_000 && across > 3)
    }

    /// A certified step of truncated YaRN, cut at the end of its piece as the walk cuts it, keeps
    /// K(m) < 0 on a grid of 201 bases over it, at bases just below piece boundaries (where an uncut
    /// step would enter another piece) and at positions where K is barely negative.
    @Test(arguments: truncatedYarn)
    func piecewiseStepsAreSound(rotary: RotaryConfiguration) throws {
        let family = GroupSearch.family(rotary, atContext: 131_072)
        let piece = try #require(family.piece)
        let grid = stride(from: 3.0, through: 6.5, by: 0.001).map { pow(10, $0) }
        let boundaries = zip(grid, grid.dropFirst()).filter { piece($0.0) != piece($0.1) }.map(\.0)
        var checked = 0, cut = 0
        for b in boundaries.prefix(8) {
            let kernel = RoPEKernel(inverseFrequencies: try #require(family.frequencies(b)))
            let certificate = family.certificate(kernel, base: b)
            let barely = stride(from: 1, to: 100_000, by: 5).lazy.filter { (-1.5 ..< -1e-6).contains(kernel.value(at: $0)) }.prefix(16)
            for m in barely {
                let uncut = certificate.step(at: m, beyond: 0)
                let step = family.stepWithinPiece(from: b, uncut)
                if step < uncut { cut += 1 }
                checked += 1
                for i in 0...200 {
                    let bb = b + step * Double(i) / 200
                    #expect(RoPEKernel(inverseFrequencies: family.frequencies(bb)!).value(at: m) < 0, "b = \(b), m = \(m), Δ = \(step)")
                }
            }
        }
        #expect(boundaries.count >= 8 && checked > 50 && cut > 0)
    }

    /// The walk through truncated YaRN as a piecewise power law (derivative certificate, steps kept
    /// within a piece) finds the b* the chord certificate finds for the same spectra, from b = 1.
    @Test(arguments: truncatedYarn)
    func piecewiseWalkAgreesWithTheChordWalk(rotary: RotaryConfiguration) throws {
        let family = GroupSearch.family(rotary, atContext: 131_072)
        let chord = BaseBound.Family(channels: family.channels, frequencies: family.frequencies)
        for L in [2048, 16_384] {
            let piecewise = try BaseBound.search(context: L, family: family, start: 1 + 1e-9)
            let general = try BaseBound.search(context: L, family: chord, start: 1 + 1e-9)
            #expect(abs(piecewise.minBase - general.minBase) <= piecewise.resolution + general.resolution,
                    "L = \(L): \(piecewise.minBase) vs \(general.minBase)")
            #expect(try RoPEKernel(inverseFrequencies: family.frequencies(piecewise.minBase)!).minimum(over: 0..<L).holds)
        }
    }

    /// LongRoPE at a fixed length divides each θᵢ by a fixed factor: one power law over all bases
    /// (what lets it walk with the derivative certificate).
    @Test func longropeIsOnePowerLaw() throws {
        let factors = (0..<48).map { 1 + Double($0) / 4 }
        let rotary = RotaryConfiguration(base: 1e4, headDim: 96, scaling: .longrope(.init(shortFactor: factors, longFactor: factors.map { $0 * 2 },
                                                                                           factor: 32, originalMaxPositionEmbeddings: 4096)),
                                         maxPositionEmbeddings: 131_072)
        let family = GroupSearch.family(rotary, atContext: 131_072)
        #expect(family.isPowerLaw && family.piece == nil)
        for e in stride(from: 0.5, through: 7.0, by: 0.5) {
            let b1 = pow(10, e), b2 = b1 * 3.7
            let t1 = try #require(family.frequencies(b1)), t2 = try #require(family.frequencies(b2))
            for i in t1.indices { #expect(abs(t2[i] / t1[i] / pow(b2 / b1, -Double(i) / 48) - 1) <= 1e-12) }
        }
    }
}
