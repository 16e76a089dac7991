import Bounds
import ContextLimits

/// The lines `check` and `bounds` lead with, in the user's terms and in this order: what was
/// measured for this config, what each bound says with its track record against measurements, and
/// the verdict of the gated bounds (what the serving stacks derive comes first, from the lint).
enum CheckHeadline {
    /// The lines, numbers written by `f`.
    static func lines(_ p: ModelPrediction, number f: (Double) -> String = TextTable.formatNumber) -> [(String, String)] {
        var lines: [(String, String)] = []
        if p.measurements.isEmpty {
            lines.append(("measured", "no bundled measurement of this config (ctxlimits validate --measurements FILE for your own)"))
        } else {
            for m in p.measurements { lines.append(("measured", measurementText(m))) }
        }
        for bound in orderedBounds(p.gate) {
            lines.append((p.gate.contains(bound) ? "theory (gate)" : "theory", boundLine(bound, p, number: f)))
        }
        lines.append(("verdict", verdictText(p)))
        return lines
    }

    /// The gated bounds first, then the others, each group in ``Bound/allCases`` order.
    static func orderedBounds(_ gate: VerdictGate) -> [Bound] {
        gate.bounds + Bound.allCases.filter { !gate.contains($0) }
    }

    /// One measurement in a line: the source's first clause (the JSON has it whole).
    static func measurementText(_ m: CheckpointMeasurement) -> String {
        let source = m.row.source.split(separator: ";").first.map { String($0.split(separator: " (").first ?? $0) } ?? m.row.source
        return "\(m.benchmark): effective at \(m.effectiveLength) tokens" + (m.row.claimedLength.map { " of claimed \($0)" } ?? "")
            + " (\(m.row.model); \(source))"
    }

    /// What a bound is, with its source (an exhaustive switch: a new bound must be named here).
    static func boundName(_ bound: Bound, reading: KernelReading) -> String {
        switch bound {
        case .aliasing: return "aliasing (Liu 2026, L < 2π/ω_min)"
        case .dcStability: return "dc_stability (Liu 2026, cos(L·ω_min) ≥ ε)"
        case .depth: return "depth (Liu 2026, cos(L·ω_min)^N ≥ ε)"
        case .precision: return "precision (Liu 2026, ω_min > ε_mach)"
        case .kernel:
            switch reading {
            case .threshold: return "kernel (Men et al. 2024, rope_theta ≥ b*(L))"
            case .exact: return "kernel, exact reading (K(m) ≥ 0 at every m < L)"
            }
        }
    }

    static func boundLine(_ bound: Bound, _ p: ModelPrediction, number f: (Double) -> String = TextTable.formatNumber) -> String {
        let entry = p.reach(of: bound)
        let reach: String
        switch entry.maxContext {
        case nil: reach = "holds up to the search horizon \(p.reach.horizon) tokens"
        case 0?: reach = "fails at every context: " + zeroReachReason(bound, p, number: f)
        case let m?:
            reach = (entry.isLowerBound ? "holds up to at least " : "holds up to ") + "\(m) tokens"
                + (entry.failsFrom.map { " and fails from \($0) at the latest" } ?? "")
        }
        let at: String
        switch p.verdict(bound) {
        case .holds: at = "holds at \(p.context)"
        case .fails: at = "fails at \(p.context)"
        case .undetermined: at = "undetermined at \(p.context) (the search stopped at its work limit)"
        }
        let record = bound == .kernel && p.settings.kernelReading == .exact ? MeasuredEvidence.exactKernel : MeasuredEvidence.record(bound)
        var text = "\(boundName(bound, reading: p.settings.kernelReading)): \(reach); \(at); contradicted by \(record.contradicted) of \(record.rows) measured models"
        if p.settings != BoundSettings(kernelReading: p.settings.kernelReading) { text += " (at the default settings)" }
        if let m = p.contradiction(of: bound) {
            text += "; contradicted for this model: \(m.benchmark) effective at \(m.effectiveLength)"
        }
        return text
    }

