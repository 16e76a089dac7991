import Foundation
import NumericalCore

/// How the Men et al. kernel bound is read as a verdict on a base and a context.
///
/// Men et al. (2024, arXiv 2405.14591) state a lower bound: "there is an absolute lower bound for
/// the base value to obtain certain context length capability" (abstract [V]). With
/// b*(L) = inf{b : K_b(m) ≥ 0 for every m < L} (§3, [S] via Su, kexue.fm/archives/10122, and the
/// MTandHJ reading note), a base below b*(L) cannot give context L. The paper computed b*(L) by
/// inverting, for each base, the largest valid length (rope-bounds.md §2.1 [S]); it does not claim
/// that a particular base above b*(L) keeps K_b(m) ≥ 0 at every m < L.
public enum KernelReading: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The paper's statement (the default): the bound holds at L when base ≥ b*(L). b*(L) is
    /// non-decreasing in L (a longer context only adds constraints), so the reach is the largest
    /// L with b*(L) ≤ base, and it is monotone in the base.
    case threshold
    /// The stronger per-base reading: K_b(m) ≥ 0 for every m < L at this very base. Not monotone
    /// in the base (valid bases form islands), and fragile: the verdict can flip within 1 % of it.
    case exact

    public var description: String { rawValue }
}

extension BaseBound {
    /// How far the threshold reading holds for one base of a family.
    public struct ThresholdReach: Sendable, Equatable {
        /// The largest span R ≤ `limit` with b*(R) ≤ base (nil: holds over the whole limit).
        public let maxSpan: Int?
        /// A base b′ ≤ base at which K ≥ 0 for every m < max(R, 1) (the witness of the reach).
        public let witness: Double
        /// The search stopped at its work limit: R is a lower bound.
        public let isLowerBound: Bool
        /// A span proved to fail (b* of it exceeds the base), known when the walk stopped short:
        /// the reach then lies in [R, failsFrom).
        public let failsFrom: Int?

        init(maxSpan: Int?, witness: Double, isLowerBound: Bool, failsFrom: Int? = nil) {
            (self.maxSpan, self.witness, self.isLowerBound, self.failsFrom) = (maxSpan, witness, isLowerBound, failsFrom)
        }
    }

