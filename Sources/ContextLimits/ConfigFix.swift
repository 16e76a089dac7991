import Bounds
import Foundation
import Synchronization
import Models
import NumericalCore
import Rotary

/// What to change in a config so that every bound holds at a target context: the candidate
/// changes practitioners make, each searched for its smallest value and evaluated with every bound.
///
/// - A new rope_theta with the config's own scaling: the phase-modulation bounds give an interval
///   of rope_theta (``RopeThetaThresholds``); the kernel bound is then met at the smallest base in
///   it that the certified walk of ``BaseBound`` accepts.
/// - YaRN, linear, llama3 or dynamic scaling of the original base, the factor s searched the same
///   way: ω_min falls as s grows for each of them (every channel is divided by a factor that grows
///   with s), so the phase bounds give an interval of s and the walk finds the smallest s ≥ its
///   lower end at which the kernel holds. The other parameters are Hugging Face's defaults (YaRN
///   β_fast = 32, β_slow = 1; llama3 low/high frequency factors 1 and 4, Meta's Llama-3.1 values,
///   since transformers has none), with L₀ the config's pre-extension length.
///
/// Factors are searched up to ×256 and each walk stops after 2³⁴ kernel terms; an option that
/// finds nothing within them says so.
///
/// Each change applies to the layers of the group that attends over the longest span (the one
/// that binds), and the patched model is evaluated with every bound of every group. The
/// recommended change is the one that makes every bound hold with the smallest distortion of the
/// spectrum, max_k |ln(θ′_k/θ_k)| at the target context: how far the rotary frequencies the model
/// was trained with move.
public struct ConfigFix: Sendable {
    public enum Change: Sendable, Equatable {
        /// A new rope_theta, the config's scaling kept.
        case ropeTheta
        /// A scaling of the original base with its factor searched.
        case scaling(RopeType)

        public var label: String {
            switch self {
            case .ropeTheta: return "rope_theta"
            case let .scaling(t): return "\(t.rawValue) scaling"
            }
        }
    }

    public struct Option: Sendable {
        public let change: Change
        /// The new rotary configuration of the target layers; nil when no value of the knob meets
        /// every bound (``note`` says why).
        public let rotary: RotaryConfiguration?
        /// The patched model's bounds at the target context.
        public let prediction: ModelPrediction?
        /// max_k |ln(θ′_k/θ_k)| against the config's spectrum at the target context.
        public let distortion: Double?
        public let note: String?

        /// Every bound of every group holds at every context up to the target (at it, and its reach
        /// is at least the target): a change that fixes L but breaks a shorter context does not count.
        public var holds: Bool {
            guard let p = prediction, p.report.feasible else { return false }
            return p.reach.maxContext.map { $0 >= p.context } ?? true
        }
        public var maxContext: Int? { prediction?.reach.maxContext }
        public var ropeTheta: Double? { rotary?.base }
    }

    public let input: ModelInput
    public let context: Int
    public let settings: BoundSettings
    /// The configuration being changed (the longest-span rotary group's).
    public let original: RotaryConfiguration
    /// Its layer type.
    public let targetKind: AttentionLayer.Kind
    public let options: [Option]
    /// When no option holds in the chosen precision: the narrowest wider format in which one does.
    public let narrowestFormat: FloatFormat?
    /// L_wall(ε, N, precision): beyond it no base satisfies the depth and precision bounds together.
    public let precisionWall: Double

    /// The option that makes every bound hold with the smallest distortion, nil when none does.
    public var recommended: Int? {
        options.indices.filter { options[$0].holds }.min { options[$0].distortion ?? .infinity < options[$1].distortion ?? .infinity }
    }

    public enum Failure: Error, CustomStringConvertible, Sendable {
        case noRotaryLayers
        case interrupted
        public var description: String {
            switch self {
            case .noRotaryLayers: return "the model has no rotary attention layers: nothing to fix"
            case .interrupted: return "interrupted"
            }
        }
    }

