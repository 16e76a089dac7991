/// The bounds `check` applies to each rotary layer group: Liu's four phase-modulation bounds
/// (reconstructed, ``PhaseModulationBounds``) and the Men et al. kernel bound (``RoPEKernel``).
/// The raw value is the JSON key.
///
/// A closed set the compiler checks: every table keyed by bound is a ``BoundTable`` and every
/// per-bound text an exhaustive switch, so a new case is a compile error until each handles it.
public enum Bound: String, Sendable, Equatable, Hashable, CaseIterable, CustomStringConvertible {
    case aliasing
    case dcStability = "dc_stability"
    case depth
    case precision
    case kernel

    /// The four bounds on ω_min, in the order reports list them.
    public static let phaseModulation: [Bound] = PhaseBound.allCases.map(\.bound)

    /// The phase-modulation bound this is (nil for the kernel).
    public var phase: PhaseBound? {
        switch self {
        case .aliasing: return .aliasing
        case .dcStability: return .dcStability
        case .depth: return .depth
        case .precision: return .precision
        case .kernel: return nil
        }
    }

    public var description: String { rawValue }
}

/// Liu (2026)'s four bounds on the slowest inverse frequency ω_min.
public enum PhaseBound: Sendable, Equatable, Hashable, CaseIterable {
    case aliasing, dcStability, depth, precision

    public var bound: Bound {
        switch self {
        case .aliasing: return .aliasing
        case .dcStability: return .dcStability
        case .depth: return .depth
        case .precision: return .precision
        }
    }

    /// Its position in ``allCases`` (the order of ``PhaseModulationBounds/checks(minInverseFrequency:nominalBase:convention:)``).
    public var index: Int {
        switch self {
        case .aliasing: return 0
        case .dcStability: return 1
        case .depth: return 2
        case .precision: return 3
        }
    }

    /// A lower bound on the base (all but the precision ceiling).
    public var isLowerBound: Bool { self != .precision }
}

/// One value per bound, stored field by field so that the compiler checks every bound has one.
public struct BoundTable<Value: Sendable>: Sendable {
    public var aliasing: Value
    public var dcStability: Value
    public var depth: Value
    public var precision: Value
    public var kernel: Value

    /// The table of `make(bound)` for every bound, made in ``Bound/allCases`` order.
    public init<E: Error>(_ make: (Bound) throws(E) -> Value) throws(E) {
        aliasing = try make(.aliasing)
        dcStability = try make(.dcStability)
        depth = try make(.depth)
        precision = try make(.precision)
        kernel = try make(.kernel)
    }

    public subscript(bound: Bound) -> Value {
        get {
            switch bound {
            case .aliasing: return aliasing
            case .dcStability: return dcStability
            case .depth: return depth
            case .precision: return precision
            case .kernel: return kernel
            }
        }
        set {
            switch bound {
            case .aliasing: aliasing = newValue
            case .dcStability: dcStability = newValue
            case .depth: depth = newValue
            case .precision: precision = newValue
            case .kernel: kernel = newValue
            }
        }
    }

    /// The values in ``Bound/allCases`` order.
    public var values: [Value] { Bound.allCases.map { self[$0] } }
}

extension BoundTable: Equatable where Value: Equatable {}
