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
    /// Simulates positions 0 … L−1 of every channel under `computation`.
    ///
    /// Phase error: the emulated angle minus the exact m·θ (θ the float64 inverse frequency; m·θ
    /// carried exactly as p + e with e = fma(m, θ, −p)); for `reduced`, the error of rounding the
    /// float64-reduced angle; for `cosSin`, the chord |(ĉ, ŝ) − (cos, sin)| of the rounded pair, an
    /// angle error to first order. Rounding is exact (hardware float32, bit-exact bf16 from
    /// float32, ``FloatFormat/round(_:)`` otherwise).
    ///
    /// - Complexity: O(L·d/2), channels spread over `threads` workers (see `ctxlimits bench` for
    ///   timings); identical results for every thread count.
    /// - Throws: ``Interrupted`` when `progress` asks to stop.
    public static func simulate(inverseFrequencies theta: [Double], context L: Int, computation: AngleComputation,
                                checkpoints: Int = 48, threads: Int = Parallel.defaultThreads,
                                progress: ProgressSink? = nil) throws(Interrupted) -> ErasureSimulation {
        precondition(L >= 2, "need at least two positions")
        let marks = checkpointPositions(L, checkpoints)
        let counter = WorkCounter(total: Double(theta.count), sink: progress)
        let channels = try Parallel.map(theta.count, threads: threads) { (k: Int) throws(Interrupted) -> Channel in
            let channel = simulateChannel(theta[k], L: L, computation: computation, marks: marks)
            try counter.advance()
            return channel
        }
        let growth = marks.enumerated().map { i, m in (m, channels.map { $0.growth[i] }.max() ?? 0) }
        return ErasureSimulation(computation: computation, context: L, inverseFrequencies: theta,
                                 firstCollision: channels.map(\.collision), maxPhaseError: channels.map(\.maxError),
                                 errorGrowth: growth)
    }

    /// Log-spaced positions 1 … L−1 at which the running maximum error is recorded; the last is L − 1.
    static func checkpointPositions(_ L: Int, _ count: Int) -> [Int] {
        let top = log(Double(L - 1))
        return Array(Set((0..<count).map { min(max(Int(exp(top * Double($0 + 1) / Double(count)).rounded()), 1), L - 1) })).sorted()
    }

    /// One channel's simulation.
    struct Channel {
        var collision: Int?
        var maxError = 0.0
        var growth: [Double] = []
    }

    // MARK: rounding, specialised per format so the inner loops inline it

    protocol Rounding { func callAsFunction(_ x: Double) -> Double }
    struct Exact: Rounding { @inline(__always) func callAsFunction(_ x: Double) -> Double { x } }
    struct ToFloat32: Rounding { @inline(__always) func callAsFunction(_ x: Double) -> Double { Double(Float(x)) } }
    /// bf16 by round-to-nearest-even on the top 16 bits of a float32: exact for the
    /// float32-representable values it is applied to here.
    struct ToBFloat16: Rounding {
        @inline(__always) func callAsFunction(_ x: Double) -> Double {
            let f = Float(x)
            guard f.isFinite else { return Double(f) }
            let bits = f.bitPattern
            return Double(Float(bitPattern: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000))
        }
    }
    struct ToFormat: Rounding {
        let format: FloatFormat
        func callAsFunction(_ x: Double) -> Double { format.round(x) }
    }

    static func simulateChannel(_ theta: Double, L: Int, computation: AngleComputation, marks: [Int]) -> Channel {
        switch computation {
        case let .direct(f): return direct(theta, L, marks, compute: f, storage: .fp64)
        case let .cast(c, s): return direct(theta, L, marks, compute: c, storage: s)
        case let .reduced(f):
            let twoPi = 2 * Double.pi
            let round = ToFormat(format: f)
            return scan(L, marks) { m in
                let x = (Double(m) * theta).truncatingRemainder(dividingBy: twoPi)
                let angle = round(x)
                return (angle, 0, abs(angle - x))
            }
        case let .cosSin(f):
            // cos/sin of m·θ by rotation, re-anchored accurately every 1024 steps.
            let (c1, s1) = (cos(theta), sin(theta))
            var c = 1.0, s = 0.0
            let round = ToFormat(format: f)
            return scan(L, marks) { m in
                if m == 0 { (c, s) = (1, 0) } else if m % 1024 == 0 { (c, s) = accurateCosSin(m, theta) } else { (c, s) = (c * c1 - s * s1, s * c1 + c * s1) }
                let (rc, rs) = (round(c), round(s))
                let (dc, ds) = (rc - c, rs - s)
                return (rc, rs, (dc * dc + ds * ds).squareRoot())
            }
        }
    }

    /// The generic position loop: `rotation(m)` gives the rotation's two stored numbers and the
    /// phase error at m.
    static func scan(_ L: Int, _ marks: [Int], _ rotation: (Int) -> (Double, Double, Double)) -> Channel {
        var channel = Channel()
        let origin = rotation(0)
        var previous = (origin.0, origin.1)
        var next = 0
        for m in 1..<L {
            let (a, b, error) = rotation(m)
            if channel.collision == nil, a == previous.0, b == previous.1 { channel.collision = m }
            previous = (a, b)
            channel.maxError = max(channel.maxError, error)
            while next < marks.count, marks[next] == m { channel.growth.append(channel.maxError); next += 1 }
        }
        return channel
    }

    static func direct(_ theta: Double, _ L: Int, _ marks: [Int], compute: FloatFormat, storage: FloatFormat) -> Channel {
        switch (compute, storage) {
        case (.fp32, .fp64): return directLoop(theta, L, marks, ToFloat32(), Exact())
        case (.fp32, .bf16): return directLoop(theta, L, marks, ToFloat32(), ToBFloat16())
        case (.bf16, .fp64): return directLoop(theta, L, marks, ToBFloat16(), Exact())
        case (.fp64, .fp64): return directLoop(theta, L, marks, Exact(), Exact())
        case (_, .fp64): return directLoop(theta, L, marks, ToFormat(format: compute), Exact())
        default: return directLoop(theta, L, marks, ToFormat(format: compute), ToFormat(format: storage))
        }
    }

    /// angle = store(fl(fl(m)·fl(θ))): fl(m) and fl(θ) multiply exactly in float64 for formats of
    /// at most 26 significand bits, so one more rounding gives the format's product.
    @inline(__always)
    static func directLoop<C: Rounding, S: Rounding>(_ theta: Double, _ L: Int, _ marks: [Int], _ compute: C, _ store: S) -> Channel {
        var channel = Channel()
        let thetaF = compute(theta)
        var previous = 0.0, maxError = 0.0
        var collision = Int.max
        var start = 1
        for mark in marks {            // the last mark is L − 1
            for m in start...mark {
                let mm = Double(m)
                let angle = store(compute(compute(mm) * thetaF))
                collision = min(collision, angle == previous ? m : Int.max)     // branch-free: keeps the loop tight
                previous = angle
                let p = mm * theta
                let e = (-p).addingProduct(mm, theta)      // m·θ = p + e exactly
                maxError = max(maxError, abs((angle - p) - e))
            }
            channel.growth.append(maxError)
            start = mark + 1
        }
        channel.collision = collision == Int.max ? nil : collision
        channel.maxError = maxError
        return channel
    }
}
