import Bounds
import Foundation
import Models
import Rotary

/// Every bound of one model at one context: per rotary attention layer type, the phase-modulation
/// bounds (Liu 2026, reconstructed), the coherences, the Men et al. kernel over the context, and
/// the precision walls per format.
///
/// Conventions of this tool (stated in the README):
/// - A sliding-window layer sees min(L, window) tokens and a chunked layer min(L, chunk): their
///   bounds use that span, not L.
/// - The depth N is the number of layers that apply RoPE (attention layers of hybrids, NoPE layers
///   excluded).
/// - Spectra that depend on the sequence length (dynamic NTK, longrope) are evaluated at L.
public struct ModelReport: Sendable {
    public struct Group: Sendable {
        public let label: String
        public let layers: [Int]
        public let rotary: RotaryConfiguration
        public let spectrum: RotarySpectrum
        /// The span the layer attends over: min(L, window).
        public let span: Int
        public let bounds: PhaseModulationBounds
        public let checks: [PhaseModulationBounds.Check]
        public let dcCoherence: Double
        public let depthCoherence: Double
        /// min over m < span of K(m) = Σ cos(m θᵢ) for this spectrum, and where.
        public let minKernel: Double
        public let argminDistance: Int
        public var kernelHolds: Bool { minKernel >= 0 }
        public var feasible: Bool { checks.allSatisfy(\.holds) && kernelHolds }
    }

    public let model: ModelDescription
    public let context: Int
    public let epsilon: Double
    public let precision: FloatFormat
    public let convention: PhaseModulationBounds.Convention
    public let depth: Int
    public let groups: [Group]

    public var feasible: Bool { groups.allSatisfy(\.feasible) }

    /// The group that decides the verdict: the first failing one, else the one with the largest
    /// phase drift L·ω_min.
    public var primary: Group? {
        groups.first { !$0.feasible } ?? groups.max { Double($0.span) * $0.spectrum.minInverseFrequency < Double($1.span) * $1.spectrum.minInverseFrequency }
    }

    /// The group attending over the longest span (full attention over sliding windows), the one
    /// that places the model on a feasibility map.
    public var longestSpan: Group? {
        groups.max { ($0.span, Double($0.span) * $0.spectrum.minInverseFrequency) < ($1.span, Double($1.span) * $1.spectrum.minInverseFrequency) }
    }

    /// - Throws: `RotaryError` if a spectrum cannot be built at this context.
    public init(model: ModelDescription, context: Int, epsilon: Double = PhaseModulationBounds.defaultEpsilon,
                precision: FloatFormat = .fp32, convention: PhaseModulationBounds.Convention = .exact) throws {
        self.model = model
        self.context = context
        self.epsilon = epsilon
        self.precision = precision
        self.convention = convention
        depth = max(1, model.rotaryLayerCount)
        var groups: [Group] = []
        for g in model.attentionGroups {
            guard let rotary = g.attention.rotary else { continue }
            let spectrum = try rotary.spectrum(sequenceLength: context)
            let span = min(context, g.attention.window ?? context)
            let bounds = PhaseModulationBounds(context: span, layers: depth, epsilon: epsilon, precision: precision)
            let omega = spectrum.minInverseFrequency
            let (minimum, argmin) = RoPEKernel(inverseFrequencies: spectrum.inverseFrequencies.filter { $0 > 0 }).minimum(over: 0..<span)
            groups.append(Group(label: g.label, layers: g.layers, rotary: rotary, spectrum: spectrum, span: span, bounds: bounds,
                                checks: bounds.checks(minInverseFrequency: omega, ropeTheta: rotary.base, convention: convention),
                                dcCoherence: bounds.dcCoherence(minInverseFrequency: omega),
                                depthCoherence: bounds.depthCoherence(minInverseFrequency: omega),
                                minKernel: minimum, argminDistance: argmin))
        }
        self.groups = groups
    }

    /// L_wall(ε, N, format) for every format, at this model's depth.
    public var precisionWalls: [(FloatFormat, Double)] {
        FloatFormat.all.map { ($0, PhaseModulationBounds.precisionWall(epsilon: epsilon, layers: depth, precision: $0)) }
    }
}
