import Foundation

/// Published values of b*(L) for d = 128, L = 2¹⁰ … 2²⁰, next to which ``BaseBound`` is compared.
///
/// - Men et al. (NeurIPS 2024), their table, as quoted by Su (kexue.fm/archives/10122) [S].
/// - Su's own Jax recomputation in the same post [S] (rope-bounds.md §2.2).
/// - The paper's Figure 1 fit b ≈ 0.0424·L^1.628 as described there [S].
public enum PublishedBaseBounds {
    /// L = 2¹⁰ … 2²⁰.
    public static let contexts = (10...20).map { 1 << $0 }
    /// Men et al.'s table (via Su).
    public static let paper: [Double] = [4.3e3, 1.6e4, 2.7e4, 8.4e4, 3.1e5, 6.4e5, 2.1e6, 7.8e6, 3.6e7, 6.4e7, 5.1e8]
    /// Su's recomputation.
    public static let su: [Double] = [4.3e3, 1.2e4, 2.7e4, 8.4e4, 2.3e5, 6.3e5, 2.1e6, 4.9e6, 2.4e7, 5.8e7, 6.5e7]
    /// The paper's fit 0.0424·L^1.628. O(1).
    public static func fit(_ L: Double) -> Double { 0.0424 * pow(L, 1.628) }
}
