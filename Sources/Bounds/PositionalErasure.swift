import Foundation
import NumericalCore
import Rotary

/// Positional erasure in finite precision (beyond Liu 2026, derived and simulated here): how real
/// implementations compute RoPE angles, and the first positions at which consecutive tokens get
/// identical rotations.
public enum AngleComputation: Sendable, Equatable, CustomStringConvertible {
    /// Positions, inverse frequencies and their product all in one format:
    /// angle = fl(fl(m)·fl(θ)). HF computes `inv_freq @ position_ids` this way in float32.
    case direct(FloatFormat)
    /// The angle computed directly in `compute`, then rounded to `storage` before cos/sin
    /// (e.g. fp32 angles cast to bf16).
    case cast(compute: FloatFormat, storage: FloatFormat)
    /// The angle m·θ reduced modulo 2π in float64, then rounded to the format.
    case reduced(FloatFormat)
    /// The exact angle; cos and sin rounded to the format (a bf16 cos/sin cache).
    case cosSin(FloatFormat)

    public var description: String {
        switch self {
        case let .direct(f): return "angle in \(f.name)"
        case let .cast(c, s): return "angle in \(c.name), cast to \(s.name)"
        case let .reduced(f): return "angle mod 2π in fp64, then \(f.name)"
        case let .cosSin(f): return "exact angle, cos/sin in \(f.name)"
        }
    }

    /// The window in which consecutive angles start to coincide, by a closed form derived here.
    /// A direct or cast angle x = fl(m·θ) has spacing ulp(x) ∈ (x·2^{−p−1}, x·2^{−p}] (p = stored
    /// fraction bits); m and m + 1 can share a rounded angle only if θ < ulp(m·θ), which needs
    /// m > 2^p, and is possible for every θ once m ≥ 2^{p+1} (where m itself stops being
    /// representable). So the first collision lies in [2^p, 2^{p+1}], whatever the base: the
    /// "precision wall" of direct angle computation is a position, not a base. Reduction modulo 2π
    /// removes it (nil).
    public var collisionWindow: ClosedRange<Double>? {
        let p: Int
        switch self {
        case let .direct(f): p = f.fractionBits
        case let .cast(_, s): p = s.fractionBits
        case .reduced, .cosSin: return nil
        }
        return pow(2, Double(p))...pow(2, Double(p + 1))
    }

    /// A bound on the phase error of a direct angle at position m: |fl(fl(m)·fl(θ)) − m·θ| ≤
    /// 2u·m·θ_max for m exact in the format (u = 2^{−p−1} its unit roundoff): one rounding of θ and
    /// one of the product, each at most u relative (derived here; second-order terms u² dropped).
    /// nil for variants that are not direct angle products. O(1).
    public func phaseErrorBound(position m: Double, maxInverseFrequency thetaMax: Double) -> Double? {
        guard case let .direct(f) = self else { return nil }
        return 2 * f.unitRoundoff * m * thetaMax
    }
}

/// The result of simulating every position 0 … L−1 of every channel.
public struct ErasureSimulation: Sendable {
    public let computation: AngleComputation
    public let context: Int
    public let inverseFrequencies: [Double]
    /// Per channel: the first m ≥ 1 with rotation(m) == rotation(m − 1), nil if none below L.
    public let firstCollision: [Int?]
    /// Per channel: the largest |phase error| against float64 over m < L (rad).
    public let maxPhaseError: [Double]
    /// Checkpoints m and the largest phase error over all channels and all positions ≤ m.
    public let errorGrowth: [(position: Int, error: Double)]

    /// The earliest collision over all channels.
    public var firstCollisionOverall: Int? { firstCollision.compactMap { $0 }.min() }
    /// Channels whose rotation has collided somewhere below L.
    public var erasedChannels: Int { firstCollision.compactMap { $0 }.count }
}

public enum PositionalErasure {
    /// Positions per parallel task (a multiple of the cos/sin re-anchoring period 1024).
    static let positionBlock = 1 << 20

    /// Simulates positions 0 … L−1 of every channel under `computation`.
    ///
    /// Phase error: the emulated angle minus the exact m·θ (θ the float64 inverse frequency; m·θ
    /// carried exactly as p + e with e = fma(m, θ, −p)); for `reduced`, the error of rounding the
    /// float64-reduced angle; for `cosSin`, the chord |(ĉ, ŝ) − (c, s)| of the rounded pair, an
    /// angle error to first order. Rounding is exact (hardware float32, bit-exact bf16 from
    /// float32, ``FloatFormat/round(_:)`` otherwise, eight channels at a time: ``LaneRounding``).
    ///
    /// Work is split into tasks of eight channels × ``positionBlock`` positions (``ErasureLanes``),
    /// merged in order: a collision at a block's first position is found from the previous block's
    /// last rotation, and the running maxima from per-interval maxima, so the result is the same
    /// for every split and every thread count.
    ///
    /// - Complexity: O(L·d/2), about one fused multiply-add's worth of vector work per angle,
    ///   spread over `threads` workers (see `ctxlimits bench` for timings); O(d·L/2²⁰) memory.
    /// - Throws: ``Interrupted`` when `progress` asks to stop.
    public static func simulate(inverseFrequencies theta: [Double], context L: Int, computation: AngleComputation,
                                checkpoints: Int = 48, threads: Int = Parallel.defaultThreads,
                                progress: ProgressSink? = nil) throws(Interrupted) -> ErasureSimulation {
        try simulate(inverseFrequencies: theta, context: L, computation: computation, checkpoints: checkpoints, threads: threads,
                     progress: progress, positionBlock: positionBlock)
    }

