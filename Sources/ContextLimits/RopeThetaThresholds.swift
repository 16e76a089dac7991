import Bounds
import Foundation
import Models
import NumericalCore
import Rotary

/// Every bound's threshold in the units the user sets: the `rope_theta` at which the bound is met
/// at the checked context, with the config's own scaling, rotary dimension and context kept.
///
/// For the phase-modulation bounds the slowest inverse frequency ω_min falls as rope_theta grows
/// for every Hugging Face scaling (each channel's θ_k = b^{−2k/d} falls, and each scaling maps it
/// through a function that preserves the order: a constant divisor for linear, longrope and the
/// bands of llama3, a base multiplied by a constant at a fixed length for dynamic, YaRN's ramp that
/// moves towards interpolation as b grows). So each bound holds on a half-line of rope_theta: above
/// a threshold for aliasing, DC stability and depth (`min_rope_theta`), below one for precision
/// (`max_rope_theta`). It is found by bisection on log rope_theta to 1e-10 relative, with the
/// same predicate `check` uses. For the unscaled spectrum ω_min = b^{−(d−2)/d}, so the thresholds
/// are B^{d/(d−2)} for an effective-base threshold B (e.g. (L/2π)^{d/(d−2)} for aliasing); the tests
/// check both. Under the `paper` convention the thresholds are already in rope_theta.
///
/// The kernel bound is not monotone in the base (valid bases form islands), so its `min_rope_theta`
/// is the smallest valid base of the certified walk of ``BaseBound`` through the config's own
/// scaling (b*(L) for an unscaled spectrum), with that walk's resolution: no smaller rope_theta
/// passes the kernel bound, while a larger one may still fail it.
public struct RopeThetaThresholds: Sendable {
    public struct Entry: Sendable, Equatable {
        public let bound: Bound
        /// The rope_theta above which the bound holds (lower bounds), nil when no base meets it.
        public let minRopeTheta: Double?
        /// The rope_theta below which the bound holds (the precision bound), nil without a ceiling.
        public let maxRopeTheta: Double?
        /// The kernel's walk resolution (absolute, in rope_theta).
        public let resolution: Double?
        /// Whether the threshold was searched (the kernel's walk is optional).
        public let searched: Bool

        init(bound: Bound, minRopeTheta: Double?, maxRopeTheta: Double?, resolution: Double? = nil, searched: Bool = true) {
            self.bound = bound
            self.minRopeTheta = minRopeTheta
            self.maxRopeTheta = maxRopeTheta
            self.resolution = resolution
            self.searched = searched
        }
    }

    public struct Group: Sendable {
        public let label: String
        public let entries: BoundTable<Entry>
        public func entry(_ bound: Bound) -> Entry { entries[bound] }

        /// [largest phase lower threshold, precision ceiling): the rope_thetas at which every
        /// phase-modulation bound holds (the kernel excluded, as in `feasible_interval`); nil when empty.
        public var feasibleRopeTheta: ClosedRange<Double>? {
            let lower = [Bound.aliasing, .dcStability, .depth].map { entry($0).minRopeTheta }
            guard lower.allSatisfy({ $0 != nil }) else { return nil }
            let low = lower.map { $0! }.max()!, high = entry(.precision).maxRopeTheta ?? .infinity
            return low < high ? low...high : nil
        }
    }

    public let context: Int
    public let groups: [Group]

    /// The bisection's range of bases.
    static let searchRange = (1 + 1e-12)...1e200

    /// - Parameters:
    ///   - includeKernel: search the kernel's smallest valid rope_theta (a certified walk, about a
    ///     second at L = 2¹⁷ for d = 128); otherwise its entry is nil.
    /// - Complexity: O(60·d) per phase bound and group; the kernel walk as ``BaseBound``.
    /// - Throws: ``Interrupted`` when `progress` asks to stop.
    public init(input: ModelInput, context L: Int, settings: BoundSettings = BoundSettings(), includeKernel: Bool = true,
                progress: ProgressSink? = nil) throws(Interrupted) {
        precondition(L >= 1, "the context must be at least 1")
        context = L
        let groups = input.rotaryGroups
        var out: [Group] = []
        for (i, group) in groups.enumerated() {
            let rotary = group.attention.rotary!
            let span = min(L, group.attention.window ?? L)
            let bounds = PhaseModulationBounds(context: span, layers: input.depth, epsilon: settings.epsilon, precision: settings.precision)
            func omega(_ base: Double) -> Double? {
                (try? rotary.withBase(base).spectrum(sequenceLength: L))?.minInverseFrequency
            }
            func holds(_ bound: PhaseBound, _ base: Double) -> Bool {
                let value = settings.convention == .exact ? omega(base).map { 1 / $0 } : settings.nominalBase(rotary.withBase(base))
                guard let value, value.isFinite else { return false }
                return PhaseModulationBounds.holds(bound, effectiveBase: value, threshold: bounds.threshold(bound))
            }
            var kernelThreshold: (Double, Double)?
            if includeKernel {
                let stage = progress?.stage(Double(i) / Double(groups.count), 1 / Double(groups.count))
                kernelThreshold = try Self.kernelThreshold(rotary, context: L, span: span, progress: stage)
            }
            let entries = BoundTable<Entry> { bound in
                guard let phase = bound.phase else {
                    return Entry(bound: .kernel, minRopeTheta: kernelThreshold?.0, maxRopeTheta: nil, resolution: kernelThreshold?.1,
                                 searched: includeKernel)
                }
                let threshold = Self.boundary(in: Self.searchRange) { holds(phase, $0) }
                return Entry(bound: bound, minRopeTheta: phase.isLowerBound ? threshold : nil, maxRopeTheta: phase.isLowerBound ? nil : threshold)
            }
            out.append(Group(label: group.label, entries: entries))
        }
        self.groups = out
    }

    /// Where a predicate monotone in x changes on `domain` (x > 0): the smallest x at which it
    /// holds if it holds at the top, the largest if it holds at the bottom; nil when it does not
    /// change there. Bisection on log x to 1e-10 relative.
    static func boundary(in domain: ClosedRange<Double>, _ holds: (Double) -> Bool) -> Double? {
        let (a, b) = (domain.lowerBound, domain.upperBound)
        let (atLow, atHigh) = (holds(a), holds(b))
        guard atLow != atHigh else { return nil }
        var (lo, hi) = (log(a), log(b))
        while hi - lo > 1e-10 * max(1, abs(hi)) {
            let mid = (lo + hi) / 2
            if holds(exp(mid)) == atHigh { hi = mid } else { lo = mid }
        }
        return exp(atHigh ? hi : lo)
    }

    /// The smallest rope_theta with K ≥ 0 over m < span for `rotary`'s spectrum at L, and the walk's
    /// resolution; nil when none below 10¹³.
    static func kernelThreshold(_ rotary: RotaryConfiguration, context L: Int, span: Int,
                                progress: ProgressSink?) throws(Interrupted) -> (Double, Double)? {
        let family = GroupSearch.family(rotary, atContext: L)
        do {
            let r = try BaseBound.search(context: span, family: family, start: 1 + 1e-9, progress: progress)
            return (r.minBase, r.resolution)
        } catch let error as Interrupted {
            throw error
        } catch {
            return nil
        }
    }
}
