/// Errors thrown by the numerical layer. GSL's abort-on-error handler is switched off
/// (see ``GSLRuntime``), so every failure GSL reports arrives here as a Swift error.
public enum NumericalError: Error, Equatable, CustomStringConvertible, Sendable {
    /// An argument outside the function's domain, detected before calling the C library.
    case domain(function: String, detail: String)
    /// GSL returned a non-zero status.
    case gsl(function: String, status: Int32, reason: String)
    /// An iterative method did not meet its tolerance within its iteration budget.
    case noConvergence(function: String, detail: String)
    /// The integrand, objective or other user callback returned a non-finite value.
    case nonFiniteCallback(function: String, at: Double)

    public var description: String {
        switch self {
        case let .domain(function, detail):
            return "\(function): argument out of domain: \(detail)"
        case let .gsl(function, status, reason):
            return "\(function): GSL error \(status) (\(reason))"
        case let .noConvergence(function, detail):
            return "\(function): no convergence: \(detail)"
        case let .nonFiniteCallback(function, x):
            return "\(function): the function returned a non-finite value at x = \(x)"
        }
    }
}
