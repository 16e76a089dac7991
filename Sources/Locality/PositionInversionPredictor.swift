import NumericalCore

extension UniformPositionModel {
    /// The mean and variance of s(r) over r uniform on the integer range `range` (lower bound ≥ 0),
    /// from the exact prefix moments: with Sₖ(n) = n·E_{r<n}[s(r)ᵏ],
    /// E_{r∈[a,b)}[sᵏ] = (Sₖ(b) − Sₖ(a))/(b − a).
    ///
    /// Source: derived here from the Dirichlet-kernel moments of locality.md §1.4 [D].
    /// Accuracy: the difference of prefix sums loses about log₁₀(b/(b−a)) digits (none that matter
    /// for the halves and intervals protocols, where b/(b−a) ≤ 3). Complexity: O(h²).
    public static func rangeMoments(_ content: ContentPair, inverseFrequencies theta: [Double], range: Range<Int>) -> (mean: Double, variance: Double) {
        precondition(range.lowerBound >= 0 && range.count >= 1, "a non-empty range of non-negative distances")
        func sums(_ n: Int) -> (Double, Double) {
            guard n > 0 else { return (0, 0) }
            return (Double(n) * mean(content, inverseFrequencies: theta, context: n),
                    Double(n) * secondMoment(content, inverseFrequencies: theta, context: n))
        }
        let (a1, a2) = sums(range.lowerBound), (b1, b2) = sums(range.upperBound)
        let n = Double(range.count)
        let m = (b1 - a1) / n
        return (m, max(0, (b2 - a2) / n - m * m))
    }

    /// p̂ = Φ((μ_far − μ_near)/√(σ²_near + σ²_far)): the normal predictor of the position inversion
    /// P[s(far) > s(near)] of a protocol that draws the near and the far distance independently
    /// and uniformly from two ranges (``PositionProtocol/halves``: [0, L/2) against [L/2, L);
    /// ``PositionProtocol/intervals``), with the exact moments of s over each range
    /// (``rangeMoments(_:inverseFrequencies:range:)``). Nil for ``PositionProtocol/allPairs``,
    /// whose near and far distances are not independent.
    ///
    /// Source: derived here, in the manner of the token predictor Φ(−μ_D/σ_D) (locality.md §1.4;
    /// Wu, Du & Peng 2026, eq. 173): s(near) and s(far) are treated as independent normals. It is
    /// not Du et al.'s bound (whose constants no available source gives). Accuracy: as good as the
    /// normal approximation of the score over each range (it tends to 1/2 exactly when the means
    /// of the two ranges meet, as Du et al.'s Theorem 1 is reported to). Complexity: O(h²).
    public static func positionInversionPredictor(_ content: ContentPair, inverseFrequencies theta: [Double], context L: Int,
                                                  protocol p: PositionProtocol) -> Double? {
        guard p != .allPairs, L >= 2 else { return nil }
        let (nearRange, farRange) = p.ranges(L)
        let near = rangeMoments(content, inverseFrequencies: theta, range: nearRange)
        let far = rangeMoments(content, inverseFrequencies: theta, range: farRange)
        let sd = (near.variance + far.variance).squareRoot()
        guard sd > 1e-300 else { return far.mean > near.mean ? 1 : 0 }
        return (try? StandardNormal.cdf((far.mean - near.mean) / sd)) ?? 0.5
    }
}
