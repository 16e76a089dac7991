import Foundation
import NumericalCore
import Rotary
import Synchronization

/// The Men et al. lower bound on the RoPE base: b*(L) = inf{b : K_b(m) ≥ 0 for all 0 ≤ m < L}
/// with K_b(m) = Σᵢ cos(m·b^{−2i/d}) (Men et al. 2024, §3; the d = 128 table via Su,
/// kexue.fm/archives/10122).
///
/// Feasibility is not monotone in b (valid bases form islands: for d = 128, L = 4096 the
/// island [≈26 952.5, ≈26 973] lies below the next valid base ≈28 629), so bisection is wrong.
/// This search walks b upward from `start` and only ever skips bases that are *proved* invalid:
///
/// - A violation K_b(m) ≤ −δ proves a whole interval [b, b + Δ) invalid, with Δ from a first-
///   and a second-order bound on ∂K/∂b over b′ ≥ b (``Certificate``, derived there).
/// - Violations are looked for cheaply first: the 32 positions with the best certificates at the
///   last scan, then the chunks of 64 positions that were nearly violated (min K < 0.5), then
///   every m < L. Where they are looked for affects speed only, never correctness.
/// - Each step is the best certified Δ, and at least `relativeResolution`·b.
/// - A base is accepted only after every m < L has been evaluated with K ≥ 0 (to within the
///   1e-9 evaluation error bound).
///
/// Hence the result b̂ is valid, and no valid base below it was skipped except possibly inside a
/// forced minimum step: the true infimum is ≥ b̂ − `resolution` unless a valid island narrower
/// than `resolution` exists there. The result carries that resolution.
///
/// - Complexity: each full scan is O(L·d), split over `threads` workers (scans and rescans of
///   nearly violated chunks are parallel; the walk from base to base, and the hint checks at each
///   base, are sequential by construction); measured on the project's 2-core machine, d = 128:
///   L = 32 768 in 0.055 s (on one thread: its scans are too short to split), L = 2²⁰ in about
///   2.9 s on one core and 2.1–2.6 s on two (`ctxlimits bench`).
public enum BaseBound {
    /// The spectra a search walks through: θ(b) for each candidate base b. Every channel's inverse
    /// frequency must be non-increasing in b (true of the default spectrum and of every Hugging Face
    /// scaling with its other parameters fixed: linear, dynamic at a fixed length, YaRN, longrope,
    /// llama3, proportional), which is what makes the chord certificate of ``ChordCertificate`` sound.
    public struct Family: Sendable {
        /// The number of rotated channels (the same for every base).
        public let channels: Int
        let frequencies: @Sendable (Double) -> [Double]?
        /// d for the default spectrum θᵢ = b^{−2i/d} (its b*(L) may be tabulated, ``CertifiedBaseBounds``).
        let standardRotaryDim: Int?
        /// Every channel is a power of the base, θᵢ(b) = cᵢ·b^{−i/n} (n channels, cᵢ > 0 fixed): the
        /// default spectrum and its linear, dynamic-at-a-fixed-length, NTK-alpha and LongRoPE scalings
        /// (and truncated YaRN within each ``piece``). These get
        /// the sharper derivative certificate (``Certificate``), whose bounds use only
        /// ∂θᵢ/∂b = −xᵢθᵢ/b and ∂²θᵢ/∂b² = xᵢ(xᵢ + 1)θᵢ/b² with xᵢ = i/n, true of any such family.
        let isPowerLaw: Bool
        /// For a family that is a power law only piecewise: a label of the piece a base lies in, constant
        /// on each interval of bases where every channel is cᵢ·b^{−i/n} with the same cᵢ, and changing
        /// monotonically with b (nil: one piece). A certified step never leaves the piece it starts in.
        let piece: (@Sendable (Double) -> [Double])?
        /// llama3 scaling of the default spectrum (its own certificate, ``Llama3Certificate``).
        let llama3: Llama3Bands?

        /// The default spectrum of rotary dimension d.
        public static func standard(rotaryDim d: Int) -> Family {
            Family(channels: d / 2, frequencies: { RotarySpectrum.standardInverseFrequencies(base: $0, rotaryDim: d) }, standardRotaryDim: d,
                   isPowerLaw: true)
        }