    /// - Complexity: a few certified walks (see ``BaseBound``) and one ``ModelPrediction`` per option.
    /// - Throws: ``Failure``.
    public init(input: ModelInput, context L: Int, settings: BoundSettings = BoundSettings(), horizon: Int = BoundReach.defaultHorizon,
                searchWiderFormats: Bool = true, progress: ProgressSink? = nil) throws(Failure) {
        let report: ModelReport
        do { report = try ModelReport(input: input, context: L, settings: settings) } catch {
            if case .interrupted = error { throw .interrupted }
            throw .noRotaryLayers
        }
        let target = report.longestSpan
        self.input = input
        self.context = L
        self.settings = settings
        original = target.rotary
        targetKind = target.spectrum.group.attention.kind
        precisionWall = PhaseModulationBounds.precisionWall(epsilon: settings.epsilon, layers: report.depth, precision: settings.precision)
        let options = try Self.search(input: input, target: target, context: L, settings: settings, horizon: horizon, progress: progress)
        self.options = options
        var narrowest: FloatFormat?
        if searchWiderFormats, !options.contains(where: \.holds) {
            for format in FloatFormat.all.filter({ $0.fractionBits > settings.precision.fractionBits }).sorted(by: { $0.fractionBits < $1.fractionBits }) {
                var wider = settings
                wider.precision = format
                if try Self.search(input: input, target: target, context: L, settings: wider, horizon: horizon, progress: nil).contains(where: \.holds) {
                    narrowest = format
                    break
                }
            }
        }
        narrowestFormat = narrowest
    }

    static let changes: [Change] = [.ropeTheta, .scaling(.yarn), .scaling(.linear), .scaling(.llama3), .scaling(.dynamic)]
    /// Factors are searched up to 256, beyond every published recipe (DeepSeek-V3's YaRN uses 40).
    static let maxFactor = 256.0
    /// Each walk stops after full scans of 2³⁴ kernel terms (a few seconds on two cores).
    static let workLimit = 1 << 34
    /// The walks' smallest relative step: a valid island narrower than this may be stepped over
    /// (the value found is valid either way; such an island is no practical setting).
    static let resolution = 1e-5

