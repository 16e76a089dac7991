import NumericalCore

/// The fixed content of the uniform-position model: one query and two keys, for the position
/// events (the first key) and the token events (the first key against the second).
public enum ContentModel: Sendable, Equatable {
    /// q = k = 1 (s(r) = 2K(r)); the second key is the ones key with its slowest channel's
    /// first component halved, a token that differs only where positions are coarsest.
    case ones
    /// A seeded draw: q ~ N(0, I_d), and each key k = ρq + √(1 − ρ²)ξ with its own ξ ~ N(0, I_d):
    /// the law of ``GaussianContentModel``, drawn once from Philox stream 0 of `seed`.
    case gaussian(rho: Double, seed: UInt64)

    /// The two (query, key) pairs of dimension d. O(d).
    public func pairs(dimension d: Int) -> (first: ContentPair, second: ContentPair) {
        precondition(d >= 2 && d % 2 == 0, "the content dimension must be even")
        switch self {
        case .ones:
            var second = Array(repeating: 1.0, count: d)
            second[d - 2] = 0.5
            return (.ones(dimension: d), ContentPair(query: Array(repeating: 1, count: d), key: second))
        case let .gaussian(rho, seed):
            precondition(rho >= 0 && rho <= 1, "ρ must be in [0, 1]")
            var rng = RandomStream(seed: seed)
            let q = (0..<d).map { _ in rng.nextNormal() }
            let scale = (1 - rho * rho).squareRoot()
            func key() -> [Double] { q.map { rho * $0 + scale * rng.nextNormal() } }
            let first = key(), second = key()
            return (ContentPair(query: q, key: first), ContentPair(query: q, key: second))
        }
    }

    /// A short description for reports: "all-ones q = k" or "Gaussian, ρ = 0.5, seed 0".
    public var label: String {
        switch self {
        case .ones: return "all-ones q = k"
        case let .gaussian(rho, seed): return "Gaussian, ρ = \(rho), seed \(seed)"
        }
    }
}