    /// The reach of the threshold reading for `base`: R(b) = max over b′ ≤ b of F(b′), F(b′) the
    /// first negative distance of K_{b′} (K_{b′} ≥ 0 on m < F(b′)).
    ///
    /// Derived here: b*(L) ≤ b ⟺ some b′ ≤ b is valid for L (the valid set is closed, K being
    /// continuous in b′) ⟺ L ≤ F(b′) for some b′ ≤ b. So R(b) is found by one upward walk: start
    /// with R = F(b); look (``search(context:family:start:relativeResolution:limit:workLimit:hints:threads:progress:)``)
    /// for a base ≤ b valid for R + 1; if there is none, R is the reach; if b′ is one, R = F(b′) ≥ R + 1
    /// and the walk goes on from b′ (every base below b′ was proved invalid for a shorter context,
    /// hence for every longer one). The certified walk skips only bases proved invalid, up to its
    /// relative resolution `relativeResolution` (a valid island narrower than that could be missed).
    ///
    /// The walk needs a start below which every base is invalid for R + 1; from 1, most of its full
    /// scans would go to bases far below the answer. b̂ of any shorter context is such a start: for the
    /// default spectrum of a tabulated d it is read from ``CertifiedBaseBounds`` (which also gives a
    /// context proved to fail, ``ThresholdReach/failsFrom``); otherwise it comes from a chain of walks
    /// at the quarter octaves below `needed` (or `limit`), each starting at the last one's b̂ (short
    /// contexts first, so each walk covers little), which stops at the first context for which no
    /// base ≤ b is valid (``ThresholdReach/failsFrom``). A last walk at `needed` itself settles the
    /// verdict there; the exact reach is then found by the upward walk above, within the work limit.
    ///
    /// - Complexity: about one b* search at the final R from the last start (O(R·d/2) per full
    ///   scan), plus one first-negative-distance scan per improvement; stops after `workLimit`
    ///   kernel terms of full and first-negative scans (then ``ThresholdReach/isLowerBound``), or as
    ///   soon as the reach is at least `needed` (a verdict at `needed` is then settled; how far beyond
    ///   it the bound holds is left as a lower bound, since each further step is another walk).
    ///   `exactWorkLimit` caps the work spent on the exact reach after the walks that settle the
    ///   verdict (nil: only `workLimit`): a caller that needs the verdict and a bracket, not R to the
    ///   token, passes a small one.
    /// - Throws: ``Interrupted`` when `progress` asks to stop.
    public static func thresholdReach(family: Family, base: Double, limit: Int, relativeResolution: Double = 1e-7,
                                      workLimit: Int, needed: Int? = nil, exactWorkLimit: Int? = nil,
                                      threads: Int = Parallel.defaultThreads,
                                      progress: ProgressSink? = nil) throws(Interrupted) -> ThresholdReach {
        precondition(limit >= 1, "the limit must be at least one position")
        guard let theta = family.frequencies(base) else { return ThresholdReach(maxSpan: 0, witness: base, isLowerBound: false) }
        guard var reach = try RoPEKernel(inverseFrequencies: theta).firstNegativeDistance(below: limit, threads: threads, progress: progress) else {
            return ThresholdReach(maxSpan: nil, witness: base, isLowerBound: false)
        }
        var witness = base, spent = 0, failsFrom: Int?
        // Every base below `start` is invalid for context reach + 1 (see above).
        var start = 1 + 1e-9
        /// The answer when a walk stops at its work limit: a lower bound, with the failure proved so far.
        func stopped() -> ThresholdReach { ThresholdReach(maxSpan: reach, witness: witness, isLowerBound: true, failsFrom: failsFrom) }
        /// Counts a finished walk at `context` and resumes later walks from its b̂.
        func account(_ found: Result, at context: Int) throws(Interrupted) {
            spent += found.fullScans * context * family.channels
            if progress?.isCancelled() == true { throw Interrupted() }
            start = found.minBase
        }
        /// Moves the reach to how far `found` (valid for `context`) goes; false when it holds over the whole limit.
        func extend(with found: Result, at context: Int) throws(Interrupted) -> Bool {
            guard let valid = family.frequencies(found.minBase),
                  let next = try RoPEKernel(inverseFrequencies: valid).firstNegativeDistance(below: limit, threads: threads, progress: nil) else {
                return false
            }
            spent += next * family.channels
            (reach, witness) = (max(next, context), found.minBase)
            return true
        }
        let bracket = family.standardRotaryDim.flatMap { CertifiedBaseBounds.bracket(rotaryDim: $0, base: base, limit: limit) }
        if let holds = bracket?.holds {
            start = holds.minBase
            if holds.context > reach { (reach, witness) = (holds.context, holds.minBase) }
        }
        failsFrom = bracket?.failsFrom?.context
        // The verdict at `needed` (or over the whole limit) is settled by one more walk there, unless
        // known; without the table, shorter walks lead up to it.
        let target = min(limit, needed ?? limit)
        var stones: [Int] = []
        if target > reach, target < failsFrom ?? .max { stones = (bracket == nil ? steppingStones(below: target) : []) + [target] }
        for context in stones {
            let found: Result
            do {
                found = try search(context: context, family: family, start: start, relativeResolution: relativeResolution,
                                   limit: base.nextUp, workLimit: max(1, workLimit - spent), threads: threads, progress: nil)
            } catch let error as Interrupted {
                throw error
            } catch SearchError.workLimit {
                return stopped()
            } catch {
                failsFrom = context          // no base ≤ b is valid for this context: b*(context) > b
                break
            }
            try account(found, at: context)
            // A witness past the known reach: how far it goes.
            if context > reach, try !extend(with: found, at: context) { return ThresholdReach(maxSpan: nil, witness: found.minBase, isLowerBound: false) }
        }
        // The exact reach past the settled verdict gets at most `exactWorkLimit` more.
        let stopAt = exactWorkLimit.map { min(workLimit, spent + $0) } ?? workLimit
        while reach < limit {
            if reach >= (needed ?? .max) || spent >= stopAt { return stopped() }
            let context = reach + 1
            let found: Result
            do {
                // K < 0 at m = reach for the base the walk resumes from: the first place to look.
                found = try search(context: context, family: family, start: start, relativeResolution: relativeResolution,
                                   limit: base.nextUp, workLimit: max(1, stopAt - spent), hints: [reach], threads: threads, progress: nil)
            } catch let error as Interrupted {
                throw error
            } catch SearchError.workLimit {
                return stopped()
            } catch {
                return ThresholdReach(maxSpan: reach, witness: witness, isLowerBound: false)
            }
            try account(found, at: context)
            if try !extend(with: found, at: context) { return ThresholdReach(maxSpan: nil, witness: found.minBase, isLowerBound: false) }
        }
        return ThresholdReach(maxSpan: nil, witness: witness, isLowerBound: false)
    }

    /// The contexts whose b* the threshold walk chains: quarter octaves from 2¹⁰ up to (not
    /// including) `end` (b* of a context below 2¹⁰ costs little from 1).
    static func steppingStones(below end: Int) -> [Int] {
        (40...).lazy.map { Int((pow(2, Double($0) / 4)).rounded()) }.prefix { $0 < end }.map { $0 }
    }
}
