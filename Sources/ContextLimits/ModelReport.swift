import Bounds
import Foundation
import Models
import NumericalCore
import Rotary

/// Every bound of one model at one context: per rotary attention layer group, the phase-modulation
/// bounds (Liu 2026, reconstructed), the coherences and the Men et al. kernel over the span; the
/// precision walls per format; the recurrent part of hybrids.
///
/// Conventions of this tool (stated in the README):
/// - A sliding-window layer sees min(L, window) tokens and a chunked layer min(L, chunk): their
///   bounds use that span, not L.
/// - The depth N is the number of layers that apply RoPE (attention layers of hybrids, NoPE layers
///   excluded).
/// - Spectra that depend on the sequence length (dynamic NTK, longrope) are evaluated at L
///   (``ModelInput/spectra(atContext:)``).
public struct ModelReport: Sendable {
    public struct Group: Sendable {
        public let spectrum: GroupSpectrum
        public let bounds: PhaseModulationBounds
        /// The four phase-modulation verdicts, in ``PhaseBound/allCases`` order.
        public let checks: [PhaseModulationBounds.Check]
        public let dcCoherence: Double
        public let depthCoherence: Double
        /// min over m < span of K(m) = Σ cos(m θᵢ) for this spectrum, and where.
        public let kernel: RoPEKernel.Minimum

        public var label: String { spectrum.label }
        public var layers: [Int] { spectrum.layers }
        public var rotary: RotaryConfiguration { spectrum.rotary }
        /// The span the layers attend over: min(L, window).
        public var span: Int { spectrum.span }

        /// Whether `bound` holds for this group.
        public func holds(_ bound: Bound) -> Bool {
            guard let phase = bound.phase else { return kernel.holds }
            return checks[phase.index].holds
        }

        /// min K / K(0), K(0) being the number of rotated channels: the kernel's margin.
        public var relativeMinKernel: Double { kernel.value / Double(spectrum.spectrum.rotatedInverseFrequencies.count) }

        /// The bounds that fail, in ``Bound/allCases`` order.
        public var violations: [Bound] { Bound.allCases.filter { !holds($0) } }
        public var feasible: Bool { violations.isEmpty }
    }

    public let input: ModelInput
    public let context: Int
    public let settings: BoundSettings
    public let depth: Int
    public let groups: [Group]

    public var model: ModelDescription { input.model }
    public var feasible: Bool { groups.allSatisfy(\.feasible) }

    /// The bounds that fail in some group, in ``Bound/allCases`` order.
    public var violations: [Bound] { Bound.allCases.filter { b in groups.contains { !$0.holds(b) } } }

    /// The group that decides the verdict: the first failing one, else the one with the largest
    /// phase drift L·ω_min.
    public var primary: Group {
        groups.first { !$0.feasible } ?? groups.max { drift($0) < drift($1) }!
    }

    /// The group attending over the longest span (full attention over sliding windows), the one
    /// that places the model on a feasibility map.
    public var longestSpan: Group {
        groups.max { ($0.span, drift($0)) < ($1.span, drift($1)) }!
    }

    private func drift(_ g: Group) -> Double { Double(g.span) * g.spectrum.spectrum.minInverseFrequency }

    public enum Failure: Error, CustomStringConvertible, Sendable {
        /// The model has no rotary attention layers, so no RoPE bound applies.
        case noRotaryLayers(PositionScheme)
        case spectrum(RotaryError)
        case interrupted

        public var description: String {
            switch self {
            case let .noRotaryLayers(scheme): return "no rotary attention layers (positions: \(scheme.rawValue)): no RoPE bound applies"
            case let .spectrum(error): return error.description
            case .interrupted: return "interrupted"
            }
        }
    }

    /// - Complexity: O(span·d/2) per group for the kernel.
    /// - Throws: ``Failure`` without rotary layers, for a spectrum that cannot be built at L, or
    ///   when `progress` asks to stop.
    public init(input: ModelInput, context: Int, settings: BoundSettings = BoundSettings(),
                progress: ProgressSink? = nil) throws(Failure) {
        precondition(context >= 1, "the context must be at least 1")
        self.input = input
        self.context = context
        self.settings = settings
        depth = input.depth
        let spectra: [GroupSpectrum]
        do { spectra = try input.spectra(atContext: context) } catch { throw .spectrum(error) }
        guard !spectra.isEmpty else { throw .noRotaryLayers(input.model.positionScheme) }
        let totalSpan = Double(spectra.reduce(0) { $0 + $1.span })
        var groups: [Group] = []
        var done = 0.0
        for s in spectra {
            let bounds = PhaseModulationBounds(context: s.span, layers: depth, epsilon: settings.epsilon, precision: settings.precision)
            let omega = s.spectrum.minInverseFrequency
            let kernel: RoPEKernel.Minimum
            do {
                kernel = try RoPEKernel(inverseFrequencies: s.spectrum.rotatedInverseFrequencies)
                    .minimum(over: 0..<s.span, progress: progress?.stage(done / totalSpan, Double(s.span) / totalSpan))
            } catch { throw .interrupted }
            done += Double(s.span)
            groups.append(Group(spectrum: s, bounds: bounds,
                                checks: bounds.checks(minInverseFrequency: omega, nominalBase: settings.nominalBase(s.rotary), convention: settings.convention),
                                dcCoherence: bounds.dcCoherence(minInverseFrequency: omega),
                                depthCoherence: bounds.depthCoherence(minInverseFrequency: omega), kernel: kernel))
        }
        self.groups = groups
    }

    /// L_wall(ε, N, format) for every format, at this model's depth.
    public var precisionWalls: [(format: FloatFormat, wall: Double)] {
        FloatFormat.all.map { ($0, PhaseModulationBounds.precisionWall(epsilon: settings.epsilon, layers: depth, precision: $0)) }
    }
}