        /// A family whose channel i is cᵢ·b^{−i/channels} at every base b (see ``isPowerLaw``); the
        /// caller vouches for that form (a scaling that multiplies the default spectrum, or its base, by
        /// a constant).
        public static func powerLaw(channels: Int, frequencies: @escaping @Sendable (Double) -> [Double]?) -> Family {
            Family(channels: channels, frequencies: frequencies, standardRotaryDim: nil, isPowerLaw: true)
        }

        /// A family that is ``powerLaw(channels:frequencies:)`` on each interval of bases where `piece(b)`
        /// is constant (the caller vouches for that form, and that `piece` changes monotonically with
        /// b): YaRN with truncated correction dimensions, whose ramp moves only where ⌊D(β_fast)⌋ or
        /// ⌈D(β_slow)⌉ does, and multiplies the default spectrum by fixed constants in between.
        public static func piecewisePowerLaw(channels: Int, frequencies: @escaping @Sendable (Double) -> [Double]?,
                                             piece: @escaping @Sendable (Double) -> [Double]) -> Family {
            Family(channels: channels, frequencies: frequencies, standardRotaryDim: nil, isPowerLaw: true, piece: piece)
        }

        /// The default spectrum under llama3 scaling with `bands`: the caller vouches that `frequencies(b)`
        /// is g(b^{−i/n}) channel by channel, g as ``Llama3Bands`` describes it.
        public static func llama3(channels: Int, frequencies: @escaping @Sendable (Double) -> [Double]?, bands: Llama3Bands) -> Family {
            Family(channels: channels, frequencies: frequencies, standardRotaryDim: nil, isPowerLaw: false, llama3: bands)
        }

        /// Any family of spectra; `frequencies(b)` returns nil where b has no spectrum (the base is
        /// then treated as invalid, and the walk moves on by its minimum step).
        public init(channels: Int, frequencies: @escaping @Sendable (Double) -> [Double]?) {
            self.init(channels: channels, frequencies: frequencies, standardRotaryDim: nil, isPowerLaw: false)
        }

        init(channels: Int, frequencies: @escaping @Sendable (Double) -> [Double]?, standardRotaryDim: Int?, isPowerLaw: Bool,
             piece: (@Sendable (Double) -> [Double])? = nil, llama3: Llama3Bands? = nil) {
            self.channels = channels
            self.frequencies = frequencies
            self.standardRotaryDim = standardRotaryDim
            self.isPowerLaw = isPowerLaw
            self.piece = piece
            self.llama3 = llama3
        }

        /// The largest step ≤ `step` from b that stays in b's piece (`step` itself for a one-piece
        /// family): the piece at b + step is compared with b's, and where they differ the end of the
        /// piece is found by bisection (the label being monotone in b, equal labels at both ends mean
        /// one piece between). Two label evaluations, 54 more at a piece's end.
        func stepWithinPiece(from b: Double, _ step: Double) -> Double {
            guard let piece, step > 0 else { return step }
            let here = piece(b)
            if piece(b + step) == here { return step }
            var (inside, outside) = (0.0, step)
            for _ in 0..<54 where outside - inside > Double.ulpOfOne * b {
                let mid = 0.5 * (inside + outside)
                if piece(b + mid) == here { inside = mid } else { outside = mid }
            }
            return inside
        }

        func certificate(_ kernel: RoPEKernel, base b: Double) -> any KernelCertificate {
            if isPowerLaw { return Certificate(kernel: kernel, base: b) }
            if let llama3 { return Llama3Certificate(kernel: kernel, base: b, family: self, bands: llama3) }
            return ChordCertificate(kernel: kernel, base: b, family: self)
        }
    }

    public struct Result: Sendable, Equatable {
        public let context: Int
        public let rotaryDim: Int
        /// b̂: the first base found valid.
        public let minBase: Double
        /// The absolute resolution: no valid island wider than this lies below b̂.
        public let resolution: Double
        /// min over m < L of K at b̂, and the first m attaining it.
        public let minKernel: Double
        public let argminDistance: Int
        /// Bases evaluated, and how many needed a full scan of every m < L.
        public let basesTested: Int
        public let fullScans: Int
    }

