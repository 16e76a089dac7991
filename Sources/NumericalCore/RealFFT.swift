import CFFTW
import Synchronization

/// FFTW's planner (and plan destruction) is not thread-safe; only `fftw_execute*` is
/// (fftw.org/fftw3_doc/Thread-safety.html). Every planner call goes through this lock.
private let fftwPlanner = Mutex<Void>(())

/// A reusable plan for real-to-complex and complex-to-real transforms of one length n.
///
/// Forward: X_k = Σ_{j=0}^{n−1} x_j e^{−2πi jk/n}, k = 0 … ⌊n/2⌋ (the other half is the
/// conjugate). Inverse: the unnormalised c2r transform divided by n, so that
/// `inverse(forward(x)) == x` up to rounding.
///
/// - Source: FFTW 3 `fftw_plan_dft_r2c_1d` / `fftw_plan_dft_c2r_1d` with `FFTW_ESTIMATE`
///   (deterministic plans: no timing, arrays untouched while planning).
/// - Accuracy: O(ε log n) relative rms error (Cooley–Tukey / FFTW's codelets).
/// - Complexity: O(n log n) per transform for any n (FFTW handles prime sizes by Rader/Bluestein).
///
/// A plan owns its buffers, so one plan must not be used from two threads at once; make one plan
/// per task (plan creation is serialized internally and cheap with `FFTW_ESTIMATE`).
public final class RealFFTPlan {
    public let count: Int
    private let real: UnsafeMutablePointer<Double>
    private let spectrum: UnsafeMutablePointer<fftw_complex>
    private let forwardPlan: fftw_plan
    private let inversePlan: fftw_plan

    /// - Throws: if n is not in 1 … 2³⁰ or FFTW cannot allocate or plan.
    public init(count: Int) throws(NumericalError) {
        guard count >= 1, count <= 1 << 30 else {
            throw .domain(function: "RealFFTPlan", detail: "length \(count) is not in 1…2^30")
        }
        self.count = count
        let pair: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<fftw_complex>, fftw_plan, fftw_plan)? =
            fftwPlanner.withLock { _ in
                guard let r = fftw_alloc_real(count), let c = fftw_alloc_complex(count / 2 + 1) else { return nil }
                let flags = UInt32(FFTW_ESTIMATE)
                guard let f = fftw_plan_dft_r2c_1d(Int32(count), r, c, flags),
                      let i = fftw_plan_dft_c2r_1d(Int32(count), c, r, flags) else {
                    fftw_free(r); fftw_free(c)
                    return nil
                }
                return (r, c, f, i)
            }
        guard let (r, c, f, i) = pair else {
            throw .domain(function: "RealFFTPlan", detail: "FFTW could not allocate or plan length \(count)")
        }
        real = r; spectrum = c; forwardPlan = f; inversePlan = i
    }

    deinit {
        let (f, i, r, c) = (forwardPlan, inversePlan, real, spectrum)
        fftwPlanner.withLock { _ in
            fftw_destroy_plan(f); fftw_destroy_plan(i)
            fftw_free(r); fftw_free(c)
        }
    }

    /// The ⌊n/2⌋ + 1 non-redundant coefficients of the forward transform of `input` (length n).
    public func forward(_ input: [Double]) throws(NumericalError) -> [FourierCoefficient] {
        guard input.count == count else {
            throw .domain(function: "RealFFTPlan.forward", detail: "input has \(input.count) values, plan is for \(count)")
        }
        for j in 0..<count { real[j] = input[j] }
        fftw_execute(forwardPlan)
        return (0...(count / 2)).map { FourierCoefficient(spectrum[$0].0, spectrum[$0].1) }
    }

    /// The real signal of length n whose forward transform is `coefficients` (⌊n/2⌋ + 1 values).
    /// The imaginary parts of the DC and (even n) Nyquist terms are ignored, as for any real signal.
    public func inverse(_ coefficients: [FourierCoefficient]) throws(NumericalError) -> [Double] {
        guard coefficients.count == count / 2 + 1 else {
            throw .domain(function: "RealFFTPlan.inverse",
                          detail: "expected \(count / 2 + 1) coefficients, got \(coefficients.count)")
        }
        for (k, z) in coefficients.enumerated() { spectrum[k] = (z.real, z.imaginary) }
        fftw_execute(inversePlan)   // c2r overwrites `spectrum`; it is refilled on every call
        let scale = 1 / Double(count)
        return (0..<count).map { real[$0] * scale }
    }
}

/// One-shot real FFTs; each call plans, executes and destroys. Use ``RealFFTPlan`` in loops.
public enum RealFFT {
    /// See ``RealFFTPlan/forward(_:)``.
    public static func forward(_ input: [Double]) throws(NumericalError) -> [FourierCoefficient] {
        try RealFFTPlan(count: input.count).forward(input)
    }

    /// See ``RealFFTPlan/inverse(_:)``; `count` is the length n of the real signal.
    public static func inverse(_ coefficients: [FourierCoefficient], count: Int) throws(NumericalError) -> [Double] {
        try RealFFTPlan(count: count).inverse(coefficients)
    }
}
