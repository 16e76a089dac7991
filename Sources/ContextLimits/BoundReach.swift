import Bounds
import Foundation
import Models
import NumericalCore
import Rotary

/// How far each bound goes for one model: for every rotary layer group and every bound, the
/// largest context L ≤ horizon such that the bound holds at every context 1 … L (`max_context`),
/// with length-dependent scalings re-evaluated at each length and windows respected.
///
/// A sequence of length L is where a bound matters, so a bound that fails at some L′ ≤ L makes the
/// model fail on sequences of length L′: the reach is the first failure minus one, not the largest
/// L at which the bound happens to hold again (dynamic NTK, for one, can fail at
/// max_position_embeddings and recover far beyond it).
///
/// How each is found (derived here):
/// - The spectrum of a group is piecewise in L: constant for most scalings; longrope switches from
///   its short to its long factors past L₀; dynamic NTK is constant up to max_position_embeddings
///   and then grows its base with L. On a constant piece the phase bounds depend on L only through
///   the span s = min(L, window), and s·ω_min grows with L, so each holds on a prefix of the piece:
///   its end is found exactly, by bisection on the integers with the same predicate `check` uses.
///   The precision bound does not depend on L on a constant piece.
/// - The kernel bound holds at L exactly when s ≤ the first negative distance of that piece's
///   spectrum (``RoPEKernel/firstNegativeDistance(below:threads:progress:)``, certified, no grid).
/// - Beyond max_position_embeddings, dynamic NTK's ω_min(L) = ω₀/g(L) with g = sL/L_max − (s − 1)
///   increasing, so ω_min falls (the precision bound holds on a prefix, found by bisection) and
///   L·ω_min(L) = ω₀L_max·x/(sx − s + 1), x = L/L_max, falls too (derivative (1 − s)/(…)² < 0): a
///   phase bound that holds just past L_max holds for every larger L. The kernel there has no such
///   structure: it is evaluated exactly (first negative distance) on a geometric grid of relative
///   step 2⁻⁶ and the first failure is located by bisection between grid points, so a failure
///   narrower than the grid step can be missed (`resolution`); the search stops after 2³⁶ kernel
///   terms, and the reach is then a lower bound (`isLowerBound`).
public struct BoundReach: Sendable {
    /// The reach of one bound in one group.
    public struct Entry: Sendable, Equatable {
        public let bound: Bound
        /// The largest L ≤ horizon with the bound holding at every context ≤ L; nil when it holds
        /// at every context up to the horizon; 0 when it fails at every context.
        public let maxContext: Int?
        /// For a search on a grid: its relative step (failures narrower than this may be missed).
        public let resolution: Double?
        /// The search stopped at its work limit: the bound holds at least up to ``maxContext``.
        public let isLowerBound: Bool
        /// With ``isLowerBound``: a context at which the bound is proved to fail, when known (the
        /// reach then lies in [maxContext, failsFrom)).
        public let failsFrom: Int?

        init(_ bound: Bound, _ maxContext: Int?, resolution: Double? = nil, isLowerBound: Bool = false, failsFrom: Int? = nil) {
            self.bound = bound
            self.maxContext = maxContext
            self.resolution = resolution
            self.isLowerBound = isLowerBound
            self.failsFrom = failsFrom
        }

        /// Whether the bound holds at every context up to L: nil when the search stopped short of L
        /// without settling it (at its work limit, or L beyond `horizon`).
        public func holds(upTo L: Int, horizon: Int) -> Bool? {
            guard let m = maxContext else { return L <= horizon ? true : nil }
            if m >= L { return true }
            if let f = failsFrom, L >= f { return false }
            return isLowerBound ? nil : false
        }
    }

    public struct Group: Sendable {
        public let label: String
        public let layers: [Int]
        public let table: BoundTable<Entry>
        /// The smallest m < min(horizon, window) with K(m) < 0 for the spectrum at the checked
        /// context (nil: none), when a checked context was given.
        public let firstNegativeDistance: Int?

        public func entry(_ bound: Bound) -> Entry { table[bound] }
        /// Every bound's entry, in ``Bound/allCases`` order.
        public var entries: [Entry] { table.values }
    }

