import CGSL

/// Carries a Swift closure through GSL's `gsl_function` (a C function pointer plus a context
/// pointer). A callback that throws or returns a non-finite value makes GSL see NaN; the first
/// such failure is kept and rethrown by the caller after GSL returns, so the Swift error wins
/// over whatever status GSL derived from the NaN.
final class GSLFunctionBox {
    private let body: (Double) throws -> Double
    private let name: String
    private(set) var failure: (any Error)?

    init(_ name: String, _ body: @escaping (Double) throws -> Double) {
        self.name = name
        self.body = body
    }

    fileprivate func call(_ x: Double) -> Double {
        guard failure == nil else { return .nan }
        do {
            let y = try body(x)
            if !y.isFinite { failure = NumericalError.nonFiniteCallback(function: name, at: x) }
            return y.isFinite ? y : .nan
        } catch {
            failure = error
            return .nan
        }
    }

    /// Runs `operation` with a `gsl_function` that calls this box, then rethrows a callback
    /// failure if there was one.
    func withGSLFunction<R>(_ operation: (inout gsl_function) throws -> R) throws -> R {
        _ = GSLRuntime.ready
        let context = Unmanaged.passUnretained(self).toOpaque()
        var function = gsl_function(
            function: { x, params in
                Unmanaged<GSLFunctionBox>.fromOpaque(params!).takeUnretainedValue().call(x)
            },
            params: context)
        let result: R
        do {
            result = try withExtendedLifetime(self) { try operation(&function) }
        } catch {
            throw failure ?? error      // GSL's status for a NaN is less telling than the cause
        }
        if let failure { throw failure }
        return result
    }
}

/// Runs `operation` with a `gsl_function` wrapping a non-escaping closure.
func withGSLFunction<R>(
    _ name: String,
    _ f: (Double) throws -> Double,
    _ operation: (inout gsl_function) throws -> R
) throws -> R {
    try withoutActuallyEscaping(f) { escaping in
        try GSLFunctionBox(name, escaping).withGSLFunction(operation)
    }
}
