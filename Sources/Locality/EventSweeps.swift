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
    /// p̂_rev = Φ(−μ_D/σ_D): the normal predictor of the token inversion from the exact moments of
    /// the score difference over r < L (``UniformPositionModel/reversalPredictor(_:inverseFrequencies:context:)``).
    public let tokenInversionPredicted: Double
    /// Which pairs the position inversion compares.
    public let positionProtocol: PositionProtocol
}

extension UniformPositionModel {
    /// The four events at every context in `contexts` (each ≤ the largest), from one evaluation
    /// of the scores at the largest context: the events at L use the prefix r < L.
    ///
    /// - Complexity: O(L_max·h) for the scores plus O(L log L) per context for the pair counts,
    ///   each parallel on `threads` workers (exact integer counts and fixed chunks: the same rates
    ///   for every thread count).
    /// - Throws: ``Interrupted`` when `progress` asks to stop (checked once per context).
    ///   - positionProtocol: which pairs the position inversion compares (the intervals protocol
    ///     reads distances up to 3L).
    public static func contextSweep(_ content: ContentModel, inverseFrequencies theta: [Double], contexts: [Int],
                                    format: FloatFormat, positionProtocol: PositionProtocol = .allPairs,
                                    threads: Int = Parallel.defaultThreads,
                                    progress: ProgressSink? = nil) throws(Interrupted) -> [EventRates] {
        guard let longest = contexts.max() else { return [] }
        precondition(contexts.allSatisfy { $0 >= 2 }, "every context needs at least two positions")
        let (first, second) = content.pairs(dimension: 2 * theta.count)
        let s1 = scores(first, inverseFrequencies: theta, context: positionProtocol.span(longest), threads: threads)
        let s2 = scores(second, inverseFrequencies: theta, context: longest, threads: threads)
        let difference = ContentPair.difference(first, second)
        let counter = WorkCounter(total: Double(contexts.reduce(0, +)), sink: progress)
        var out: [EventRates] = []
        for L in contexts {
            let prefix = Array(s1[0..<L])
            let token = tokenEvents(prefix, Array(s2[0..<L]), format: format, threads: threads)
            out.append(EventRates(context: L, positionInversion: positionProtocol.inversionRate(s1, context: L, threads: threads),
                                  positionAliasing: aliasingRate(prefix, format: format, threads: threads),
                                  tokenInversion: token.inversion, tokenAliasing: token.aliasing,
                                  tokenInversionPredicted: reversalPredictor(difference, inverseFrequencies: theta, context: L),
                                  positionProtocol: positionProtocol))
            try counter.advance(by: Double(L))
        }
        return out
    }

    /// The four events at one context for each base of an unscaled spectrum of rotary dimension d
    /// (the base trade-off), bases in parallel on `threads` workers (each base's sweep on one; the
    /// result is the same for every thread count).
    ///
    /// - Complexity: O(L·d/2 + L log L) per base.
    /// - Throws: ``Interrupted`` when `progress` asks to stop (checked once per base).
    public static func baseSweep(_ content: ContentModel, rotaryDim d: Int, bases: [Double], context L: Int,
                                 format: FloatFormat, positionProtocol: PositionProtocol = .allPairs,
                                 threads: Int = Parallel.defaultThreads,
                                 progress: ProgressSink? = nil) throws(Interrupted) -> [EventRates] {
        let counter = WorkCounter(total: Double(bases.count), sink: progress)
        // Few bases: each sweep gets every worker; many: one base per worker.
        let inner = bases.count >= threads ? 1 : threads
        let rows = try Parallel.map(bases.count, threads: threads) { (i: Int) throws(Interrupted) -> [EventRates] in
            let rates = try contextSweep(content, inverseFrequencies: RotarySpectrum.standardInverseFrequencies(base: bases[i], rotaryDim: d),
                                         contexts: [L], format: format, positionProtocol: positionProtocol, threads: inner)
            try counter.advance()
            return rates
        }
        return rows.flatMap { $0 }
    }
}