    /// 2²⁷ tokens: the default search horizon.
    public static let defaultHorizon = 1 << 27

    public let horizon: Int
    public let groups: [Group]

    /// The smallest reach over every group and bound (nil: every bound holds to the horizon).
    public var maxContext: Int? { binding?.maxContext }
    /// The bound that sets ``maxContext`` (the first in ``Bound/allCases`` order on ties).
    public var bindingBound: Bound? { binding?.bound }

    /// The entry that stops first over every group and bound (nil: every bound holds to the horizon).
    public var binding: Entry? { Self.earliest(groups.flatMap(\.entries)) }

    /// The entry that stops first among `entries` (the first of them on ties; nil when every one
    /// holds to the horizon).
    public static func earliest(_ entries: [Entry]) -> Entry? {
        entries.filter { $0.maxContext != nil }.min { $0.maxContext! < $1.maxContext! }
    }

    /// How far `bound` goes over every group: the group where it stops first (the first group when
    /// it stops in none).
    public func reach(of bound: Bound) -> Entry {
        let entries = groups.map { $0.entry(bound) }
        return Self.earliest(entries) ?? entries[0]
    }

    /// How far the gated bounds go: the one that stops first (nil: all hold to the horizon).
    public func reach(of gate: VerdictGate) -> Entry? { Self.earliest(gate.bounds.map(reach(of:))) }

    /// The reach of every bound of every rotary group of `input` under `settings`.
    ///
    /// - Complexity: O(log H) predicate evaluations per phase bound; the kernel costs one first-
    ///   negative-distance scan per piece, O(m·d/2) for the answer m (up to O(H·d/2)), more for the
    ///   dynamic grid (bounded by 2³⁶ kernel terms).
    /// - Throws: ``Interrupted`` when `progress` asks to stop.
    ///   - checkedContext: also give each group's first negative distance for its spectrum there.
    ///   - work: under the threshold reading, the kernel terms each group's walk may spend (``ThresholdWork``).
    ///   - settledUpTo: under the kernel's threshold reading, stop the walk once the reach is known to
    ///     be at least this context (default: the checked context); the reach is then a lower bound.
    public init(input: ModelInput, settings: BoundSettings = BoundSettings(), horizon: Int = defaultHorizon,
                checkedContext: Int? = nil, settledUpTo: Int? = nil, work: ThresholdWork = .standard,
                progress: ProgressSink? = nil) throws(Interrupted) {
        precondition(horizon >= 1, "the horizon must be at least one token")
        self.horizon = horizon
        let groups = input.rotaryGroups
        var out: [Group] = []
        for (i, group) in groups.enumerated() {
            let stage = progress?.stage(Double(i) / Double(groups.count), 1 / Double(groups.count))
            let search = GroupSearch(input: input, index: i, settings: settings, horizon: horizon, settledUpTo: settledUpTo ?? checkedContext,
                                     work: work)
            var firstNegative: Int?
            if let L = checkedContext {
                let limit = min(horizon, group.attention.window ?? horizon)
                firstNegative = try search.scans.firstNegative(search.spectrum(L).rotatedInverseFrequencies, below: limit, progress: stage)
            }
            let kernel = try search.kernelReach(progress: stage)
            let table = BoundTable { bound in bound.phase.map(search.phaseReach) ?? kernel }
            out.append(Group(label: group.label, layers: group.layers, table: table, firstNegativeDistance: firstNegative))
        }
        self.groups = out
    }
}

/// First-negative-distance scans of one group, remembered: a scan of θ below a limit answers every
/// later question about the same θ below a smaller limit.
final class KernelScans: @unchecked Sendable {
    private var done: [(theta: [Double], limit: Int, first: Int?)] = []

    func firstNegative(_ theta: [Double], below limit: Int, progress: ProgressSink?) throws(Interrupted) -> Int? {
        if let known = done.first(where: { $0.theta == theta && ($0.limit >= limit || $0.first != nil) }) {
            guard let m = known.first else { return nil }
            return m < limit ? m : nil
        }
        let first = try RoPEKernel(inverseFrequencies: theta).firstNegativeDistance(below: limit, progress: progress)
        done.append((theta, limit, first))
        return first
    }
}