    public enum SearchError: Error, CustomStringConvertible, Sendable {
        case noValidBase(below: Double)
        /// The walk spent its work limit (kernel terms of full scans) and stopped at `base`.
        case workLimit(reached: Double)
        public var description: String {
            switch self {
            case let .noValidBase(limit): return "no valid base found below \(limit)"
            case let .workLimit(b): return "the search stopped at its work limit, at base \(b)"
            }
        }
    }

    /// - Parameters:
    ///   - context: L; the constraint covers m = 0 … L − 1.
    ///   - rotaryDim: d (even).
    ///   - start: where the walk starts; every base in [1, start) is assumed invalid (the default
    ///     1 + 1e-9 assumes nothing).
    ///   - relativeResolution: the smallest step, relative to b.
    ///   - limit: give up above this base.
    ///   - progress: told the fraction log b / log b_expected before each full scan (b_expected
    ///     from the paper's fit 0.0424·L^1.628, a guide for the display only) and asked whether to stop.
    /// - Complexity: O(d) per evaluated position. Most bases cost only the 32 hint positions; a
    ///   rescan of the nearly violated chunks or a full O(L·d) scan happens when the hints stop
    ///   certifying large steps (L = 2²⁰: about 67 000 bases, 410 full scans).
    public static func search(context: Int, rotaryDim: Int, start: Double = 1 + 1e-9,
                              relativeResolution: Double = 1e-7, limit: Double = 1e13,
                              threads: Int = Parallel.defaultThreads,
                              progress: ProgressSink? = nil) throws -> Result {
        precondition(context >= 1 && rotaryDim >= 2 && rotaryDim % 2 == 0, "need L ≥ 1 and an even d ≥ 2")
        return try search(context: context, family: .standard(rotaryDim: rotaryDim), start: start, relativeResolution: relativeResolution,
                          limit: limit, threads: threads, progress: progress)
    }

    /// The same walk through any ``Family`` of spectra: the smallest base b ≥ `start` at which
    /// K_b(m) ≥ 0 for every m < L, with `Result.rotaryDim` = 2·channels.
    ///
    /// - Complexity: as the default search; the chord certificate of a general family costs a few
    ///   extra spectrum evaluations (O(d) each) per certified step.
    ///   - workLimit: stop (``SearchError/workLimit(reached:)``) after full scans of this many kernel
    ///     terms in all (nil: no limit).
    ///   - hints: positions where K is known (or likely) to be negative at `start`, tried first (they
    ///     change the speed, never the result).
    public static func search(context: Int, family: Family, start: Double, relativeResolution: Double = 1e-7,
                              limit: Double = 1e13, workLimit: Int? = nil, hints initialHints: [Int] = [],
                              threads: Int = Parallel.defaultThreads, progress: ProgressSink? = nil) throws -> Result {
        precondition(context >= 1 && family.channels >= 1, "need L ≥ 1 and at least one channel")
        let rotaryDim = 2 * family.channels
        var b = start
        var hints = initialHints.filter { $0 > 0 && $0 < context }   // positions with the best certificates at the last scan
        var nearBlocks: [Int] = []         // blocks whose minimum was close to 0 at the last scan
        var lastScanStep = 0.0
        var tested = 0, fullScans = 0
        var known: [Double]??                 // the spectrum at b, when the last certificate computed it
        while b < limit {
            tested += 1
            guard let theta = known ?? family.frequencies(b) else {
                b += relativeResolution * b
                known = nil
                continue
            }
            let kernel = RoPEKernel(inverseFrequencies: theta)
            let certificate = family.certificate(kernel, base: b)
            var step = hints.reduce(0) { max($0, certificate.step(at: $1, beyond: $0)) }
            if step < Self.rescanFraction * lastScanStep || step == 0 {
                // Cheap first: rescan only the blocks that were nearly violated; a full scan when
                // they certify too little (or to accept b: only a full scan can).
                var scan = strongestViolations(kernel, certificate: certificate, context: context, blocks: nearBlocks, threads: threads)
                var best = scan.positions.reduce(0) { max($0, certificate.step(at: $1, beyond: $0)) }
                nearBlocks = scan.nearBlocks       // the near set only shrinks until the next full scan
                if best < Self.rescanFraction * lastScanStep || best == 0 {
                    fullScans += 1
                    if let workLimit, fullScans * context * family.channels > workLimit { throw SearchError.workLimit(reached: b) }
                    if let progress {
                        progress.report(min(1, log(b) / log(max(PublishedBaseBounds.fit(Double(context)), 2 * start))))
                        if progress.isCancelled() { throw Interrupted() }
                    }
                    scan = strongestViolations(kernel, certificate: certificate, context: context, blocks: nil, threads: threads)
                    if scan.positions.isEmpty {
                        // No block value below −errorBound: accept b if the refined minimum holds by
                        // the same criterion as every other kernel verdict (RoPEKernel.Minimum.holds).
                        let minimum = try kernel.minimum(over: 0..<context, threads: threads)
                        if minimum.holds {
                            return Result(context: context, rotaryDim: rotaryDim, minBase: b, resolution: relativeResolution * b,
                                          minKernel: minimum.value, argminDistance: minimum.argmin, basesTested: tested, fullScans: fullScans)
                        }
                        scan.positions = [minimum.argmin]
                    }
                    nearBlocks = scan.nearBlocks
                    best = scan.positions.reduce(0) { max($0, certificate.step(at: $1, beyond: $0)) }
                    lastScanStep = best
                }
                hints = scan.positions
                step = best
            }
            // A piecewise power law's certificate holds within b's piece only.
            let next = b + max(family.stepWithinPiece(from: b, step), relativeResolution * b)
            known = certificate.spectrum(at: next)
            b = next
        }
        throw SearchError.noValidBase(below: limit)
    }

