import Foundation

/// Where the base trade-off shows in a base sweep: the ranges of bases over which position
/// inversion rises while token inversion falls (each rate smoothed by a 3-point moving average,
/// so that one noisy base does not open or close a range), and the last base where the position
/// rate overtakes the token rate. Presentation of measured rates, nothing computed beyond them.
enum TradeOffRegions {
    /// Moves smaller than this (in rate) count as flat.
    static let flat = 0.002
    /// Shorter runs (one quarter-decade step) are within the noise of the draws.
    static let minimumRun = 2

    static func smoothed(_ v: [Double]) -> [Double] {
        v.indices.map { i in
            let window = v[max(0, i - 1)...min(v.count - 1, i + 1)]
            return window.reduce(0, +) / Double(window.count)
        }
    }

    /// Runs of at least ``minimumRun`` consecutive base intervals [bᵢ, bᵢ₊₁] where the smoothed
    /// position rate rises and the smoothed token rate falls, each by more than ``flat``.
    static func find(bases: [Double], position: [Double], token: [Double]) -> [ClosedRange<Double>] {
        precondition(bases.count == position.count && bases.count == token.count)
        guard bases.count >= 2 else { return [] }
        let p = smoothed(position), t = smoothed(token)
        var runs: [ClosedRange<Double>] = []
        var start: Int?
        for i in 0..<(bases.count - 1) {
            let apart = p[i + 1] - p[i] > flat && t[i + 1] - t[i] < -flat
            if apart, start == nil { start = i }
            if !apart, let s = start {
                if i - s >= minimumRun { runs.append(bases[s]...bases[i]) }
                start = nil
            }
        }
        if let s = start, bases.count - 1 - s >= minimumRun { runs.append(bases[s]...bases[bases.count - 1]) }
        return runs
    }

    /// The base (log-interpolated) where position − token last changes sign from ≤ 0 to > 0.
    static func lastCrossing(bases: [Double], position: [Double], token: [Double]) -> Double? {
        var found: Double?
        for i in 0..<max(0, bases.count - 1) {
            let a = position[i] - token[i], b = position[i + 1] - token[i + 1]
            if a <= 0, b > 0 {
                let f = a == b ? 0 : a / (a - b)
                found = exp(log(bases[i]) + f * (log(bases[i + 1]) - log(bases[i])))
            }
        }
        return found
    }

    /// A base rounded to two significant figures, for a title.
    static func rounded(_ b: Double) -> Double {
        let scale = pow(10, floor(log10(b)) - 1)
        return (b / scale).rounded() * scale
    }
}
