import Bounds
import Foundation
import Synchronization
import Models
import NumericalCore
import Rotary

/// What to change in a config to run it at a target context L: the changes practitioners make,
/// each at the value its method prescribes, what each needs (training) from its source, and how
/// far the bounds say each goes.
///
/// The options, applied to the layers of the group that attends over the longest span:
/// - the vendor's recipe (``ExtensionRecipes``) when the model or its family has one, at the
///   recipe's own factor and length;
/// - YaRN, llama3, dynamic NTK and linear (position interpolation) scaling with s = L / L₀, as the
///   methods' authors set it, L₀ being the config's original_max_position_embeddings where it has
///   one (an already-extended model is extended from its own pre-training length, keeping its own
///   method's other parameters), else its family's from the recipe table (Qwen3: 32768, where
///   config.json writes 40960), else max_position_embeddings;
/// - a new rope_theta b′ = b·(L/M)^{d/(d−2)} (M = max_position_embeddings; the NTK-aware base that
///   divides the lowest frequency by L/M, bloc97 2023 as written in Peng et al. 2023 §3.1), the
///   scaling kept: always larger than b, never a smaller base for a longer context.
///
/// No value is searched to satisfy a bound: each option is evaluated with every bound of every
/// group (``ModelPrediction``); the gated ones (``VerdictGate``, as `check` decides) say whether it
/// holds at L and how far (max_context).
///
/// The ranking, in one sentence: among the options that need no more training than allowed, the
/// recommended one is one whose gated bounds hold at L if any does (else one not proved to fail
/// there), the vendor's recipe first, then the option that leaves the most rotary channels at their
/// trained frequency.
///
/// - Complexity: one ``ModelPrediction`` per option (at most seven), with the reach searched up to
///   ``searchHorizon(context:horizon:)`` (L) and the kernel's threshold walk limited by
///   ``work(deciding:)``: under a second on one core for every bundled config at twice the context it
///   serves (`ctxlimits bench`, cmd_fix_slowest), with `--allow-training none`.
public struct ConfigFix: Sendable {
    public enum Change: Sendable, Hashable {
        /// The vendor's published recipe.
        case recipe
        /// A scaling of the original base at the factor its method prescribes.
        case scaling(RopeType)
        /// A new rope_theta, the config's scaling kept.
        case ropeTheta

        public var label: String {
            switch self {
            case .recipe: return "recipe"
            case let .scaling(t): return "\(t.rawValue) scaling"
            case .ropeTheta: return "rope_theta"
            }
        }
    }

    public struct Option: Sendable {
        public let change: Change
        /// The new rotary configuration of the target layers (its max_position_embeddings is what a
        /// patched config writes).
        public let rotary: RotaryConfiguration
        /// The context the option serves as written (s·L₀ for dynamic NTK, whose
        /// max_position_embeddings stays L₀).
        public let servedContext: Int
        public let evidence: RequirementEvidence
        /// The recipe this option is, for ``Change/recipe``.
        public let recipe: ExtensionRecipe?
        /// The patched model's bounds at the target context (nil: not evaluated, see ``note``).
        public let prediction: ModelPrediction?
        /// Rotary channels whose frequency at the target context equals the trained one.
        public let channelsKept: Int
        public let note: String?

        public var requires: TrainingRequirement { evidence.requirement }
        public var ropeTheta: Double { rotary.base }
        public var maxPositionEmbeddings: Int? { rotary.maxPositionEmbeddings }
        /// The scaling factor of the option (nil for no scaling).
        public var factor: Double? {
            switch rotary.scaling {
            case .none: return nil
            case let .linear(s), let .dynamic(s), let .proportional(s): return s
            case let .yarn(y): return y.factor
            case let .llama3(p): return p.factor
            case let .longrope(p): return p.factor ?? rotary.maxPositionEmbeddings.map { Double($0) / Double(p.originalMaxPositionEmbeddings) }
            case .ntkAlpha: return nil
            }
        }
        /// The gated bounds (``VerdictGate``, the kernel bound read as Men et al. state it by default)
        /// hold at the target context and at every shorter one, and the option serves that context:
        /// `check` on the patched config would pass.
        public var holds: Bool {
            guard let p = prediction, p.holdsUnderGate, servedContext >= p.context else { return false }
            return p.gateReach?.maxContext.map { $0 >= p.context } ?? true
        }
        /// The option at the target context: ``holds``; fails when it serves less, a gated bound fails
        /// there, or one is proved to fail below it (not evaluated: fails); undetermined when a walk
        /// stopped at its work limit (``ConfigFix/work(deciding:)``) before it could say.
        public var verdict: ModelPrediction.Verdict {
            if holds { return .holds }
            guard let p = prediction, p.holdsUnderGate, servedContext >= p.context else { return .fails }
            if p.gateVerdict == .undetermined { return .undetermined }
            // Holds at L, not at every context below: proved where the reach is exact or fails from ≤ L.
            guard let reach = p.gateReach, reach.isLowerBound else { return .fails }
            return (reach.failsFrom ?? .max) <= p.context ? .fails : .undetermined
        }
        /// How far the gated bounds hold (searched up to the target context).
        public var maxContext: Int? { prediction?.gateReach?.maxContext }
        public var bindingBound: Bound? { prediction?.gateReach?.bound }
    }

