import Bounds
import Rotary

/// The free parameters of the bounds, as the README states them: ε, the format in which angles
/// are computed, and how ω_min is read from a model.
public struct BoundSettings: Sendable, Equatable {
    /// The coherence threshold ε in (0, 1) (not machine epsilon).
    public var epsilon: Double
    /// The format of the angle computation, whose ε_mach sets the precision bound.
    public var precision: FloatFormat
    public var convention: PhaseModulationBounds.Convention

    public init(epsilon: Double = PhaseModulationBounds.defaultEpsilon, precision: FloatFormat = .fp32,
                convention: PhaseModulationBounds.Convention = .exact) {
        precondition(epsilon > 0 && epsilon < 1, "ε must be in (0, 1)")
        self.epsilon = epsilon
        self.precision = precision
        self.convention = convention
    }
}