/// The search for one group (see ``BoundReach``).
struct GroupSearch {
    let input: ModelInput
    let index: Int
    let settings: BoundSettings
    let horizon: Int
    /// The context `check` asks about: the threshold walk stops once it has settled the verdict
    /// there (one token past it, so that a reach equal to the context is not mistaken for a limit);
    /// the reach beyond is then a lower bound.
    let settledUpTo: Int?
    /// The work the threshold walk may spend.
    let work: ThresholdWork
    let rotary: RotaryConfiguration
    let window: Int?
    let depth: Int
    let scans = KernelScans()

    init(input: ModelInput, index: Int, settings: BoundSettings, horizon: Int, settledUpTo: Int? = nil, work: ThresholdWork = .standard) {
        self.work = work
        self.input = input
        self.index = index
        self.settings = settings
        self.horizon = horizon
        self.settledUpTo = settledUpTo
        let group = input.rotaryGroups[index]
        rotary = group.attention.rotary!
        window = group.attention.window
        depth = input.depth
    }

    /// A constant piece of the spectrum, or the growing piece of dynamic NTK.
    struct Piece {
        let lower: Int
        let upper: Int
        let growing: Bool
    }

    /// The pieces of [1, horizon] on which the spectrum is constant (or dynamic NTK's growing tail).
    var pieces: [Piece] {
        let breakpoint: Int?, growingTail: Bool
        switch rotary.scaling {
        case let .longrope(p): (breakpoint, growingTail) = (p.originalMaxPositionEmbeddings, false)
        case .dynamic: (breakpoint, growingTail) = (rotary.maxPositionEmbeddings, true)
        default: (breakpoint, growingTail) = (nil, false)
        }
        guard let b = breakpoint, b < horizon else { return [Piece(lower: 1, upper: horizon, growing: false)] }
        return [Piece(lower: 1, upper: b, growing: false), Piece(lower: b + 1, upper: horizon, growing: growingTail)]
    }

    func span(_ L: Int) -> Int { min(L, window ?? L) }

    func spectrum(_ L: Int) -> RotarySpectrum {
        // Validated when the model was read; a context ≥ 1 cannot fail.
        try! input.spectra(atContext: L)[index].spectrum
    }

    /// Whether a phase-modulation bound holds at context L, exactly as `check` decides it there.
    func holds(_ bound: PhaseBound, at L: Int, omega: Double) -> Bool {
        let bounds = PhaseModulationBounds(context: span(L), layers: depth, epsilon: settings.epsilon, precision: settings.precision)
        return bounds.checks(minInverseFrequency: omega, nominalBase: settings.nominalBase(rotary), convention: settings.convention)[bound.index].holds
    }

    /// The largest L in [lower, upper] with `predicate` true, for a predicate true on a prefix of
    /// the range (lower − 1 when it fails at lower). O(log(upper − lower)) evaluations.
    static func prefixEnd(_ lower: Int, _ upper: Int, _ predicate: (Int) -> Bool) -> Int {
        guard predicate(lower) else { return lower - 1 }
        if predicate(upper) { return upper }
        var (good, bad) = (lower, upper)
        while bad - good > 1 {
            let mid = good + (bad - good) / 2
            if predicate(mid) { good = mid } else { bad = mid }
        }
        return good
    }

    func phaseReach(_ bound: PhaseBound) -> BoundReach.Entry {
        for piece in pieces {
            let end: Int
            if piece.growing && bound != .precision && settings.convention == .exact {
                // L·ω_min(L) falls on dynamic NTK's tail: holding at its start means holding throughout.
                end = holds(bound, at: piece.lower, omega: spectrum(piece.lower).minInverseFrequency) ? piece.upper : piece.lower - 1
            } else if piece.growing {
                end = Self.prefixEnd(piece.lower, piece.upper) { holds(bound, at: $0, omega: spectrum($0).minInverseFrequency) }
            } else {
                let omega = spectrum(piece.lower).minInverseFrequency
                end = Self.prefixEnd(piece.lower, piece.upper) { holds(bound, at: $0, omega: omega) }
            }
            if end < piece.upper { return BoundReach.Entry(bound.bound, end) }
        }
        return BoundReach.Entry(bound.bound, nil)
    }

