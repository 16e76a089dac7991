import Foundation

/// A binary floating-point format, with exact round-to-nearest-even emulation from Double.
///
/// A finite nonzero value is ±m·2^{e}, with p = `fractionBits` + 1 significand bits and
/// e ≥ e_min = 1 − bias (below that, subnormals with fixed quantum 2^{e_min − fractionBits}).
public struct FloatFormat: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// What happens to a finite value that rounds beyond the largest finite number.
    public enum Overflow: Sendable, Equatable, Hashable {
        /// IEEE 754: ±∞.
        case infinity
        /// Clamp to ±max (PyTorch's conversion to `float8_e4m3fn`, which has no infinity).
        case saturate
    }

    public let name: String
    /// Explicitly stored fraction (mantissa) bits.
    public let fractionBits: Int
    public let exponentBits: Int
    /// The largest finite value.
    public let maxFinite: Double
    public let overflow: Overflow
    public let hasInfinity: Bool

    public var description: String { name }

    /// e_min = 2 − 2^{exponentBits − 1}: the exponent of the smallest normal number.
    public var minExponent: Int { 2 - (1 << (exponentBits - 1)) }
    public var minNormal: Double { pow(2, Double(minExponent)) }
    public var minSubnormal: Double { pow(2, Double(minExponent - fractionBits)) }
    /// ε_mach = 2^{−fractionBits}: the gap between 1 and the next representable number.
    public var machineEpsilon: Double { pow(2, -Double(fractionBits)) }
    /// u = ε_mach / 2: the largest relative rounding error of round-to-nearest.
    public var unitRoundoff: Double { machineEpsilon / 2 }

    /// Bits one stored element of this format occupies in memory: 1 + exponentBits + fractionBits for
    /// the interchange formats (fp64 64, fp32 32, fp16/bf16 16, fp8 8); tf32 is a tensor-core math
    /// mode applied to float32 tensors (PyTorch has no tf32 dtype, only
    /// `torch.backends.cuda.matmul.allow_tf32` on float32 data), so a tf32 value is stored in 32 bits.
    /// The one definition of storage size: KV caches, recurrent states and weights use it.
    /// Source: derived here. Exact. O(1).
    public var storageBits: Int { self == .tf32 ? 32 : 1 + exponentBits + fractionBits }

    public static let fp64 = FloatFormat(name: "fp64", fractionBits: 52, exponentBits: 11, maxFinite: .greatestFiniteMagnitude, overflow: .infinity, hasInfinity: true)
    public static let fp32 = FloatFormat(name: "fp32", fractionBits: 23, exponentBits: 8, maxFinite: Double(Float.greatestFiniteMagnitude), overflow: .infinity, hasInfinity: true)
    /// NVIDIA TensorFloat-32: fp32's range with fp16's precision.
    public static let tf32 = FloatFormat(name: "tf32", fractionBits: 10, exponentBits: 8, maxFinite: (2 - pow(2, -10)) * pow(2, 127), overflow: .infinity, hasInfinity: true)
    public static let fp16 = FloatFormat(name: "fp16", fractionBits: 10, exponentBits: 5, maxFinite: 65504, overflow: .infinity, hasInfinity: true)
    public static let bf16 = FloatFormat(name: "bf16", fractionBits: 7, exponentBits: 8, maxFinite: (2 - pow(2, -7)) * pow(2, 127), overflow: .infinity, hasInfinity: true)
    /// OCP FP8 E4M3 ("fn"): no infinities, S.1111.111 is NaN, so the largest finite value is 448.
    public static let fp8E4M3 = FloatFormat(name: "fp8-e4m3", fractionBits: 3, exponentBits: 4, maxFinite: 448, overflow: .saturate, hasInfinity: false)
    /// OCP FP8 E5M2: IEEE-like, with infinities; the largest finite value is 57344.
    public static let fp8E5M2 = FloatFormat(name: "fp8-e5m2", fractionBits: 2, exponentBits: 5, maxFinite: 57344, overflow: .infinity, hasInfinity: true)

    public static let all: [FloatFormat] = [.fp64, .fp32, .tf32, .fp16, .bf16, .fp8E4M3, .fp8E5M2]

    /// Looks a format up by name; accepts the usual aliases (float32, bfloat16, e4m3, …).
    public static func named(_ name: String) -> FloatFormat? {
        let aliases: [String: FloatFormat] = [
            "fp64": .fp64, "float64": .fp64, "double": .fp64,
            "fp32": .fp32, "float32": .fp32, "float": .fp32,
            "tf32": .tf32, "tensorfloat32": .tf32,
            "fp16": .fp16, "float16": .fp16, "half": .fp16,
            "bf16": .bf16, "bfloat16": .bf16,
            "fp8-e4m3": .fp8E4M3, "fp8_e4m3": .fp8E4M3, "e4m3": .fp8E4M3, "float8_e4m3fn": .fp8E4M3,
            "fp8-e5m2": .fp8E5M2, "fp8_e5m2": .fp8E5M2, "e5m2": .fp8E5M2, "float8_e5m2": .fp8E5M2,
        ]
        return aliases[name.lowercased()]
    }

    /// x rounded to this format, to nearest with ties to even, as a Double.
    ///
    /// - Accuracy: exact (every step is an exact power-of-two scaling or an integer rounding of a
    ///   Double); NaN stays NaN, ±0 keeps its sign, subnormals are rounded on their fixed grid.
    /// - Complexity: O(1).
    public func round(_ x: Double) -> Double {
        guard x.isFinite else {
            if x.isNaN || hasInfinity { return x }
            return x > 0 ? maxFinite : -maxFinite
        }
        if x == 0 || fractionBits >= 52 && exponentBits >= 11 { return x }
        let magnitude = Swift.abs(x)
        let exponent = max(Int(magnitude.exponent), minExponent)
        let quantum = Double(sign: .plus, exponent: exponent - fractionBits, significand: 1)
        let rounded = (magnitude / quantum).rounded(.toNearestOrEven) * quantum
        let result: Double
        if rounded > maxFinite {
            result = overflow == .infinity ? .infinity : maxFinite
        } else {
            result = rounded
        }
        return x < 0 ? -result : result
    }

    /// The spacing of representable numbers at x (the quantum of its binade): ulp(x).
    public func ulp(_ x: Double) -> Double {
        let exponent = max(Int(Swift.abs(x).exponent), minExponent)
        return x == 0 ? minSubnormal : Double(sign: .plus, exponent: exponent - fractionBits, significand: 1)
    }
}
