import Bounds
import Rotary

/// The free parameters of the bounds, as the README states them: ε, the format in which angles
/// are computed, how ω_min is read from a model, and how the kernel bound is read.
public struct BoundSettings: Sendable, Equatable {
    /// The coherence threshold ε in (0, 1) (not machine epsilon).
    public var epsilon: Double
    /// The format of the angle computation, whose ε_mach sets the precision bound.
    public var precision: FloatFormat
    public var convention: PhaseModulationBounds.Convention
    /// Men et al.'s statement (base ≥ b*(L), the default) or the exact per-base reading.
    public var kernelReading: KernelReading

    public init(epsilon: Double = PhaseModulationBounds.defaultEpsilon, precision: FloatFormat = .fp32,
                convention: PhaseModulationBounds.Convention = .exact, kernelReading: KernelReading = .threshold) {
        precondition(epsilon > 0 && epsilon < 1, "ε must be in (0, 1)")
        self.epsilon = epsilon
        self.precision = precision
        self.convention = convention
        self.kernelReading = kernelReading
    }

    /// Liu (2026)'s case-study settings [S]: ε = 0.95, fp32, the `liu2026` convention.
    public static func liu2026(kernelReading: KernelReading = .threshold) -> BoundSettings {
        BoundSettings(epsilon: PhaseModulationBounds.liu2026Epsilon, precision: .fp32, convention: .liu2026, kernelReading: kernelReading)
    }

    /// The base the `paper` and `liu2026` conventions compare for `rotary` (rope_theta, or Liu's
    /// YaRN effective base); unused by the exact convention. O(1).
    public func nominalBase(_ rotary: RotaryConfiguration) -> Double {
        guard convention == .liu2026 else { return rotary.base }
        var yarnFactor: Double?
        if case let .yarn(y) = rotary.scaling {
            yarnFactor = y.factor ?? rotary.maxPositionEmbeddings.map { Double($0) / Double(y.originalMaxPositionEmbeddings) }
        }
        return PhaseModulationBounds.liu2026Base(ropeTheta: rotary.base, rotaryDim: rotary.rotaryDim, yarnFactor: yarnFactor)
    }
}
