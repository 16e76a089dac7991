import Foundation

/// The empirical state-capacity laws of Stuffed Mamba (Chen et al., arXiv 2410.07145), with x the
/// state size in millions of elements and lengths in thousands of tokens ("K"; `tokensPerK`
/// decides whether K is 1024 (default, the training lengths are powers of two) or 1000).
///
/// Coefficients are the fit legends of the authors' own figures [V-primary: v1 README `fig12.png`,
/// COLM README `fig10and11.png`]; the inverses are derived [R]. The fits span 0 … 12.9 M elements;
/// values outside are extrapolations and are flagged.
public struct StuffedMambaLaws: Sendable {
    /// T_forget(x) = a·x + b, a = 5.172, b = −4.469: the training length beyond which the model learns
    /// to forget (no state collapse).
    public static let forget = (a: 5.172, b: -4.469)
    /// T_recall(x) = b·(aˣ − 1) + c, a = 1.365, b = 4.756, c = −0.742: the longest context with accurate
    /// 5-digit passkey retrieval. (c is additive: a circulating transcription that writes it as an
    /// exponent is wrong.)
    public static let recall = (a: 1.365, b: 4.756, c: -0.742)
    /// The largest state size in the fits (M elements): mamba2-370m.
    public static let fitRange: ClosedRange<Double> = 0...12.9
    /// Fit points read off the figures by pixel measurement [R] (state M, length K).
    public static let forgetPoints: [(Double, Double)] = [(0, 0), (1.1, 1), (1.6, 2), (2.4, 8), (4.8, 16), (12.9, 64)]
    public static let recallPoints: [(Double, Double)] = [(0, 0), (1.1, 1), (1.6, 2), (2.4, 4), (4.8, 16), (12.9, 256)]

    public let tokensPerK: Double

    public init(tokensPerK: Double = 1024) {
        self.tokensPerK = tokensPerK
    }

    /// T_forget in tokens for a state of `elements`, clamped at 0 (the law is negative below 0.864 M:
    /// such states "always learn to forget"). O(1).
    public func forgetLength(stateElements elements: Double) -> Double {
        max(0, Self.forget.a * elements / 1e6 + Self.forget.b) * tokensPerK
    }

    /// T_recall in tokens, clamped at 0. O(1).
    public func passkeyLength(stateElements elements: Double) -> Double {
        let r = Self.recall
        return max(0, r.b * (pow(r.a, elements / 1e6) - 1) + r.c) * tokensPerK
    }

    /// The state (elements) whose forget threshold is `tokens`: x = (T + 4.469)/5.172 [R].
    public func stateForForgetLength(_ tokens: Double) -> Double {
        (tokens / tokensPerK - Self.forget.b) / Self.forget.a * 1e6
    }

    /// The state (elements) whose passkey capacity is `tokens`: x = ln((T − c)/b + 1)/ln a [R].
    public func stateForPasskeyLength(_ tokens: Double) -> Double {
        let r = Self.recall
        return log((tokens / tokensPerK - r.c) / r.b + 1) / log(r.a) * 1e6
    }

    public static func isExtrapolated(stateElements elements: Double) -> Bool { !fitRange.contains(elements / 1e6) }
}

extension StuffedMambaLaws {
    /// Least-squares line y = a·x + b through `points`. O(n).
    public static func fitLine(_ points: [(Double, Double)]) -> (a: Double, b: Double) {
        let n = Double(points.count)
        let sx = points.reduce(0) { $0 + $1.0 }, sy = points.reduce(0) { $0 + $1.1 }
        let sxx = points.reduce(0) { $0 + $1.0 * $1.0 }, sxy = points.reduce(0) { $0 + $1.0 * $1.1 }
        let a = (n * sxy - sx * sy) / (n * sxx - sx * sx)
        return (a, (sy - a * sx) / n)
    }

    /// Least-squares y = b·(aˣ − 1) + c by variable projection: for each a the best (b, c) solve a
    /// 2 × 2 linear system, and a minimises the residual by golden-section search on [1.001, 4]
    /// (the residual is unimodal there for these data). O(n · iterations).
    public static func fitExponential(_ points: [(Double, Double)]) -> (a: Double, b: Double, c: Double) {
        func solve(_ a: Double) -> (Double, Double, Double) {
            let u = points.map { pow(a, $0.0) - 1 }, y = points.map(\.1)
            let n = Double(points.count)
            let su = u.reduce(0, +), sy = y.reduce(0, +)
            let suu = u.reduce(0) { $0 + $1 * $1 }, suy = zip(u, y).reduce(0) { $0 + $1.0 * $1.1 }
            let b = (n * suy - su * sy) / (n * suu - su * su)
            let c = (sy - b * su) / n
            let residual = zip(u, y).reduce(0) { r, p in let e = b * p.0 + c - p.1; return r + e * e }
            return (b, c, residual)
        }
        var lo = 1.001, hi = 4.0
        let phi = (5.0.squareRoot() - 1) / 2
        for _ in 0..<200 {
            let m1 = hi - phi * (hi - lo), m2 = lo + phi * (hi - lo)
            if solve(m1).2 < solve(m2).2 { hi = m2 } else { lo = m1 }
        }
        let a = (lo + hi) / 2
        let (b, c, _) = solve(a)
        return (a, b, c)
    }
}