    /// What proves an interval of bases invalid from a violated position.
    protocol KernelCertificate: Sendable {
        /// Called once before a scan ranks positions with ``linearStep(value:at:)`` (from several
        /// threads at once, so nothing may be computed lazily inside it).
        func prepareRanking()
        /// A cheap proxy of the certified step from a block value K(m) (used to rank positions).
        func linearStep(value: Double, at m: Int) -> Double
        /// The certified step from position m: every base in [b, b + step) has K(m) < 0. A
        /// certificate may return 0 instead of a step at most `floor` (the walk keeps only the
        /// largest step of its positions, so a weaker one need not be worked out).
        func step(at m: Int, beyond floor: Double) -> Double
        /// The family's spectrum at base `b` when certifying computed it already (.some(nil): the
        /// family has none there), so the walk's next base costs no new spectrum; nil when unknown.
        func spectrum(at b: Double) -> [Double]??
    }

    /// The certificate of any monotone family (derived here). If K_b(m) ≤ −δ and every channel's
    /// θ_k is non-increasing in the base, then for b′ ∈ [b, b + Δ] each θ_k(b′) = θ_k − δ_k with
    /// 0 ≤ δ_k ≤ D_k = θ_k(b) − θ_k(b + Δ), and
    ///   cos(m(θ_k − δ_k)) − cos(mθ_k) = sin(mθ_k)·sin(mδ_k) − cos(mθ_k)(1 − cos mδ_k)
    ///     ≤ max(0, sin mθ_k)·m D_k + (m D_k)²/2   for m D_k ≤ π (the bound rises with δ_k),
    /// and ≤ min(2, m D_k) always. If the sum of these over k is at most δ, K stays negative on
    /// [b, b + Δ]. Channels whose cosine falls as θ shrinks (sin mθ_k < 0) then cost only their
    /// second-order term. The steps tried are Δ_j = b·2^{−j}: the D_k of a step are computed once per
    /// base (lazily), and each violated position takes the largest step its margin certifies.
    final class ChordCertificate: KernelCertificate, @unchecked Sendable {
        let kernel: RoPEKernel
        let base: Double
        let family: Family
        /// Σ_k |∂θ_k/∂b| at b by a one-sided difference: a proxy to rank positions, never used for
        /// soundness; computed by ``prepareRanking()`` (most bases are left by their hints, never scanned).
        private var slope: Double?
        /// By j: the spectrum at b + b·2^{−j} (.some(nil): none there), and θ_k(b) − θ_k(b + b·2^{−j})
        /// eight channels a vector, padded with 0 (nil: not certifiable, a channel grew or no spectrum).
        private var far: [[Double]??]
        private var drops: [[SIMD8<Double>]??]
        /// max(0, sin mθ_k) of the position being certified, eight channels a vector (scratch).
        private var rising: [SIMD8<Double>]
        static let finestStep = 52

