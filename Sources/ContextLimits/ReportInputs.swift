import Bounds
import NumericalCore
import Rotary

/// Everything the report page of a model with rotary layers shows, computed once from the check's
/// prediction: the prediction itself, the kernel of each layer type (with the prediction's own
/// minima) and the erasure study of the dominant layer type. The page presents these values and
/// runs no analysis of its own.
public struct ReportInputs: Sendable {
    /// Positions the erasure study simulates at most (the full range is `ctxlimits erasure CONFIG --context L`).
    public static let erasurePositions = 1 << 20
    /// The narrow format of the page's erasure study.
    public static let erasureFormat = FloatFormat.bf16
    /// Sampled distances of the kernel study (its envelope evaluates every distance).
    public static let kernelPoints = 2000

    /// The check's result: the verdict, every bound, the reach and thresholds.
    public let prediction: ModelPrediction
    /// The kernel of every rotary layer type at its span, its minima the prediction's.
    public let kernel: KernelStudy
    /// The erasure study over positions 0 … min(L, ``erasurePositions``) − 1 of the dominant layer
    /// type's spectrum at the checked context L; nil when that is fewer than two positions.
    public let erasure: ErasureStudy?

    /// - Complexity: O(span·d/2) per layer type for the kernel's envelope (and first negative
    ///   distance where it fails), O(5·min(L, 2^20)·d/2) for the erasure study.
    /// - Throws: ``ModelReport/Failure/interrupted`` when `progress` asks to stop.
    public init(prediction p: ModelPrediction, progress: ProgressSink? = nil) throws(ModelReport.Failure) {
        prediction = p
        let groups = p.report.groups
        let positions = min(p.context, Self.erasurePositions)
        do {
            kernel = try KernelStudy(spectra: groups.map(\.spectrum), minima: groups.map(\.kernel), points: Self.kernelPoints,
                                     progress: progress?.stage(0, 0.5))
            if positions >= 2, let dominant = GroupSpectrum.dominant(groups.map(\.spectrum)) {
                erasure = try ErasureStudy(model: p.input.name, group: dominant, context: positions, format: Self.erasureFormat,
                                           progress: progress?.stage(0.5, 0.5))
            } else {
                erasure = nil
            }
        } catch { throw .interrupted }
    }
}
