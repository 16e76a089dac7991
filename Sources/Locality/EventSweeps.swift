import NumericalCore
import Rotary

/// The four failure events of the uniform-position model at one context (fractions in [0, 1]).
public struct EventRates: Sendable, Equatable {
    public let context: Int
    /// Pairs r₁ < r₂ < L with s(r₁) < s(r₂): the farther copy scores higher.
    public let positionInversion: Double
    /// Pairs r₁ ≠ r₂ whose scores are equal after rounding to the format.
    public let positionAliasing: Double
    /// Positions r < L where two keys' order differs from their order at r = 0.
    public let tokenInversion: Double
    /// Positions r < L where two keys' scores are equal after rounding.
    public let tokenAliasing: Double
}

extension UniformPositionModel {
    /// The four events at every context in `contexts` (each ≤ the largest), from one evaluation
    /// of the scores at the largest context: the events at L use the prefix r < L.
    ///
    /// - Complexity: O(L_max·h) for the scores plus O(L log L) per context for the pair counts.
    /// - Throws: ``Interrupted`` when `progress` asks to stop (checked once per context).
    public static func contextSweep(_ content: ContentModel, inverseFrequencies theta: [Double], contexts: [Int],
                                    format: FloatFormat, progress: ProgressSink? = nil) throws(Interrupted) -> [EventRates] {
        guard let longest = contexts.max() else { return [] }
        precondition(contexts.allSatisfy { $0 >= 2 }, "every context needs at least two positions")
        let (first, second) = content.pairs(dimension: 2 * theta.count)
        let s1 = scores(first, inverseFrequencies: theta, context: longest)
        let s2 = scores(second, inverseFrequencies: theta, context: longest)
        let counter = WorkCounter(total: Double(contexts.reduce(0, +)), sink: progress)
        var out: [EventRates] = []
        for L in contexts {
            let prefix = Array(s1[0..<L])
            let token = tokenEvents(prefix, Array(s2[0..<L]), format: format)
            out.append(EventRates(context: L, positionInversion: inversionRate(prefix), positionAliasing: aliasingRate(prefix, format: format),
                                  tokenInversion: token.inversion, tokenAliasing: token.aliasing))
            try counter.advance(by: Double(L))
        }
        return out
    }

    /// The four events at one context for each base of an unscaled spectrum of rotary dimension d
    /// (the base trade-off).
    ///
    /// - Complexity: O(L·d/2 + L log L) per base.
    /// - Throws: ``Interrupted`` when `progress` asks to stop (checked once per base).
    public static func baseSweep(_ content: ContentModel, rotaryDim d: Int, bases: [Double], context L: Int,
                                 format: FloatFormat, progress: ProgressSink? = nil) throws(Interrupted) -> [EventRates] {
        let counter = WorkCounter(total: Double(bases.count), sink: progress)
        var out: [EventRates] = []
        for b in bases {
            out += try contextSweep(content, inverseFrequencies: RotarySpectrum.standardInverseFrequencies(base: b, rotaryDim: d),
                                    contexts: [L], format: format)
            try counter.advance()
        }
        return out
    }
}