    /// The grid step on dynamic NTK's tail, and the work after which its search stops.
    static let gridStep = 0x1p-6
    static let workLimit = 1 << 36

    func kernelReach(progress: ProgressSink?) throws(Interrupted) -> BoundReach.Entry {
        for piece in pieces {
            if piece.growing { return try growingKernelReach(piece, progress: progress) }
            // On a constant piece: holds at L ⟺ span(L) ≤ m, m the first negative distance (exact
            // reading) or the largest span whose b* is at most rope_theta (threshold reading).
            let widest = span(piece.upper)
            let first: Int?
            switch settings.kernelReading {
            case .exact:
                first = try scans.firstNegative(spectrum(piece.lower).rotatedInverseFrequencies, below: widest, progress: progress)
            case .threshold:
                let r = try BaseBound.thresholdReach(family: Self.family(rotary, atContext: piece.lower), base: rotary.base, limit: widest,
                                                     workLimit: work.limit, needed: settledUpTo.map { span($0) + 1 },
                                                     exactWorkLimit: work.exactReach,
                                                     progress: progress)
                if r.isLowerBound, let m = r.maxSpan {
                    // Spans past the proved failure fail: the contexts L ≥ it (span(L) = L below the window).
                    let fails = r.failsFrom.map { max($0, piece.lower) }.flatMap { $0 <= piece.upper ? $0 : nil }
                    return BoundReach.Entry(.kernel, m >= span(piece.lower) ? min(m, piece.upper) : piece.lower - 1, isLowerBound: true,
                                            failsFrom: fails)
                }
                first = r.maxSpan
            }
            guard let m = first else { continue }                   // holds over the whole piece
            // span(L) ≤ m: for L ≤ window, L ≤ m; past the window span is constant (> m here).
            let end = m >= span(piece.lower) ? min(m, piece.upper) : piece.lower - 1
            if end < piece.upper { return BoundReach.Entry(.kernel, end) }
        }
        return BoundReach.Entry(.kernel, nil)
    }

    /// The spectra of `rotary` at context L as rope_theta varies, its scaling kept: the family the
    /// kernel's threshold is found in (the default spectrum gets the sharper certificate).
    static func family(_ rotary: RotaryConfiguration, atContext L: Int) -> BaseBound.Family {
        if case .none = rotary.scaling { return .standard(rotaryDim: rotary.rotaryDim) }
        // Dynamic NTK up to max_position_embeddings leaves every base's spectrum as it is (its factor
        // s·L/L_max − (s − 1) is 1 there, whatever the base).
        if case .dynamic = rotary.scaling, let s = try? rotary.spectrum(sequenceLength: L),
           s.rotatedInverseFrequencies == RotarySpectrum.standardInverseFrequencies(base: rotary.base, rotaryDim: rotary.rotaryDim) {
            return .standard(rotaryDim: rotary.rotaryDim)
        }
        let channels = (try? rotary.spectrum(sequenceLength: L))?.rotatedInverseFrequencies.count ?? rotary.rotaryDim / 2
        let frequencies: @Sendable (Double) -> [Double]? = { b in
            guard let s = try? rotary.withBase(b).spectrum(sequenceLength: L) else { return nil }
            let theta = s.rotatedInverseFrequencies
            return theta.count == channels ? theta : nil
        }
        // Linear, dynamic (at a fixed L), NTK-alpha and LongRoPE (its factors fixed at a given L) multiply
        // the default spectrum, or its base, by constants: θᵢ = cᵢ·b^{−2i/d}, the form the derivative
        // certificate needs. Truncated YaRN does too between the bases where its integer correction
        // range moves (its ramp depends on b only through that range). llama3 maps every channel by
        // one increasing g (its own certificate).
        switch rotary.scaling {
        case .linear, .dynamic, .ntkAlpha, .longrope: return .powerLaw(channels: channels, frequencies: frequencies)
        case let .yarn(y) where y.truncate:
            let d = rotary.rotaryDim, l0 = Double(y.originalMaxPositionEmbeddings)
            let (fast, slow) = (y.betaFast ?? 32, y.betaSlow ?? 1)
            let (last, top) = (Double(d / 2 - 1), Double(d - 1))
            return .piecewisePowerLaw(channels: channels, frequencies: frequencies) { b in
                let (low, high) = Yarn.correctionRange(betaFast: fast, betaSlow: slow, rotaryDim: d, base: b, originalContext: l0, truncate: true)
                // Near b = 1 the range moves at every integer but gives one of two spectra, each on an
                // interval of bases: with low past high = d − 1 the ramp is 1 in every channel (all
                // interpolated); with n − 1 ≤ low ≤ d − 1 ≤ … and high ≥ low (β_fast ≥ β_slow) it is 0.
                if high == top && low > top { return [-1] }
                if fast >= slow && low >= last && low <= top { return [-2] }
                return [low, high]
            }
        case let .llama3(p):
            guard channels == rotary.rotaryDim / 2,
                  let bands = BaseBound.Llama3Bands(factor: p.factor, lowFreqFactor: p.lowFreqFactor, highFreqFactor: p.highFreqFactor,
                                                    originalContext: Double(p.originalMaxPositionEmbeddings)) else { fallthrough }
            return .llama3(channels: channels, frequencies: frequencies, bands: bands)
        default: return BaseBound.Family(channels: channels, frequencies: frequencies)
        }
    }

