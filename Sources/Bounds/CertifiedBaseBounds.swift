import Foundation

/// b*(L) of the unscaled spectrum θᵢ = b^{−2i/d}, precomputed for the rotary dimensions most
/// configs use (d = 64, 128) on the quarter-octave contexts L = round(2^{k/4}), 2¹⁰ ≤ L ≤ 2²², by the
/// certified walk of ``BaseBound/search(context:rotaryDim:start:relativeResolution:limit:threads:progress:)``
/// (`scripts/make_certified_base_bounds.py`, which chains the walks: the walk at each L starts at b̂
/// of the previous L, since every base below it is invalid for the shorter context, hence for L).
///
/// Each entry carries the walk's own guarantee: b̂ is valid for L (K ≥ 0 at every m < L, accepted
/// only after a full scan) and no valid base lies below b̂ except inside an island narrower than the
/// resolution (10⁻⁷·b̂). So with b*(L) non-decreasing in L, for any base b:
/// b̂(Lₖ) ≤ b ⇒ the threshold reading holds up to Lₖ (b̂ is the witness), and b̂(Lₖ) > b ⇒ it fails
/// from Lₖ on. The threshold walk (``BaseBound/thresholdReach(family:base:limit:relativeResolution:workLimit:needed:threads:progress:)``)
/// uses the table to start, and to bracket its answer, where a live walk through the long contexts
/// would take seconds (b*(2²⁰) from 1 at d = 128: 4.5 s on one core).
///
/// Tests re-check every entry's validity by a full scan, recompute the short ones from 1, and
/// compare d = 128 with Men et al.'s published values.
///
/// - Complexity: lookups are O(log n) over ≤ 49 entries per dimension.
public enum CertifiedBaseBounds {
    public struct Entry: Sendable, Equatable {
        /// L: the constraint covers m = 0 … L − 1.
        public let context: Int
        /// b̂(L): the first valid base the certified walk found.
        public let minBase: Double
        /// No valid island wider than this lies below b̂.
        public let resolution: Double
    }

    /// The tabulated rotary dimensions.
    public static var rotaryDims: [Int] { entries.keys.sorted() }

    /// The entries for rotary dimension d by increasing context (nil: d is not tabulated).
    public static func table(rotaryDim d: Int) -> [Entry]? { entries[d] }

    /// What the table says of `base` for contexts up to `limit`: the longest tabulated context whose
    /// b̂ is at most `base` (the threshold reading holds up to it), and the shortest whose b̂ exceeds
    /// `base` (it fails from there on). nil when d is not tabulated.
    static func bracket(rotaryDim d: Int, base: Double, limit: Int) -> (holds: Entry?, failsFrom: Entry?)? {
        guard let rows = entries[d]?.prefix(while: { $0.context <= limit }) else { return nil }
        // b̂ is non-decreasing in L (each walk starts at the previous b̂), so both are prefix/suffix ends.
        return (rows.last { $0.minBase <= base }, rows.first { $0.minBase > base })
    }
}
