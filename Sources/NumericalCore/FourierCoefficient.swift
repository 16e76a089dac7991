/// One complex Fourier coefficient, laid out as FFTW's `fftw_complex` (real part first). Named
/// for its one use here, so that it cannot clash with a general-purpose `Complex` type (e.g.
/// swift-numerics') imported beside this module.
public struct FourierCoefficient: Sendable, Equatable {
    public var real: Double
    public var imaginary: Double
    public init(_ real: Double, _ imaginary: Double) {
        self.real = real
        self.imaginary = imaginary
    }
    public var magnitudeSquared: Double { real * real + imaginary * imaginary }
}