    /// The kernel on dynamic NTK's growing tail (see ``BoundReach``): the exact reading under both
    /// readings (the family changes with L there, so b*(L) of one family does not apply).
    func growingKernelReach(_ piece: Piece, progress: ProgressSink?) throws(Interrupted) -> BoundReach.Entry {
        var work = 0
        func holdsAt(_ L: Int) throws(Interrupted) -> Bool {
            let theta = spectrum(L).rotatedInverseFrequencies
            work += span(L) * theta.count
            return try RoPEKernel(inverseFrequencies: theta).firstNegativeDistance(below: span(L), progress: nil) == nil
        }
        let counter = WorkCounter(total: log(Double(piece.upper) / Double(piece.lower)) / log1p(Self.gridStep) + 1, sink: progress)
        var good = piece.lower - 1, L = piece.lower
        while true {
            if try !holdsAt(L) {
                // Locate the first failure between the last good grid point and L.
                var bad = L
                while bad - good > 1 {
                    let mid = good + (bad - good) / 2
                    if try holdsAt(mid) { good = mid } else { bad = mid }
                }
                return BoundReach.Entry(.kernel, good, resolution: Self.gridStep)
            }
            good = L
            if L == piece.upper { return BoundReach.Entry(.kernel, nil, resolution: Self.gridStep) }
            if work > Self.workLimit { return BoundReach.Entry(.kernel, good, resolution: Self.gridStep, isLowerBound: true) }
            try counter.advance()
            L = min(piece.upper, max(L + 1, Int((Double(L) * (1 + Self.gridStep)).rounded(.up))))
        }
    }
}

/// The kernel terms (of full scans) the kernel's threshold walk of one rotary group may spend under
/// the threshold reading (``BaseBound/thresholdReach(family:base:limit:relativeResolution:workLimit:needed:exactWorkLimit:threads:progress:)``).
public struct ThresholdWork: Sendable, Equatable {
    /// In all; past it the reach is a lower bound, and the verdict at the checked context is
    /// undetermined if it was not settled yet.
    public var limit: Int
    /// At most this much of it on the exact reach once the verdict at the checked context is settled
    /// (nil: up to `limit`); past it the reach is a lower bound with a proved failing context.
    public var exactReach: Int?

    public init(limit: Int, exactReach: Int? = nil) {
        precondition(limit >= 1, "the work limit must be positive")
        (self.limit, self.exactReach) = (limit, exactReach)
    }

    /// `check`'s: about a second on one core for the slowest scaled family (an untruncated YaRN
    /// spectrum, whose walk takes the chord certificate).
    public static let standard = ThresholdWork(limit: 1 << 32)
}
