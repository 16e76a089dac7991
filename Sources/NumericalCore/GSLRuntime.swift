import CGSL

/// One-time GSL set-up. GSL's default error handler calls `abort()`; it is process-global state,
/// so it is switched off exactly once, by a lazily initialised (and therefore thread-safe)
/// static. Every wrapper touches ``GSLRuntime/ready`` before calling into GSL.
enum GSLRuntime {
    static let ready: Void = {
        _ = gsl_set_error_handler_off()
    }()

    /// Converts a GSL status into a thrown error.
    static func check(_ status: Int32, _ function: String) throws(NumericalError) {
        guard status != Int32(GSL_SUCCESS) else { return }
        let reason = gsl_strerror(status).map { String(cString: $0) } ?? "unknown"
        throw .gsl(function: function, status: status, reason: reason)
    }

    /// Calls a `gsl_sf_*_e` function and returns its value and error estimate.
    static func special(
        _ function: String, _ body: (UnsafeMutablePointer<gsl_sf_result>) -> Int32
    ) throws(NumericalError) -> Estimate {
        _ = ready
        var result = gsl_sf_result(val: .nan, err: .nan)
        try check(body(&result), function)
        return Estimate(value: result.val, error: result.err)
    }
}