    static func search(input: ModelInput, target: ModelReport.Group, context L: Int, settings: BoundSettings, horizon: Int,
                       progress: ProgressSink?) throws(Failure) -> [Option] {
        let original = target.rotary
        let span = target.span
        let reference = target.spectrum.spectrum.rotatedInverseFrequencies
        let depth = input.depth
        let bounds = PhaseModulationBounds(context: span, layers: depth, epsilon: settings.epsilon, precision: settings.precision)
        // L₀: the pre-extension length the scalings extend from.
        let l0 = original.scaling.originalMaxPositionEmbeddings ?? original.maxPositionEmbeddings ?? input.model.advertisedContext ?? L
        // The changes are independent: searched in parallel, the progress the mean of theirs.
        let fractions = Mutex([Double](repeating: 0, count: changes.count))
        return try Parallel.map(changes.count) { i throws(Failure) -> Option in
            let change = changes[i]
            let stage = progress.map { sink in
                ProgressSink(report: { f in
                    sink.report(fractions.withLock { $0[i] = f; return $0.reduce(0, +) } / Double(changes.count))
                }, isCancelled: sink.isCancelled)
            }
            // The knob x (rope_theta or the factor) → the target's configuration.
            let make: @Sendable (Double) -> RotaryConfiguration
            let domain: ClosedRange<Double>
            switch change {
            case .ropeTheta:
                // The model is to serve L: max_position_embeddings grows to L, except where it is the
                // length a scaling starts from (linear, dynamic) and changing it would change the spectrum.
                var extended = original
                if let m = original.maxPositionEmbeddings, L > m, ![.linear, .dynamic].contains(original.scaling.ropeType) {
                    extended.maxPositionEmbeddings = L
                }
                let base = extended
                make = { base.withBase($0) }
                domain = (1 + 1e-12)...1e200
            case let .scaling(type):
                make = { s in Self.scaled(original, type, factor: s, originalContext: l0, context: L) }
                domain = 1...Self.maxFactor
            }
            @Sendable func spectrum(_ x: Double) -> RotarySpectrum? { try? make(x).spectrum(sequenceLength: L) }
            func phaseHolds(_ bound: PhaseBound, _ x: Double) -> Bool {
                guard let s = spectrum(x) else { return false }
                let value = settings.convention == .exact ? s.effectiveBase : settings.nominalBase(make(x))
                return PhaseModulationBounds.holds(bound, effectiveBase: value, threshold: bounds.threshold(bound))
            }
            // The phase bounds give [lower, upper) in x (ω_min falls with x).
            var lower = domain.lowerBound, upper = domain.upperBound, note: String?
            for bound in [PhaseBound.aliasing, .dcStability, .depth] where !phaseHolds(bound, domain.lowerBound) {
                guard let t = RopeThetaThresholds.boundary(in: domain, { phaseHolds(bound, $0) }) else {
                    note = "no \(change.label) meets the \(bound.bound.rawValue) bound"
                    break
                }
                lower = max(lower, t)
            }
            if note == nil, !phaseHolds(.precision, lower) {
                note = "past the \(settings.precision.name) precision wall: the \(change.label) that meets the lower bounds breaks the precision bound"
            } else if note == nil, !phaseHolds(.precision, domain.upperBound), let t = RopeThetaThresholds.boundary(in: lower...domain.upperBound, { phaseHolds(.precision, $0) }) {
                upper = t
            }
            var chosen: Double?
            if note == nil {
                // The kernel: the smallest x ≥ lower with K ≥ 0 over the span, by the certified walk.
                let channels = reference.count
                let family = BaseBound.Family(channels: channels) { x in
                    guard let s = spectrum(x) else { return nil }
                    let theta = s.rotatedInverseFrequencies
                    return theta.count == channels ? theta : nil
                }
                do {
                    let r = try BaseBound.search(context: span, family: family, start: lower * (1 + 1e-12), relativeResolution: Self.resolution,
                                                 limit: min(upper, 1e13), workLimit: Self.workLimit, progress: stage)
                    chosen = r.minBase
                } catch is Interrupted {
                    throw .interrupted
                } catch let BaseBound.SearchError.workLimit(reached) {
                    note = "no \(change.label) up to \(reached.formatted(.number.precision(.significantDigits(6)))) meets the kernel bound (the search stopped at its work limit)"
                } catch {
                    note = "no \(change.label) \(change == .ropeTheta ? "below the precision ceiling" : "up to ×\(Int(Self.maxFactor)) within the precision ceiling") meets the kernel bound"
                }
            }
            guard let x = chosen else {
                return Option(change: change, rotary: nil, prediction: nil, distortion: nil, note: note)
            }
            let rotary = make(x)
            let patched = input.replacingRotary { $0 == original ? rotary : nil }
            let prediction: ModelPrediction
            do throws(ModelReport.Failure) {
                prediction = try ModelPrediction(input: patched, context: L, settings: settings, horizon: horizon, kernelThreshold: false)
            } catch {
                if case .interrupted = error { throw .interrupted }
                return Option(change: change, rotary: rotary, prediction: nil, distortion: nil, note: "\(error)")
            }
            let theta = spectrum(x)!.rotatedInverseFrequencies
            let distortion = zip(theta, reference).map { abs(log($0 / $1)) }.max() ?? 0
            return Option(change: change, rotary: rotary, prediction: prediction, distortion: distortion, note: nil)
        }
    }

    /// `original` with a new scaling of its own base: factor s, L₀ the pre-extension length, and
    /// max_position_embeddings the target context (YaRN, llama3) or L₀ (linear, dynamic: the length
    /// the scaling starts from, as Hugging Face's configs write it).
    static func scaled(_ original: RotaryConfiguration, _ type: RopeType, factor s: Double, originalContext l0: Int, context L: Int) -> RotaryConfiguration {
        var c = original
        switch type {
        case .yarn:
            c.scaling = .yarn(.init(factor: s, originalMaxPositionEmbeddings: l0))
            c.maxPositionEmbeddings = max(L, l0)
        case .llama3:
            c.scaling = .llama3(.init(factor: s, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: l0))
            c.maxPositionEmbeddings = max(L, l0)
        case .linear:
            c.scaling = .linear(factor: s)
            c.maxPositionEmbeddings = l0
        case .dynamic:
            c.scaling = .dynamic(factor: s)
            c.maxPositionEmbeddings = l0
        case .default, .longrope, .proportional, .ntkAlpha:
            preconditionFailure("fix does not search \(type.rawValue) scaling")
        }
        return c
    }
}
