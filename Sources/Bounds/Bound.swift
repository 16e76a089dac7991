/// The bounds `check` applies to each rotary layer group: Liu's four phase-modulation bounds
/// (reconstructed, ``PhaseModulationBounds``) and the Men et al. kernel bound (``RoPEKernel``).
/// The raw value is the JSON key.
public enum Bound: String, Sendable, Equatable, Hashable, CaseIterable, CustomStringConvertible {
    case aliasing
    case dcStability = "dc_stability"
    case depth
    case precision
    case kernel

    /// The four bounds on ω_min, in the order reports list them.
    public static let phaseModulation: [Bound] = [.aliasing, .dcStability, .depth, .precision]

    public var description: String { rawValue }
}
