import Rotary

/// The secondary account's law for token aliasing (Du et al. 2026, Theorem 4 as a third-party
/// summary states it, finite-window.md (B) [S]): the number of positions r < M at which two keys'
/// scores are equal after rounding to a format with f fraction bits is Θ(2^−f·√h·M), i.e. the rate
/// is about C·2^−f·√h for some constant C the summary does not give.
///
/// This fits C to the simulated rates (``UniformPositionModel/tokenEvents(_:_:format:)``) by least
/// squares through the origin, C = Σ rᵢxᵢ / Σ xᵢ² with xᵢ = 2^−fᵢ·√hᵢ, and reports each point's own
/// ratio rᵢ/xᵢ so that the spread shows how well the Θ form holds. Secondary, so labelled.
public enum TokenAliasingLaw {
    public struct Point: Sendable {
        public let halfDimension: Int
        public let format: FloatFormat
        public let context: Int
        public let rate: Double
        /// 2^−f·√h.
        public var predictor: Double { Double(halfDimension).squareRoot() / Double(1 << format.fractionBits) }
        /// rate / (2^−f·√h).
        public var ratio: Double { rate / predictor }
    }

    /// Simulated token-aliasing rates over half-dimensions h, formats and contexts, for a seeded
    /// Gaussian content (ρ = 0.5) and an unscaled spectrum of `base`.
    ///
    /// - Complexity: O(Σ M·h) for the scores.
    public static func simulate(halfDimensions: [Int], formats: [FloatFormat], contexts: [Int], base: Double = 10_000,
                                seed: UInt64 = 0) -> [Point] {
        var out: [Point] = []
        for h in halfDimensions {
            let theta = RotarySpectrum.standardInverseFrequencies(base: base, rotaryDim: 2 * h)
            let (a, b) = ContentModel.gaussian(rho: 0.5, seed: seed).pairs(dimension: 2 * h)
            let longest = contexts.max()!
            let s1 = UniformPositionModel.scores(a, inverseFrequencies: theta, context: longest)
            let s2 = UniformPositionModel.scores(b, inverseFrequencies: theta, context: longest)
            for format in formats {
                for M in contexts {
                    let rate = UniformPositionModel.tokenEvents(Array(s1[0..<M]), Array(s2[0..<M]), format: format).aliasing
                    out.append(Point(halfDimension: h, format: format, context: M, rate: rate))
                }
            }
        }
        return out
    }

    /// The least-squares C of rate ≈ C·2^−f·√h.
    public static func fittedConstant(_ points: [Point]) -> Double {
        let num = points.reduce(0) { $0 + $1.rate * $1.predictor }, den = points.reduce(0) { $0 + $1.predictor * $1.predictor }
        return den > 0 ? num / den : 0
    }
}
