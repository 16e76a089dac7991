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
    /// The normal predictor of the position inversion (``UniformPositionModel/positionInversionPredictor(_:inverseFrequencies:context:protocol:)``):
    /// nil under the all-pairs protocol.
    public let positionInversionPredicted: Double?
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
                                  positionInversionPredicted: positionInversionPredictor(first, inverseFrequencies: theta, context: L, protocol: positionProtocol),
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

/// The mean and standard error of the four events over several content draws.
public struct EventRatesSpread: Sendable {
    public let mean: EventRates
    /// The standard error of each mean, s/√n (0 for one draw).
    public let standardError: EventRates
    public let draws: Int

    public init(mean: EventRates, standardError: EventRates, draws: Int) {
        self.mean = mean
        self.standardError = standardError
        self.draws = draws
    }

    /// One draw: no spread.
    public init(single e: EventRates) {
        self.init(mean: e, standardError: EventRates(context: e.context, positionInversion: 0, positionAliasing: 0, tokenInversion: 0, tokenAliasing: 0,
                                                     tokenInversionPredicted: 0, positionInversionPredicted: e.positionInversionPredicted.map { _ in 0 },
                                                     positionProtocol: e.positionProtocol), draws: 1)
    }
}

extension UniformPositionModel {
    /// ``contextSweep(_:inverseFrequencies:contexts:format:positionProtocol:progress:)`` for Gaussian
    /// content drawn with each seed of `seeds` (ρ fixed): the mean of each event and its standard
    /// error over the draws, so that a trend can be told from the noise of one draw.
    ///
    /// - Complexity: `seeds.count` context sweeps.
    /// - Throws: ``Interrupted`` when `progress` asks to stop.
    public static func seedSweep(rho: Double, seeds: [UInt64], inverseFrequencies theta: [Double], contexts: [Int], format: FloatFormat,
                                 positionProtocol: PositionProtocol = .allPairs, progress: ProgressSink? = nil) throws(Interrupted) -> [EventRatesSpread] {
        precondition(!seeds.isEmpty)
        var runs: [[EventRates]] = []
        for (i, seed) in seeds.enumerated() {
            runs.append(try contextSweep(.gaussian(rho: rho, seed: seed), inverseFrequencies: theta, contexts: contexts, format: format,
                                         positionProtocol: positionProtocol,
                                         progress: progress?.stage(Double(i) / Double(seeds.count), 1 / Double(seeds.count))))
        }
        return contexts.indices.map { c in
            let rows = runs.map { $0[c] }
            func stats(_ key: KeyPath<EventRates, Double>) -> (Double, Double) {
                let xs = rows.map { $0[keyPath: key] }, n = Double(xs.count)
                let mean = xs.reduce(0, +) / n
                let variance = xs.count > 1 ? xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
                return (mean, (variance / n).squareRoot())
            }
            let pi = stats(\.positionInversion), pa = stats(\.positionAliasing), ti = stats(\.tokenInversion)
            let ta = stats(\.tokenAliasing), tp = stats(\.tokenInversionPredicted)
            let pp: (Double, Double)? = rows[0].positionInversionPredicted == nil ? nil : stats(\.positionInversionPredictedValue)
            return EventRatesSpread(
                mean: EventRates(context: contexts[c], positionInversion: pi.0, positionAliasing: pa.0, tokenInversion: ti.0, tokenAliasing: ta.0,
                                 tokenInversionPredicted: tp.0, positionInversionPredicted: pp?.0, positionProtocol: positionProtocol),
                standardError: EventRates(context: contexts[c], positionInversion: pi.1, positionAliasing: pa.1, tokenInversion: ti.1, tokenAliasing: ta.1,
                                          tokenInversionPredicted: tp.1, positionInversionPredicted: pp?.1, positionProtocol: positionProtocol),
                draws: seeds.count)
        }
    }
}

extension EventRates {
    /// ``positionInversionPredicted`` or NaN, for averaging.
    var positionInversionPredictedValue: Double { positionInversionPredicted ?? .nan }
}