    /// Why a bound holds at no context, in words.
    static func zeroReachReason(_ bound: Bound, _ p: ModelPrediction, number f: (Double) -> String = TextTable.formatNumber) -> String {
        let format = p.settings.precision
        let group = p.report.groups.indices.first { p.reach.groups[$0].entry(bound).maxContext == 0 } ?? 0
        let g = p.report.groups[group]
        switch bound {
        case .precision:
            let compared = p.settings.convention == .exact ? g.spectrum.spectrum.effectiveBase : p.settings.nominalBase(g.rotary)
            return "rope_theta \(f(g.rotary.base)) gives a compared base of \(f(compared)), above \(format.name)'s precision ceiling "
                + "1/ε_mach = \(f(PhaseModulationBounds.precisionCeiling(format))): the slowest channel turns by less than ε_mach per token, "
                + "which this bound takes to erase it at any length (its premise: angles advanced in \(format.name) increments; "
                + "transformers, vLLM and llama.cpp compute each angle m·θ as one fp32 product, see ctxlimits erasure)"
        case .kernel:
            return "K(m) < 0 already at m = \(p.reach.groups[group].firstNegativeDistance ?? 1) for every rope_theta up to this one"
        case .aliasing, .dcStability, .depth:
            return "the slowest channel's phase over one token already exceeds the bound's limit (ω_min = \(f(g.spectrum.spectrum.minInverseFrequency)))"
        }
    }

    static func verdictText(_ p: ModelPrediction) -> String {
        let gate = "gate: \(p.gate); --gate to change"
        let others = p.failing.filter { !p.gate.contains($0) }
        let aside = others.isEmpty ? "" : "; outside the gate: " + others.map(\.rawValue).joined(separator: ", ") + (others.count == 1 ? " fails" : " fail")
        let undetermined = p.gate.bounds.filter { p.verdict($0) == .undetermined }
        if p.holdsUnderGate, !undetermined.isEmpty {
            return "UNDETERMINED at \(p.context) tokens: " + undetermined.map(\.rawValue).joined(separator: ", ")
                + " searched up to its work limit without a failure (\(gate))\(aside)"
        }
        if p.holdsUnderGate {
            return "HOLDS at \(p.context) tokens (\(gate))\(aside)"
        }
        let contradicted = p.gateFailing.compactMap { b in p.contradiction(of: b).map { "\(b.rawValue) is contradicted for this model by \($0.benchmark) (effective at \($0.effectiveLength))" } }
        return "VIOLATED at \(p.context) tokens: " + p.gateFailing.map(\.rawValue).joined(separator: ", ") + " fails (\(gate))\(aside)"
            + (contradicted.isEmpty ? "" : "; " + contradicted.joined(separator: "; "))
    }

    /// One line on how far the gated bounds go (the report page's lead).
    static func reachLine(_ p: ModelPrediction) -> String {
        let advertised = p.input.model.advertisedContext.map { "advertised \($0)" } ?? "no advertised context"
        guard let entry = p.gateReach, let m = entry.maxContext else {
            return "the gate (\(p.gate)) holds up to the search horizon \(p.reach.horizon) tokens; \(advertised)"
        }
        return (m == 0 ? "the gate (\(p.gate)) holds at no context" : "the gate (\(p.gate)) holds up to \(m) tokens") + "; \(advertised)"
    }

    static func conventionText(_ c: PhaseModulationBounds.Convention) -> String {
        switch c {
        case .exact: return "exact: ω_min of the scaled spectrum"
        case .paper: return "paper: ω_min ≈ 1/rope_theta"
        case .liu2026: return "liu2026: Liu (2026)'s case study as reported [S]: 1/rope_theta (YaRN: b·s^{d/(d−2)} [R]), ε 0.95, fp32"
        }
    }

    static func readingText(_ r: KernelReading) -> String {
        switch r {
        case .threshold: return "threshold: rope_theta ≥ b*(L) (Men et al. 2024)"
        case .exact: return "exact: K(m) ≥ 0 at every m < L at this rope_theta"
        }
    }
}