    public enum Failure: Error, CustomStringConvertible, Sendable {
        case noRotaryLayers
        case interrupted
        /// L past the format's precision wall: no base meets the depth and precision bounds.
        case pastPrecisionWall(context: Int, wall: Double, format: String, wider: String?)
        /// L past 2⁴⁰ tokens.
        case tooLong(Int)
        /// No pre-extension length to extend from.
        case noOriginalContext

        public var description: String {
            switch self {
            case .noRotaryLayers: return "the model has no rotary attention layers: nothing to fix"
            case .interrupted: return "interrupted"
            case let .pastPrecisionWall(L, wall, format, wider):
                return "no option exists: L = \(L) is past the \(format) precision wall (\(Int(wall)) tokens), where no rope_theta meets the depth and precision bounds together"
                    + (wider.map { "; angles computed in \($0) move the wall past L (--precision \($0))" } ?? "; no format up to fp64 reaches it")
            case let .tooLong(L): return "no option exists: L = \(L) is past 2^40 tokens, beyond any format's positions"
            case .noOriginalContext: return "the config states no max_position_embeddings or original_max_position_embeddings to extend from"
            }
        }
    }

    public let input: ModelInput
    public let context: Int
    public let settings: BoundSettings
    /// The most training the recommendation may need.
    public let allowed: TrainingRequirement
    /// The configuration being changed (the longest-span rotary group's) and its layer type.
    public let original: RotaryConfiguration
    public let targetKind: AttentionLayer.Kind
    /// L₀, the length the scalings extend from.
    public let originalContext: Int
    /// The context the config serves now: the smallest the serving stacks derive from it (vLLM: the
    /// longest --max-model-len it accepts).
    public let currentContext: Int?
    /// The vendor's recipe for this model or family, if any.
    public let recipe: ExtensionRecipe?
    /// Empty when L ≤ ``currentContext`` (nothing to change).
    public let options: [Option]
    /// L_wall(ε, N, precision) of the chosen format.
    public let precisionWall: Double

    /// L ≤ the context the config already serves.
    public var nothingToChange: Bool { currentContext.map { context <= $0 } ?? false }

    /// The options in the order of the ranking (see the type's documentation), all of them.
    public var ranking: [Int] {
        options.indices.sorted { a, b in Self.rankKey(options[a], a).lexicographicallyPrecedes(Self.rankKey(options[b], b)) }
    }

    /// The recommended option under ``allowed`` (nil when no option needs so little training).
    public var recommended: Int? { recommended(allowing: allowed) }

    /// The first option in the ranking that needs at most `training`.
    public func recommended(allowing training: TrainingRequirement) -> Int? { ranking.first { options[$0].requires <= training } }

    /// The index of the recipe's option, nil when no recipe applies.
    public var recipeOption: Int? { options.firstIndex { $0.change == .recipe } }

    static func rankKey(_ o: Option, _ index: Int) -> [Int] {
        let verdict = switch o.verdict {
        case .holds: 0
        case .undetermined: 1
        case .fails: 2
        }
        return [verdict, o.servedContext >= (o.prediction?.context ?? .max) ? 0 : 1, o.change == .recipe ? 0 : 1, -o.channelsKept, o.requires.rank, index]
    }

    /// The bound reach is searched up to L (at most the horizon): what decides whether an option
    /// holds at every context up to L, and what keeps `fix` fast (the kernel scan of a spectrum
    /// that holds costs O(horizon·d/2)). A reach of nil then means "holds up to L at least".
    public static func searchHorizon(context L: Int, horizon: Int) -> Int { min(horizon, L) }

