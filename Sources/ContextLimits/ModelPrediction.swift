import Bounds
import NumericalCore

/// What `check` answers for one model: every bound at the checked context (``ModelReport``), how
/// far each goes (``BoundReach``) and its threshold in rope_theta (``RopeThetaThresholds``).
public struct ModelPrediction: Sendable {
    public let report: ModelReport
    public let reach: BoundReach
    public let thresholds: RopeThetaThresholds

    public var input: ModelInput { report.input }
    public var context: Int { report.context }

    /// - Parameters:
    ///   - horizon: how far the reach is searched (2²⁷ tokens by default).
    ///   - kernelThreshold: also search the kernel's smallest valid rope_theta (a certified walk).
    /// - Throws: ``ModelReport/Failure`` (no rotary layers, or interrupted).
    public init(input: ModelInput, context L: Int, settings: BoundSettings = BoundSettings(), horizon: Int = BoundReach.defaultHorizon,
                kernelThreshold: Bool = true, progress: ProgressSink? = nil) throws(ModelReport.Failure) {
        report = try ModelReport(input: input, context: L, settings: settings, progress: progress?.stage(0, 0.2))
        do {
            reach = try BoundReach(input: input, settings: settings, horizon: horizon, checkedContext: L, progress: progress?.stage(0.2, 0.4))
            thresholds = try RopeThetaThresholds(input: input, context: L, settings: settings, includeKernel: kernelThreshold,
                                                 progress: progress?.stage(0.6, 0.4))
        } catch { throw .interrupted }
    }
}