        init(kernel: RoPEKernel, base: Double, family: Family) {
            self.kernel = kernel
            self.base = base
            self.family = family
            far = Array(repeating: nil, count: Self.finestStep + 1)
            drops = far.map { _ in nil }
            rising = Array(repeating: .zero, count: kernel.channelVectors.count)
        }

        /// b + b·2^{−j}, computed the same way wherever it is needed (the walk's next base compares equal).
        func farBase(_ j: Int) -> Double { base + base * Double(sign: .plus, exponent: -j, significand: 1) }

        func prepareRanking() {
            guard slope == nil else { return }
            let h = 1e-6 * base
            slope = family.frequencies(base + h).map { ahead in
                max(zip(kernel.inverseFrequencies, ahead).reduce(0) { $0 + abs($1.0 - $1.1) } / h, 1e-300)
            } ?? .infinity
        }

        func linearStep(value: Double, at m: Int) -> Double {
            let delta = -value - kernel.errorBound
            return delta > 0 && m > 0 ? delta / (Double(m) * slope!) : 0
        }

        func spectrum(at b: Double) -> [Double]?? {
            guard b > base, case let j = Int((-log2((b - base) / base)).rounded()), (0...Self.finestStep).contains(j),
                  farBase(j) == b else { return nil }
            return far[j]
        }

        /// θ_k(b) − θ_k(b + b·2^{−j}) for every channel, nil where a channel grows (the monotonicity
        /// the bound needs fails there) or the family has no spectrum.
        func drops(_ j: Int) -> [SIMD8<Double>]? {
            if let known = drops[j] { return known }
            let spectrum = family.frequencies(farBase(j))
            var value: [SIMD8<Double>]?
            if let spectrum, spectrum.count == kernel.inverseFrequencies.count,
               zip(kernel.inverseFrequencies, spectrum).allSatisfy({ $0 >= $1 }) {
                let padded = zip(kernel.inverseFrequencies, spectrum).map { $0 - $1 } + Array(repeating: 0, count: kernel.padding)
                value = stride(from: 0, to: padded.count, by: 8).map { SIMD8(padded[$0..<($0 + 8)]) }
            }
            (far[j], drops[j]) = (.some(spectrum), .some(value))
            return value
        }

        func step(at m: Int, beyond floor: Double) -> Double {
            guard m > 0 else { return 0 }
            let mm = Double(m), position = SIMD8<Double>(repeating: mm)
            var value = -Double(kernel.padding)
            for (g, v) in kernel.channelVectors.enumerated() {
                let (s, c) = VectorSinCos.sinCos(multiple: position, of: v)
                value += c.sum()
                rising[g] = s.replacing(with: 0, where: s .< 0)   // the channels whose cosine a smaller θ raises
            }
            let delta = -value - kernel.errorBound
            guard delta > 0 else { return 0 }
            prepareRanking()
            // Start two steps above the first-order estimate, then halve until the bound certifies.
            let estimate = 4 * delta / (mm * slope! * base)
            var j = estimate.isFinite && estimate > 0 ? max(0, Int((-log2(estimate)).rounded(.down))) : Self.finestStep
            let two = SIMD8<Double>(repeating: 2), pi = SIMD8<Double>(repeating: .pi)
            while j <= Self.finestStep && farBase(j) - base > floor {
                if let drops = drops(j) {
                    // cos(m(θ − δ)) − cos(mθ) = sin(mθ)·sin(mδ) − cos(mθ)(1 − cos mδ), which for mδ ≤ π is at
                    // most max(0, sin mθ)·mδ + (mδ)²/2, rising in δ; always at most min(2, mδ).
                    var rise = SIMD8<Double>.zero
                    for (r, d) in zip(rising, drops) {
                        let md = mm * d
                        let quadratic = (r * md).addingProduct(0.5 * md, md)
                        let near = quadratic.replacing(with: md, where: md .< quadratic)
                        rise += near.replacing(with: md.replacing(with: two, where: two .< md), where: md .> pi)
                    }
                    if rise.sum() <= delta { return farBase(j) - base }
                }
                j += 1
            }
            return 0
        }
    }

