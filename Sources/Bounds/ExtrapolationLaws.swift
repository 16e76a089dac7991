import Foundation

/// Scaling laws of RoPE-based extrapolation (Liu, Yan, Zhang, An, Qiu, Lin, ICLR 2024,
/// arXiv 2310.05209; equations as restated in the authors' README, OpenLMLab/scaling-rope).
///
/// The periods T_n = 2π·β^{2n/d} of the channels seen complete during pre-training (length
/// T_train, base β_pre, 10000 in the paper) define the critical dimension; fine-tuning with base
/// β on length T_tune then extrapolates up to T_extra.
public struct ExtrapolationLaws: Sendable, Equatable {
    /// d, the rotary (head) dimension.
    public let headDim: Int
    public let trainLength: Double
    /// The pre-training base (10000 in the paper; replacing it by another base is this tool's
    /// generalisation, tagged [R] in the reference).
    public let pretrainBase: Double

    public init(headDim: Int, trainLength: Double, pretrainBase: Double = 10_000) {
        self.headDim = headDim
        self.trainLength = trainLength
        self.pretrainBase = pretrainBase
    }

    /// d_extra = 2·⌈(d/2)·log_{β_pre}(T_train/2π)⌉ (Lemma 1, eq. 13): the dimensions whose
    /// periods fit in the training length. 92 for d = 128, T_train = 4096.
    /// Clamped to [0, d]. O(1).
    public var criticalDimension: Int {
        let raw = Double(headDim) / 2 * log(trainLength / (2 * .pi)) / log(pretrainBase)
        return min(headDim, max(0, 2 * Int(raw.rounded(.up))))
    }

    /// β₀ = β_pre^{log_{T_train/2π}(T_tune/2π)} (eq. 16a): the critical base for tuning length T_tune.
    public func criticalBase(tuneLength: Double) -> Double {
        pow(pretrainBase, log(tuneLength / (2 * .pi)) / log(trainLength / (2 * .pi)))
    }

    /// T_extra = 2π·β^{d_extra/d} (eq. 16b), valid for bases above β₀: the extrapolation limit
    /// after tuning with base β. For β ≤ β₀ the limit is T_tune itself (eq. 16c).
    public func extrapolationLimit(base: Double) -> Double {
        2 * .pi * pow(base, Double(criticalDimension) / Double(headDim))
    }

    /// The base needed to reach a target length T* by (16b): β = (T*/2π)^{d/d_extra} [R: the
    /// inverse of 16b]. Infinite when d_extra = 0.
    public func baseNeeded(for target: Double) -> Double {
        criticalDimension == 0 ? .infinity : pow(target / (2 * .pi), Double(headDim) / Double(criticalDimension))
    }

    /// d′_extra = 2·⌈(d/2)·log_β(T_tune/2π)⌉ for β ≤ β₀ (eq. 16c).
    public func updatedCriticalDimension(base: Double, tuneLength: Double) -> Int {
        let raw = Double(headDim) / 2 * log(tuneLength / (2 * .pi)) / log(base)
        return min(headDim, max(0, 2 * Int(raw.rounded(.up))))
    }

    /// (β₁, β₂, β₃) = (2T_tune/π, T_tune/π, T_tune/2π) (eq. 16d): below these small bases the
    /// slowest channel turns through π/2, π and 2π within T_tune [R: interpretation].
    public static func smallBases(tuneLength t: Double) -> (Double, Double, Double) {
        (2 * t / .pi, t / .pi, t / (2 * .pi))
    }
}
