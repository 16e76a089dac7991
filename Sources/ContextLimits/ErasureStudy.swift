import Bounds
import NumericalCore
import Rotary

/// The positional-erasure study of one rotary layer type: its angles m·θ over positions
/// 0 … L−1 computed five ways (fp32 as transformers does, directly in the narrow format, fp32 cast
/// to it, reduced mod 2π in fp64 then rounded, exact with cos/sin rounded) and compared with
/// float64. The one typed result `ctxlimits erasure` prints and the report page draws.
public struct ErasureStudy: Sendable {
    /// The model (or parameter set) the spectrum belongs to.
    public let model: String
    /// The layer type simulated, with its spectrum at ``context``.
    public let group: GroupSpectrum
    /// Positions 0 … context−1 are simulated.
    public let context: Int
    /// The narrow format of the variants (fp32 is always simulated too).
    public let format: FloatFormat
    /// One simulation per variant, in ``computations(_:)`` order.
    public let runs: [ErasureSimulation]

    /// The rotated channels' inverse frequencies θ the angles are computed from.
    public var inverseFrequencies: [Double] { group.spectrum.rotatedInverseFrequencies }

    /// The variants simulated for `format`: fp32 angles; for a format other than fp32 also angles
    /// computed in it and fp32 angles cast to it; then angles reduced mod 2π in fp64 and rounded to
    /// it, and exact angles with cos/sin rounded to it.
    public static func computations(_ format: FloatFormat) -> [AngleComputation] {
        var variants: [AngleComputation] = [.direct(.fp32)]
        if format != .fp32 { variants += [.direct(format), .cast(compute: .fp32, storage: format)] }
        return variants + [.reduced(format), .cosSin(format)]
    }

    /// The number of angles a study computes: variants × positions × channels (what sets its run
    /// time, about 2^35 per minute on two cores).
    public static func angleCount(channels: Int, context L: Int, format: FloatFormat) -> Double {
        Double(computations(format).count) * Double(L) * Double(channels)
    }

    /// Simulates every variant of ``computations(_:)`` for `group`'s rotated channels over
    /// positions 0 … L−1 (``PositionalErasure/simulate(inverseFrequencies:context:computation:progress:)``).
    ///
    /// - Complexity: O(variants·L·d/2), the variants one after another.
    /// - Throws: ``Interrupted`` when `progress` asks to stop.
    public init(model: String, group: GroupSpectrum, context L: Int, format: FloatFormat, progress: ProgressSink? = nil) throws(Interrupted) {
        self.model = model
        self.group = group
        self.context = L
        self.format = format
        let theta = group.spectrum.rotatedInverseFrequencies
        let variants = Self.computations(format)
        runs = try variants.enumerated().map { (i, v) throws(Interrupted) in
            try PositionalErasure.simulate(inverseFrequencies: theta, context: L, computation: v,
                                           progress: progress?.stage(Double(i) / Double(variants.count), 1 / Double(variants.count)))
        }
    }
}