    /// The same with another task length (a multiple of 1024; tests use short ones to cross blocks).
    static func simulate(inverseFrequencies theta: [Double], context L: Int, computation: AngleComputation,
                         checkpoints: Int, threads: Int, progress: ProgressSink?,
                         positionBlock: Int) throws(Interrupted) -> ErasureSimulation {
        precondition(L >= 2, "need at least two positions")
        precondition(positionBlock > 0 && positionBlock % 1024 == 0, "task blocks are whole re-anchoring periods")
        precondition(!theta.isEmpty, "need at least one channel")
        let marks = checkpointPositions(L, checkpoints)
        let groups = (theta.count + 7) / 8
        let blocks = (L + positionBlock - 1) / positionBlock
        let counter = WorkCounter(total: Double(groups * blocks), sink: progress)
        let parts = try Parallel.map(groups * blocks, threads: threads) { (t: Int) throws(Interrupted) -> ErasureLanes.Block in
            let (g, b) = (t / blocks, t % blocks)
            // Lanes past the last channel repeat it; their results are dropped.
            var lanes = SIMD8<Double>.zero
            for lane in 0..<8 { lanes[lane] = theta[min(8 * g + lane, theta.count - 1)] }
            let block = simulateBlock(ErasureLanes(theta: lanes, marks: marks), computation,
                                      start: b * positionBlock, end: min(L, (b + 1) * positionBlock))
            try counter.advance()
            return block
        }
        var collision = [Int?](repeating: nil, count: theta.count)
        var intervalMaxima = [[Double]](repeating: [Double](repeating: 0, count: marks.count), count: theta.count)
        for g in 0..<groups {
            for b in 0..<blocks {
                let block = parts[g * blocks + b]
                let previous = b > 0 ? parts[g * blocks + b - 1].last : nil
                for lane in 0..<8 where 8 * g + lane < theta.count {
                    let k = 8 * g + lane
                    if collision[k] == nil, let (a, c) = previous,
                       a[lane].bitPattern == block.first.0[lane].bitPattern, c[lane].bitPattern == block.first.1[lane].bitPattern {
                        collision[k] = block.start
                    }
                    if collision[k] == nil, block.collision[lane] != 0 { collision[k] = Int(block.collision[lane]) }
                    for (i, value) in block.maxima { intervalMaxima[k][i] = max(intervalMaxima[k][i], value[lane]) }
                }
            }
        }
        // Running maxima at the checkpoints; the cos/sin variant's measure is the squared chord.
        let isSquared: Bool = if case .cosSin = computation { true } else { false }
        let growthByChannel: [[Double]] = intervalMaxima.map { maxima in
            var running = 0.0
            return maxima.map { running = max(running, $0); return isSquared ? running.squareRoot() : running }
        }
        let growth = marks.enumerated().map { i, m in (m, growthByChannel.map { $0[i] }.max() ?? 0) }
        return ErasureSimulation(computation: computation, context: L, inverseFrequencies: theta,
                                 firstCollision: collision, maxPhaseError: growthByChannel.map { $0.last ?? 0 },
                                 errorGrowth: growth)
    }

    /// Log-spaced positions 1 … L−1 at which the running maximum error is recorded; the last is L − 1.
    static func checkpointPositions(_ L: Int, _ count: Int) -> [Int] {
        let top = log(Double(L - 1))
        return Array(Set((0..<count).map { min(max(Int(exp(top * Double($0 + 1) / Double(count)).rounded()), 1), L - 1) })).sorted()
    }

    /// One task: eight channels over positions [start, end), with the loop specialised for the
    /// computation's formats.
    static func simulateBlock(_ lanes: ErasureLanes, _ computation: AngleComputation, start: Int, end: Int) -> ErasureLanes.Block {
        switch computation {
        case let .direct(f): return direct(lanes, start, end, compute: f, storage: .fp64)
        case let .cast(c, s): return direct(lanes, start, end, compute: c, storage: s)
        case let .reduced(f):
            switch f {
            case .fp64: return lanes.reduced(start: start, end: end, round: ExactLanes())
            case .fp32: return lanes.reduced(start: start, end: end, round: Float32Lanes())
            default: return lanes.reduced(start: start, end: end, round: FormatLanes(f))
            }
        case let .cosSin(f):
            switch f {
            case .fp64: return lanes.cosSin(start: start, end: end, round: ExactLanes())
            case .fp32: return lanes.cosSin(start: start, end: end, round: Float32Lanes())
            default: return lanes.cosSin(start: start, end: end, round: FormatLanes(f))
            }
        }
    }

    /// The direct loop specialised per (compute, storage) pair. A bf16 compute or storage rounds the
    /// float32 value to bf16 (the float32 tensor cast), as torch does.
    static func direct(_ lanes: ErasureLanes, _ start: Int, _ end: Int, compute: FloatFormat, storage: FloatFormat) -> ErasureLanes.Block {
        switch (compute, storage) {
        case (.fp32, .fp64): return lanes.direct(start: start, end: end, compute: Float32Lanes(), store: ExactLanes())
        case (.fp32, .bf16): return lanes.direct(start: start, end: end, compute: Float32Lanes(), store: BFloat16OfFloat32Lanes())
        case (.bf16, .fp64): return lanes.direct(start: start, end: end, compute: BFloat16OfFloat32Lanes(), store: ExactLanes())
        case (.fp64, .fp64): return lanes.direct(start: start, end: end, compute: ExactLanes(), store: ExactLanes())
        case (_, .fp64): return lanes.direct(start: start, end: end, compute: FormatLanes(compute), store: ExactLanes())
        case (.fp64, _): return lanes.direct(start: start, end: end, compute: ExactLanes(), store: FormatLanes(storage))
        default: return lanes.direct(start: start, end: end, compute: FormatLanes(compute), store: FormatLanes(storage))
        }
    }
}