    /// Proves intervals of bases invalid from one violated position (derived here).
    ///
    /// With xᵢ = 2i/d and θᵢ = cᵢ·b^{−xᵢ} (cᵢ = 1 for the default spectrum; any positive constant
    /// of a ``Family/isPowerLaw`` family), for b′ ≥ b every θᵢ(b′) ≤ θᵢ(b), so
    ///   |∂K/∂b′| ≤ m·S/b with S = Σ xᵢθᵢ, and
    ///   |∂²K/∂b′²| ≤ M₂ = Σᵢ [m·xᵢ(xᵢ + 1)θᵢ + m²xᵢ²θᵢ²] / b².
    /// If K_b(m) ≤ −δ (δ > 0 after the error bound), K stays negative on [b, b + Δ) for the larger of
    ///   Δ₁ = δ·b/(m·S)  (first-order bound) and
    ///   Δ₂ = the positive root of −δ + K′·Δ + ½M₂Δ² (second-order bound with the exact K′ at b).
    struct Certificate: KernelCertificate {
        let kernel: RoPEKernel
        let base: Double
        let x: [Double]
        let firstOrder: Double          // S/b
        let secondOrderLinear: Double   // Σ xᵢ(xᵢ+1)θᵢ / b²
        let secondOrderQuadratic: Double // Σ xᵢ²θᵢ² / b²
        /// xᵢθᵢ by channel, eight a vector (0 in padding lanes): the weights of K′.
        let slopeWeights: [SIMD8<Double>]

        init(kernel: RoPEKernel, base: Double) {
            self.kernel = kernel
            self.base = base
            let d = kernel.inverseFrequencies.count
            x = (0..<d).map { Double($0) / Double(d) }
            let theta = kernel.inverseFrequencies
            firstOrder = zip(x, theta).reduce(0) { $0 + $1.0 * $1.1 } / base
            secondOrderLinear = zip(x, theta).reduce(0) { $0 + $1.0 * ($1.0 + 1) * $1.1 } / (base * base)
            secondOrderQuadratic = zip(x, theta).reduce(0) { $0 + $1.0 * $1.0 * $1.1 * $1.1 } / (base * base)
            let weights = zip(x, theta).map { $0 * $1 } + Array(repeating: 0, count: kernel.padding)
            slopeWeights = stride(from: 0, to: weights.count, by: 8).map { SIMD8(weights[$0..<($0 + 8)]) }
        }

        func prepareRanking() {}
        func spectrum(at b: Double) -> [Double]?? { nil }

        /// The first-order step from a value K(m) computed by block evaluation.
        func linearStep(value: Double, at m: Int) -> Double {
            let delta = -value - kernel.errorBound
            return delta > 0 && m > 0 ? delta / (Double(m) * firstOrder) : 0
        }

        /// The best certified step from position m, evaluated directly (value and derivative,
        /// eight channels a vector); `floor` is not needed (the step costs the same either way).
        func step(at m: Int, beyond floor: Double) -> Double {
            guard m > 0 else { return 0 }
            let mm = Double(m)
            let position = SIMD8<Double>(repeating: mm)
            var values = SIMD8<Double>.zero, slopes = SIMD8<Double>.zero
            for (v, weight) in zip(kernel.channelVectors, slopeWeights) {
                let (s, c) = VectorSinCos.sinCos(multiple: position, of: v)
                values += c
                slopes = slopes.addingProduct(s, weight)
            }
            WorkTally.add(.sinCos, 8 * slopeWeights.count)
            let value = values.sum() - Double(kernel.padding)
            var slope = slopes.sum()
            slope *= mm / base
            let delta = -value - kernel.errorBound
            guard delta > 0 else { return 0 }
            let linear = delta / (mm * firstOrder)
            let a = 0.5 * (mm * secondOrderLinear + mm * mm * secondOrderQuadratic)
            let bq = slope + 1e-12 * mm * firstOrder        // K′ plus a margin for its rounding
            let quadratic = (-bq + (bq * bq + 4 * a * delta).squareRoot()) / (2 * a)
            return max(linear, quadratic)
        }
    }