    /// What the kernel's threshold walk of an option may spend (kernel terms of full scans). The walk
    /// of a scaled family costs about 0.1–0.25 ns a term on
    /// one core, and one that does not settle runs to its limit, so the limits are what keep `fix`
    /// under a second:
    /// - an option the recommendation may pick (``decides(_:allowed:context:)``) gets 3·2³⁰ terms (about
    ///   0.7 s), of which 2²⁸ on its exact reach once its verdict at L is settled: it shows how far it
    ///   holds at least and where it is proved to fail, not the reach to the token;
    /// - any other option, shown for information (it needs more training than allowed, or serves
    ///   less than L), gets one scan: its reach is at least its first negative distance (and, for the
    ///   default spectrum, the certified table's bracket), so its verdict at L stays undetermined unless
    ///   that settles it (`check` on the patched config, with 2³², or `--allow-training`, searches further).
    ///   A walk of it costs little in full scans but its thousands of hint-checked bases do not: 2²⁷
    ///   terms took about 0.1 s an option with the chord certificate.
    public static func work(deciding: Bool) -> ThresholdWork {
        deciding ? ThresholdWork(limit: 3 << 30, exactReach: 1 << 28) : ThresholdWork(limit: 1)   // 1: stops at the first full scan
    }

    /// The recommendation may pick the option: the vendor's recipe or an option needing no more
    /// training than allowed, serving L.
    static func decides(_ c: Candidate, allowed: TrainingRequirement, context L: Int) -> Bool {
        c.served >= L && (c.change == .recipe || c.evidence.requirement <= allowed)
    }

    /// The longest context any option is considered for.
    public static let maxContext = 1 << 40

    /// - Throws: ``Failure``.
    public init(input: ModelInput, context L: Int, settings: BoundSettings = BoundSettings(), gate: VerdictGate = .standard,
                allowed: TrainingRequirement = .none, horizon: Int = BoundReach.defaultHorizon, progress: ProgressSink? = nil) throws(Failure) {
        guard L <= Self.maxContext else { throw .tooLong(L) }
        guard let targetGroup = input.rotaryGroups.max(by: { a, b in
            min(L, a.attention.window ?? L) < min(L, b.attention.window ?? L)
        }) else { throw .noRotaryLayers }
        let orig = targetGroup.attention.rotary!
        self.input = input
        self.context = L
        self.settings = settings
        self.allowed = allowed
        original = orig
        targetKind = targetGroup.attention.kind
        precisionWall = PhaseModulationBounds.precisionWall(epsilon: settings.epsilon, layers: input.depth, precision: settings.precision)
        let stacks = input.document.flatMap { try? ServingStacks.derive($0.root) }
        // vLLM's ceiling (the longest --max-model-len it accepts), not its default: LongRoPE models
        // default to their original length there but serve the full one when asked.
        currentContext = stacks.flatMap { [$0.transformers, $0.vllmCeiling, $0.llamaCpp].compactMap { $0 }.min() }
            ?? orig.maxPositionEmbeddings ?? input.model.advertisedContext
        let recipe = ExtensionRecipes.recipe(modelType: input.model.modelType, rotary: orig)
        self.recipe = recipe
        // L₀: the config's pre-extension length, else its family's (Qwen3 writes 40960 but was
        // pre-trained at, and extends from, 32768), else max_position_embeddings.
        guard let l0 = orig.scaling.originalMaxPositionEmbeddings ?? recipe?.originalContext ?? orig.maxPositionEmbeddings
                ?? input.model.advertisedContext else {
            throw .noOriginalContext
        }
        originalContext = l0
        if let current = currentContext, L <= current {
            options = []
            return
        }
        if Double(L) > precisionWall {
            let wider = FloatFormat.all.filter { $0.fractionBits > settings.precision.fractionBits }
                .sorted { $0.fractionBits < $1.fractionBits }
                .first { PhaseModulationBounds.precisionWall(epsilon: settings.epsilon, layers: input.depth, precision: $0) >= Double(L) }
            throw .pastPrecisionWall(context: L, wall: precisionWall, format: settings.precision.name, wider: wider?.name)
        }
        let candidates = Self.candidates(original: orig, recipe: recipe, originalContext: l0, context: L)
        let trained = (try? orig.spectrum().rotatedInverseFrequencies) ?? []
        let searchHorizon = Self.searchHorizon(context: L, horizon: horizon)
        let fractions = Mutex([Double](repeating: 0, count: candidates.count))
        options = try Parallel.map(candidates.count) { i throws(Failure) -> Option in
            let c = candidates[i]
            let stage = progress.map { sink in
                ProgressSink(report: { f in
                    sink.report(fractions.withLock { $0[i] = f; return $0.reduce(0, +) } / Double(candidates.count))
                }, isCancelled: sink.isCancelled)
            }
            let patched = input.replacingRotary { $0 == orig ? c.rotary : nil }
            var prediction: ModelPrediction?, note = c.note
            do throws(ModelReport.Failure) {
                prediction = try ModelPrediction(input: patched, context: L, settings: settings, gate: gate, horizon: searchHorizon,
                                                 kernelThreshold: false,
                                                 work: Self.work(deciding: Self.decides(c, allowed: allowed, context: L)), progress: stage)
            } catch {
                if case .interrupted = error { throw .interrupted }
                note = "\(error)"
            }
            let theta = (try? c.rotary.spectrum(sequenceLength: L).rotatedInverseFrequencies) ?? []
            let kept = theta.count == trained.count ? zip(theta, trained).filter { abs($0 / $1 - 1) <= 1e-12 }.count : 0
            return Option(change: c.change, rotary: c.rotary, servedContext: c.served, evidence: c.evidence, recipe: c.recipe,
                          prediction: prediction, channelsKept: kept, note: note)
        }
    }

