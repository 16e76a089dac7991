import Foundation
import Rotary
import Testing
@testable import Bounds

/// The precomputed b*(L) table against the walk it came from, the kernel itself and the published
/// values, and the threshold reach it speeds up against the same reach found without it.
struct CertifiedBaseBoundsTests {
    /// Every entry is what it claims: K_{b̂}(m) ≥ 0 for every m < L (a full scan, the walk's own
    /// acceptance criterion), and b̂ never decreases with L.
    @Test(arguments: CertifiedBaseBounds.rotaryDims)
    func everyEntryIsValidAndTheTableIsMonotone(dim: Int) throws {
        let rows = try #require(CertifiedBaseBounds.table(rotaryDim: dim))
        #expect(rows.count == 49 && rows.first?.context == 1024 && rows.last?.context == 1 << 22)
        for (a, b) in zip(rows, rows.dropFirst()) { #expect(a.context < b.context && a.minBase <= b.minBase) }
        for row in rows {
            let minimum = try RoPEKernel(base: row.minBase, rotaryDim: dim).minimum(over: 0..<row.context)
            #expect(minimum.holds, "d = \(dim), L = \(row.context): min K = \(minimum.value) at \(minimum.argmin)")
        }
    }

    /// The chained walk finds what a walk from 1 finds (to within the resolutions) at every
    /// tabulated context up to 2¹⁵.
    @Test(arguments: CertifiedBaseBounds.rotaryDims)
    func shortEntriesMatchAWalkFromOne(dim: Int) throws {
        for row in try #require(CertifiedBaseBounds.table(rotaryDim: dim)) where row.context <= 1 << 15 {
            let fresh = try BaseBound.search(context: row.context, rotaryDim: dim)
            #expect(abs(fresh.minBase - row.minBase) <= fresh.resolution + row.resolution, "d = \(dim), L = \(row.context): \(fresh.minBase) vs \(row.minBase)")
        }
    }

    /// At d = 128 and L = 2¹⁰ … 2²⁰ the table agrees with Su's recomputation of Men et al.'s table
    /// to the two significant digits quoted.
    @Test func agreesWithThePublishedRecomputation() throws {
        let rows = try #require(CertifiedBaseBounds.table(rotaryDim: 128))
        for (L, published) in zip(PublishedBaseBounds.contexts, PublishedBaseBounds.su) {
            let row = try #require(rows.first { $0.context == L })
            #expect(abs(row.minBase / published - 1) < 0.05 || (L == 2048 && abs(row.minBase - published) < 500), "L = \(L): \(row.minBase) vs \(published)")
        }
    }

    /// The threshold reach read through the table (default spectrum) equals the reach of a live
    /// walk through the same spectra as a general family (no table, chord certificate): exact
    /// reaches, from bases below, between and at tabulated b̂.
    @Test(arguments: [(128, 3e5, 60_000), (128, 2.1e6, 100_000), (128, 4_869_104.783073067, 200_000), (64, 5e5, 40_000)])
    func tableReachEqualsTheLiveWalk(dim: Int, base: Double, limit: Int) throws {
        let standard = BaseBound.Family.standard(rotaryDim: dim)
        let general = BaseBound.Family(channels: dim / 2) { RotarySpectrum.standardInverseFrequencies(base: $0, rotaryDim: dim) }
        let viaTable = try BaseBound.thresholdReach(family: standard, base: base, limit: limit, workLimit: 1 << 40)
        let live = try BaseBound.thresholdReach(family: general, base: base, limit: limit, workLimit: 1 << 40)
        #expect(!viaTable.isLowerBound && !live.isLowerBound)
        #expect(viaTable.maxSpan == live.maxSpan, "d = \(dim), b = \(base): \(String(describing: viaTable.maxSpan)) vs \(String(describing: live.maxSpan))")
    }

    /// Asked only for the verdict at `needed`, both paths (table, and the chain of walks of a general
    /// family) settle it as the exact reach does: holds exactly when R ≥ needed, and a failure comes
    /// with a proved failing context at most `needed`.
    @Test(arguments: [(3e5, 30_000), (3e5, 60_000), (2.1e6, 70_000), (2.1e6, 90_000)])
    func theVerdictAtNeededMatchesTheExactReach(base: Double, needed: Int) throws {
        let limit = 120_000
        let general = BaseBound.Family(channels: 64) { RotarySpectrum.standardInverseFrequencies(base: $0, rotaryDim: 128) }
        let exact = try BaseBound.thresholdReach(family: .standard(rotaryDim: 128), base: base, limit: limit, workLimit: 1 << 40)
        let holds = (exact.maxSpan ?? limit) >= needed
        for family in [BaseBound.Family.standard(rotaryDim: 128), general] {
            let r = try BaseBound.thresholdReach(family: family, base: base, limit: limit, workLimit: 1 << 40, needed: needed)
            if holds {
                #expect((r.maxSpan ?? limit) >= needed)
            } else {
                #expect(r.maxSpan == exact.maxSpan && !r.isLowerBound, "b = \(base), needed \(needed)")
            }
        }
    }

    /// A walk stopped by its work limit still brackets the reach with the table: it holds up to the
    /// last tabulated context whose b̂ is at most the base, and fails from the next.
    @Test func aStoppedWalkKeepsTheTablesBracket() throws {
        // lwm-text-chat-1m: d = 128, rope_theta 5·10⁷; b̂(440 872) ≈ 4.93·10⁷ ≤ 5·10⁷ < b̂(524 288) ≈ 5.85·10⁷.
        let r = try BaseBound.thresholdReach(family: .standard(rotaryDim: 128), base: 5e7, limit: 1 << 20, workLimit: 1)
        #expect(r.isLowerBound && (r.maxSpan ?? 0) >= 440_872 && r.failsFrom == 524_288)
        let b = try #require(CertifiedBaseBounds.table(rotaryDim: 128)?.first { $0.context == 440_872 }?.minBase)
        #expect(try RoPEKernel(base: b, rotaryDim: 128).minimum(over: 0..<440_872).holds)
    }
}
