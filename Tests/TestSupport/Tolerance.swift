import Foundation

/// How close a computed value must be to its reference, in units that say why.
///
/// The ε tiers follow GSL's `specfunc/test_sf.h` (TEST_TOL0 = 2ε … TEST_TOL6 = 2²⁰ε, with
/// ε = 2⁻⁵² the double-precision machine epsilon); the others name where the reference comes
/// from: a float32 computation, a value printed to a number of digits, a Monte Carlo estimate.
public enum Tolerance: Sendable, CustomStringConvertible {
    /// Relative 2ε ≈ 4.4e-16: a correctly rounded result or one rounding away from it.
    case tol0
    /// Relative 16ε ≈ 3.6e-15: a handful of double roundings (sums of a few dozen terms).
    case tol1
    /// Relative 256ε ≈ 5.7e-14: long sums, cancellation of a few digits.
    case tol2
    /// Relative 2048ε ≈ 4.5e-13.
    case tol3
    /// Relative 16384ε ≈ 3.6e-12.
    case tol4
    /// Relative 131072ε ≈ 2.9e-11: quadrature and root finding at their default tolerances.
    case tol5
    /// Relative 2²⁰ε ≈ 2.3e-10.
    case tol6
    /// Relative k·ε, for a bound between the tiers.
    case epsilons(Double)
    /// k units of float32 epsilon (2⁻²³) relative: references computed in float32 (transformers).
    case float32(Double)
    /// A reference printed to `digits` significant digits: half a unit in its last printed place
    /// (651.9 with 4 digits: ±0.05).
    case printed(digits: Int)
    /// An absolute bound stated by the code under test (e.g. its documented error bound).
    case absolute(Double)
    /// The stated relative accuracy of an approximation that leaves terms out by design (a weight
    /// count without norms and biases), not a rounding error.
    case approximation(Double)
    /// k standard errors of a Monte Carlo estimate (absolute).
    case standardErrors(Double, of: Double)

    static let epsilon = 0x1p-52

    /// Whether `value` is acceptably close to `reference`.
    public func accepts(_ value: Double, reference: Double) -> Bool {
        if value == reference { return true }
        guard value.isFinite, reference.isFinite else { return false }
        let error = Swift.abs(value - reference)
        switch self {
        case .absolute(let bound): return error <= bound
        case let .standardErrors(k, se): return error <= k * se
        case let .printed(digits):
            let lastPlace = Foundation.pow(10, Foundation.floor(Foundation.log10(Swift.abs(reference))) - Double(digits - 1))
            return error <= lastPlace / 2 * (1 + 1e-9)
        default: return error <= relative * Swift.abs(reference)
        }
    }

    /// The relative bound of the relative tiers.
    var relative: Double {
        switch self {
        case .tol0: return 2 * Self.epsilon
        case .tol1: return 16 * Self.epsilon
        case .tol2: return 256 * Self.epsilon
        case .tol3: return 2048 * Self.epsilon
        case .tol4: return 16384 * Self.epsilon
        case .tol5: return 131_072 * Self.epsilon
        case .tol6: return 1_048_576 * Self.epsilon
        case .epsilons(let k): return k * Self.epsilon
        case .float32(let k): return k * 0x1p-23
        case .approximation(let r): return r
        case .printed, .absolute, .standardErrors: return .infinity
        }
    }

    public var description: String {
        switch self {
        case .tol0: return "2ε"
        case .tol1: return "16ε"
        case .tol2: return "256ε"
        case .tol3: return "2048ε"
        case .tol4: return "16384ε"
        case .tol5: return "131072ε"
        case .tol6: return "2²⁰ε"
        case .epsilons(let k): return "\(k)ε"
        case .float32(let k): return "\(k) float32 ε"
        case .printed(let d): return "\(d) printed digits"
        case .absolute(let b): return "±\(b)"
        case .approximation(let r): return "\(r) relative (an approximation)"
        case let .standardErrors(k, se): return "\(k) standard errors of \(se)"
        }
    }
}

/// `value` is within `tolerance` of `reference`.
public func isClose(_ value: Double, _ reference: Double, _ tolerance: Tolerance) -> Bool {
    tolerance.accepts(value, reference: reference)
}

/// The distance in units in the last place of the reference: how many doubles lie between them.
public func ulpDistance(_ value: Double, _ reference: Double) -> Double {
    guard value != reference else { return 0 }
    return Swift.abs(value - reference) / reference.ulp
}

/// GSL's consistency check of a value with its error estimate (`TEST_SF_INCONS` in
/// `specfunc/test_sf.c`): the actual error must not exceed twice the estimate, with a floor of 2ε
/// relative for results whose estimate rounds to zero.
public func errorEstimateCovers(value: Double, error: Double, reference: Double) -> Bool {
    Swift.abs(value - reference) <= 2 * Swift.max(error, 2 * Tolerance.epsilon * Swift.abs(reference))
}