    struct Candidate: Sendable {
        let change: Change
        let rotary: RotaryConfiguration
        let served: Int
        let evidence: RequirementEvidence
        var recipe: ExtensionRecipe? = nil
        var note: String? = nil
    }

    /// The options before evaluation, in the order shown: the recipe, the config's own method, then
    /// dynamic NTK, YaRN, llama3, linear and a new rope_theta; a configuration already listed is
    /// not repeated.
    static func candidates(original orig: RotaryConfiguration, recipe: ExtensionRecipe?, originalContext l0: Int, context L: Int) -> [Candidate] {
        var out: [Candidate] = []
        func add(_ c: Candidate) { if !out.contains(where: { $0.rotary == c.rotary }) { out.append(c) } }
        if let recipe {
            var r = orig
            if let scaling = recipe.scaling { r.scaling = scaling }
            r.maxPositionEmbeddings = recipe.context
            add(Candidate(change: .recipe, rotary: r, served: recipe.context, evidence: recipe.evidence, recipe: recipe,
                          note: recipe.context < L ? "the recipe serves \(recipe.context) tokens, less than L" : nil))
        }
        let s = Double(L) / Double(l0)
        var scaled: [Candidate] = []
        if s > 1 {
            // YaRN, keeping an existing YaRN's β, mscale and truncate.
            var yarn = RopeScaling.Yarn(factor: s, originalMaxPositionEmbeddings: l0)
            if case let .yarn(y) = orig.scaling { yarn = y; yarn.factor = s; yarn.originalMaxPositionEmbeddings = l0 }
            let yarnCandidate = Candidate(change: .scaling(.yarn), rotary: with(orig, .yarn(yarn), maxPositions: L), served: L,
                                          evidence: s <= 2 ? .yarnWithinTwice : .yarnBeyondTwice)
            // llama3, keeping an existing llama3's band factors (Meta's 1 and 4 otherwise).
            var llama3 = RopeScaling.Llama3(factor: s, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: l0)
            if case let .llama3(p) = orig.scaling { llama3 = p; llama3.factor = s; llama3.originalMaxPositionEmbeddings = l0 }
            let llama3Candidate = Candidate(change: .scaling(.llama3), rotary: with(orig, .llama3(llama3), maxPositions: L), served: L, evidence: .llama3)
            let dynamic = Candidate(change: .scaling(.dynamic), rotary: with(orig, .dynamic(factor: s), maxPositions: l0), served: L, evidence: .dynamicNTK,
                                    note: orig.scaling == .none ? nil : "replaces the trained \(orig.scaling.ropeType.rawValue) scaling")
            let linear = Candidate(change: .scaling(.linear), rotary: with(orig, .linear(factor: s), maxPositions: L), served: L, evidence: .positionInterpolation)
            switch orig.scaling {
            case .yarn: scaled = [yarnCandidate, dynamic, llama3Candidate, linear]
            case .llama3: scaled = [llama3Candidate, dynamic, yarnCandidate, linear]
            default: scaled = [dynamic, yarnCandidate, llama3Candidate, linear]
            }
        }
        scaled.forEach(add)
        // A new base: b·(L/M)^{d/(d−2)}, the scaling kept, max_position_embeddings → L.
        let m = orig.maxPositionEmbeddings ?? l0
        if L > m {
            let d = Double(orig.rotaryDim)
            var r = orig.withBase(orig.base * pow(Double(L) / Double(m), d / (d - 2)))
            // Dynamic NTK starts from max_position_embeddings, which therefore stays.
            if orig.scaling.ropeType != .dynamic { r.maxPositionEmbeddings = L }
            add(Candidate(change: .ropeTheta, rotary: r, served: L, evidence: .newBase))
        }
        return out
    }

    static func with(_ orig: RotaryConfiguration, _ scaling: RopeScaling, maxPositions: Int) -> RotaryConfiguration {
        var r = orig
        r.scaling = scaling
        r.maxPositionEmbeddings = maxPositions
        return r
    }
}
