import Bounds
import NumericalCore

/// What `check` answers for one model: every bound at the checked context (``ModelReport``), how
/// far each goes (``BoundReach``), its threshold in rope_theta (``RopeThetaThresholds``), the
/// verdict of the gated bounds (``VerdictGate``) and the bundled measurements of this config.
public struct ModelPrediction: Sendable {
    /// A bound's verdict at the checked context.
    public enum Verdict: String, Sendable, Equatable {
        case holds, fails
        /// The search stopped at its work limit below the checked context without a failure.
        case undetermined
    }

    /// Whether the exact kernel reading keeps its verdict when rope_theta moves by ±1 %.
    public struct KernelFragility: Sendable, Equatable {
        /// K ≥ 0 on every m < span at 0.99·rope_theta, rope_theta and 1.01·rope_theta.
        public let below: Bool
        public let at: Bool
        public let above: Bool
        /// The exact verdict flips within ±1 % of rope_theta.
        public var flips: Bool { below != at || above != at }
    }

    public let report: ModelReport
    public let reach: BoundReach
    public let thresholds: RopeThetaThresholds
    public let gate: VerdictGate
    /// This config's bundled measured effective lengths (matched by config identity).
    public let measurements: [CheckpointMeasurement]
    /// Per group, the exact reading's verdict at rope_theta and ±1 %.
    public let kernelFragility: [KernelFragility]

    public var input: ModelInput { report.input }
    public var context: Int { report.context }
    public var settings: BoundSettings { report.settings }

    /// - Parameters:
    ///   - horizon: how far the reach is searched (2²⁷ tokens by default).
    ///   - kernelThreshold: also search the kernel's smallest valid rope_theta (a certified walk).
    ///   - work: what the kernel's threshold walk of each group may spend (``ThresholdWork``).
    /// - Complexity: as ``ModelReport``, ``BoundReach`` and ``RopeThetaThresholds``, plus two
    ///   first-negative-distance scans per group (O(span·d/2)) for the fragility.
    /// - Throws: ``ModelReport/Failure`` (no rotary layers, or interrupted).
    public init(input: ModelInput, context L: Int, settings: BoundSettings = BoundSettings(), gate: VerdictGate = .standard,
                horizon: Int = BoundReach.defaultHorizon, kernelThreshold: Bool = true, work: ThresholdWork = .standard,
                progress: ProgressSink? = nil) throws(ModelReport.Failure) {
        report = try ModelReport(input: input, context: L, settings: settings, progress: progress?.stage(0, 0.2))
        self.gate = gate
        measurements = CheckpointMeasurements.of(input.model)
        do {
            reach = try BoundReach(input: input, settings: settings, horizon: horizon, checkedContext: L, work: work,
                                   progress: progress?.stage(0.2, 0.4))
            thresholds = try RopeThetaThresholds(input: input, context: L, settings: settings, includeKernel: kernelThreshold,
                                                 progress: progress?.stage(0.6, 0.3))
            kernelFragility = try report.groups.map { g throws(Interrupted) in
                func exact(_ factor: Double) throws(Interrupted) -> Bool {
                    if factor == 1 { return g.kernel.holds }
                    guard let s = try? g.rotary.withBase(g.rotary.base * factor).spectrum(sequenceLength: L) else { return false }
                    return try RoPEKernel(inverseFrequencies: s.rotatedInverseFrequencies).firstNegativeDistance(below: g.span) == nil
                }
                return KernelFragility(below: try exact(0.99), at: try exact(1), above: try exact(1.01))
            }
        } catch { throw .interrupted }
    }

    /// The verdict of `bound` in group `i` at the checked context: the phase bounds as checked
    /// there; the kernel by the settings' reading (exact: K ≥ 0 on every m < span; threshold:
    /// b*(span) ≤ rope_theta, i.e. the threshold reach covers the context).
    public func verdict(_ bound: Bound, group i: Int) -> Verdict {
        guard bound == .kernel, settings.kernelReading == .threshold else { return report.groups[i].holds(bound) ? .holds : .fails }
        switch reach.groups[i].entry(.kernel).holds(upTo: context, horizon: .max) {
        case true?: return .holds
        case false?: return .fails
        case nil: return .undetermined
        }
    }

    /// The verdict of `bound` over every group: fails if it fails in one, else undetermined if
    /// one is, else holds.
    public func verdict(_ bound: Bound) -> Verdict {
        let all = report.groups.indices.map { verdict(bound, group: $0) }
        return all.contains(.fails) ? .fails : all.contains(.undetermined) ? .undetermined : .holds
    }

    /// The bounds that fail at the checked context, in ``Bound/allCases`` order.
    public var failing: [Bound] { Bound.allCases.filter { verdict($0) == .fails } }
    /// The gated bounds that fail: the verdict (and exit code 3) when not empty.
    public var gateFailing: [Bound] { failing.filter(gate.contains) }
    /// Every gated bound holds (or is undetermined) at the checked context.
    public var holdsUnderGate: Bool { gateFailing.isEmpty }
    /// The gate's verdict: fails when a gated bound fails, else undetermined when one is, else holds.
    public var gateVerdict: Verdict {
        !holdsUnderGate ? .fails : gate.bounds.contains { verdict($0) == .undetermined } ? .undetermined : .holds
    }

    /// The smallest reach of `bound` over the groups (the one a failure would come from first).
    public func reach(of bound: Bound) -> BoundReach.Entry { reach.reach(of: bound) }

    /// How far the gated bounds go: the smallest reach among them (nil: to the horizon).
    public var gateReach: BoundReach.Entry? { reach.reach(of: gate) }

    /// The measurement of this config that contradicts `bound`: the longest measured effective
    /// length beyond the bound's reach (nil when none is).
    public func contradiction(of bound: Bound) -> CheckpointMeasurement? {
        guard let m = reach(of: bound).maxContext else { return nil }
        return measurements.filter { $0.effectiveLength > m }.max { $0.effectiveLength < $1.effectiveLength }
    }
}