    /// What a scan found: the positions with the largest first-order certified steps, and the
    /// chunks (of ``chunkLength`` positions) whose minimum was below ``nearMargin``.
    struct Scan {
        var positions: [Int]
        var nearBlocks: [Int]
    }

    /// Positions kept from a scan and re-checked at the next bases (tuning, not correctness).
    static let hintCount = 32
    /// A rescan happens when the hints certify less than this fraction of the last full scan's step.
    static let rescanFraction = 0.1
    /// The fewest positions a scan gives each of its workers: below it a scan runs on one thread
    /// (a 32K-position scan at d = 128 is 2·10⁶ multiply-adds, under 0.1 ms, about what waking a
    /// second thread and merging cost: with two workers b*(32768) ran 10 % slower than with one).
    static let positionsPerWorker = 1 << 16
    /// Rescans work on chunks of this many positions.
    static let chunkLength = 64
    /// Chunks with min K below this are rescanned first.
    static let nearMargin = 0.5

    /// Larger steps first, ties by position: a total order, so the result does not depend on how
    /// the scan was split between threads (the search is deterministic).
    static func stronger(_ a: (Double, Int), _ b: (Double, Int)) -> Bool { a.0 != b.0 ? a.0 > b.0 : a.1 < b.1 }

    /// Scans the given blocks (all blocks of m < L when nil) in parallel. An empty `positions`
    /// after a full scan means K ≥ −error bound at every m < L.
    static func strongestViolations(_ kernel: RoPEKernel, certificate: any KernelCertificate, context: Int,
                                    blocks: [Int]?, threads: Int) -> Scan {
        // A full scan walks whole blocks; a rescan walks the short chunks that were nearly violated.
        let length = blocks == nil ? RoPEKernel.blockLength : chunkLength
        let list = blocks ?? Array(0..<((context + length - 1) / length))
        certificate.prepareRanking()
        let merged = Mutex<Scan>(Scan(positions: [], nearBlocks: []))
        let steps = Mutex<[(Double, Int)]>([])
        // Another worker only pays for its dispatch with at least `positionsPerWorker` positions.
        let positions = list.count * length
        let workers = max(1, min(threads, positions / positionsPerWorker))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: RoPEKernel.blockLength)
            defer { buffer.deallocate() }
            var top: [(Double, Int)] = []
            var near: [Int] = []
            var floor = 0.0
            var k = worker
            while k < list.count {
                let start = list[k] * length
                let count = min(length, context - start)
                kernel.evaluateBlock(start: start, count: count, into: buffer)
                for chunk in stride(from: 0, to: count, by: chunkLength) {
                    var chunkMinimum = Double.infinity
                    for j in chunk..<min(count, chunk + chunkLength) {
                        let v = buffer[j]
                        chunkMinimum = min(chunkMinimum, v)
                        guard v < -kernel.errorBound else { continue }
                        let step = certificate.linearStep(value: v, at: start + j)
                        guard step >= floor else { continue }
                        top.append((step, start + j))
                        if top.count > 2 * hintCount {
                            top.sort(by: Self.stronger)
                            top.removeLast(top.count - hintCount)
                            floor = top.last!.0
                        }
                    }
                    if chunkMinimum < nearMargin { near.append((start + chunk) / chunkLength) }
                }
                k += workers
            }
            steps.withLock { $0 += top }
            merged.withLock { $0.nearBlocks += near }
        }
        var scan = merged.withLock { $0 }
        scan.positions = steps.withLock { all in
            all.sort(by: Self.stronger)
            return all.prefix(hintCount).map(\.1)
        }
        scan.nearBlocks.sort()
        return scan
    }
}
