import Charts
import ContextLimits
import Foundation

/// How `bounds` and `check` present a ``ModelReport``: summary lines, the per-bound table and the
/// JSON of DESIGN.md.
enum BoundsPresentation {
    static let notes = [
        "aliasing, dc_stability, depth, precision: after Liu (2026), read from secondary accounts and reconstructed here (this tool's verdicts, not the paper's); kernel: Men et al. (2024).",
        "The verdict and exit code come from the gated bounds only (--gate); every bound's record against measured effective lengths is in ctxlimits validate.",
        "exact convention: thresholds compare to the effective base 1/ω_min of the scaled spectrum; sliding/chunked layers use min(L, window); depth N = layers that apply RoPE.",
    ]

    static let tableColumns = ["layer_type", "bound", "kind", "threshold", "value", "holds", "max_context", "rope_theta_threshold"]

    /// The JSON of one bound: DESIGN.md's keys.
    static func boundObject(_ c: PhaseModulationBounds.Check, reach: BoundReach.Entry, threshold: RopeThetaThresholds.Entry) -> JSONValue {
        var pairs: [(String, JSONValue)] = [(c.isLowerBound ? "min_base" : "max_base", .number(c.threshold)), ("holds", .bool(c.holds))]
        pairs += reachFields(reach)
        pairs.append(c.isLowerBound ? ("min_rope_theta", .optional(threshold.minRopeTheta)) : ("max_rope_theta", .optional(threshold.maxRopeTheta)))
        return .object(pairs)
    }

    static func reachFields(_ r: BoundReach.Entry) -> [(String, JSONValue)] {
        var pairs: [(String, JSONValue)] = [("max_context", r.maxContext.map(JSONValue.integer) ?? .null)]
        if let resolution = r.resolution { pairs.append(("max_context_resolution", .number(resolution))) }
        if r.isLowerBound { pairs.append(("max_context_is_lower_bound", .bool(true))) }
        if let f = r.failsFrom { pairs.append(("max_context_fails_from", .integer(f))) }
        return pairs
    }

    static func boundsObject(_ g: ModelReport.Group, _ reach: BoundReach.Group, _ thresholds: RopeThetaThresholds.Group, reading: KernelReading,
                             kernelHolds: Bool, fragility: ModelPrediction.KernelFragility,
                             contradiction: (Bound) -> CheckpointMeasurement?) -> JSONValue {
        var pairs: [(String, JSONValue)] = g.checks.map { c in
            (c.bound.rawValue, boundObject(c, reach: reach.entry(c.bound), threshold: thresholds.entry(c.bound)))
        }
        let kernel = thresholds.entry(.kernel)
        pairs.append((Bound.kernel.rawValue, .object([("min_base", .null), ("min_kernel", .number(g.kernel.value)),
                                                      ("argmin_distance", .integer(g.kernel.argmin)), ("holds", .bool(kernelHolds)),
                                                      ("reading", .string(reading.rawValue)), ("exact_holds", .bool(g.kernel.holds)),
                                                      ("exact_flips_within_1_percent", .bool(fragility.flips))]
                                                     + reachFields(reach.entry(.kernel))
                                                     + [("first_negative_distance", reach.firstNegativeDistance.map(JSONValue.integer) ?? .null),
                                                        ("relative_min_kernel", .number(g.relativeMinKernel)),
                                                        ("min_rope_theta", .optional(kernel.minRopeTheta)),
                                                        ("min_rope_theta_resolution", .optional(kernel.resolution)),
                                                        ("min_rope_theta_searched", .bool(kernel.searched))])))
        // Where this model's own measurement contradicts a bound (its reach is below a measured length).
        pairs = pairs.map { key, value in
            guard let bound = Bound(rawValue: key), let m = contradiction(bound), case let .object(fields) = value else { return (key, value) }
            return (key, .object(fields + [("contradicted_by", measurementJSON(m))]))
        }
        return .object(pairs)
    }

    /// The reach of one group: the smallest of its bounds' and the bound that sets it.
    static func binding(_ reach: BoundReach.Group) -> BoundReach.Entry? {
        BoundReach.earliest(reach.entries)
    }

    static func range(_ r: ClosedRange<Double>?) -> JSONValue { r.map { .numbers([$0.lowerBound, $0.upperBound]) } ?? .null }

    static func groupFields(_ p: ModelPrediction, _ i: Int) -> [(String, JSONValue)] {
        let r = p.report, g = r.groups[i], reach = p.reach.groups[i], thresholds = p.thresholds.groups[i]
        let s = g.spectrum.spectrum, bind = binding(reach)
        return [("context_length", .integer(g.span)), ("layers", .integer(r.depth)), ("epsilon", .number(r.settings.epsilon)),
                ("precision", .string(r.settings.precision.name)), ("convention", .string(r.settings.convention.rawValue)),
                ("rope_theta", .number(g.rotary.base)), ("rope_type", .string(s.ropeType.rawValue)), ("rotary_dim", .integer(s.rotaryDim)),
                ("min_inv_freq", .number(s.minInverseFrequency)), ("effective_base", .number(s.effectiveBase)),
                ("dc_coherence", .number(g.dcCoherence)), ("depth_coherence", .number(g.depthCoherence)),
                ("feasible_interval", range(g.bounds.feasibleInterval)), ("feasible_rope_theta", range(thresholds.feasibleRopeTheta)),
                ("kernel_reading", .string(r.settings.kernelReading.rawValue)),
                ("bounds", boundsObject(g, reach, thresholds, reading: r.settings.kernelReading, kernelHolds: p.verdict(.kernel, group: i) != .fails,
                                        fragility: p.kernelFragility[i], contradiction: p.contradiction(of:))),
                ("max_context", bind?.maxContext.map(JSONValue.integer) ?? .null),
                ("binding_bound", bind.map { .string($0.bound.rawValue) } ?? .null),
                ("feasible", .bool(Bound.allCases.allSatisfy { p.verdict($0, group: i) != .fails }))]
    }

    static func measurementJSON(_ m: CheckpointMeasurement) -> JSONValue {
        .object([("source", .string(m.row.source)), ("benchmark", .string(m.benchmark)), ("model", .string(m.row.model)),
                 ("effective_length", .integer(m.effectiveLength)), ("claimed_length", m.row.claimedLength.map(JSONValue.integer) ?? .null)])
    }

    static func json(_ p: ModelPrediction, recurrent: RecurrentReport?) -> JSONValue {
        let r = p.report
        let primary = r.groups.firstIndex { $0.label == r.primary.label }!
        var pairs: [(String, JSONValue)] = [("model", .string(r.model.name)), ("model_context_length", .integer(r.context))]
        pairs += groupFields(p, primary).filter { !["max_context", "binding_bound"].contains($0.0) }
        // max_context is the gate's reach (what the verdict rests on); every bound's is beside it.
        pairs += [("max_context", p.gateReach?.maxContext.map(JSONValue.integer) ?? .null),
                  ("binding_bound", p.gateReach.map { .string($0.bound.rawValue) } ?? .null),
                  ("max_context_all_bounds", p.reach.maxContext.map(JSONValue.integer) ?? .null),
                  ("binding_bound_all_bounds", p.reach.bindingBound.map { .string($0.rawValue) } ?? .null),
                  ("horizon", .integer(p.reach.horizon))]
        pairs.append(("precision_walls", .object(r.precisionWalls.map { ($0.format.name, .number($0.wall)) })))
        pairs.append(("groups", .array(r.groups.indices.map { i in
            .object([("layer_type", .string(r.groups[i].label)), ("layer_indices", .array(r.groups[i].layers.map(JSONValue.integer)))] + groupFields(p, i))
        })))
        if let recurrent { pairs.append(("recurrent", recurrentJSON(recurrent, context: r.context))) }
        pairs.append(("measured", .array(p.measurements.map(measurementJSON))))
        pairs.append(("contradicted_by", .object(Bound.allCases.compactMap { b in p.contradiction(of: b).map { (b.rawValue, measurementJSON($0)) } })))
        pairs.append(("gate", .array(p.gate.bounds.map { .string($0.rawValue) })))
        pairs.append(("failing", .array(p.failing.map { .string($0.rawValue) })))
        pairs.append(("verdict", .string(verdictName(p.gateVerdict))))
        pairs.append(("evidence", evidenceJSON()))
        return .object(pairs)
    }

    static func table(_ p: ModelPrediction) -> DataTable {
        var t = DataTable(columns: tableColumns)
        for (i, g) in p.report.groups.enumerated() {
            let reach = p.reach.groups[i], thresholds = p.thresholds.groups[i]
            func cells(_ b: Bound) -> [Cell] {
                let e = thresholds.entry(b)
                return [reach.entry(b).maxContext.map(Cell.integer) ?? .text("≥ \(p.reach.horizon)"),
                        (e.minRopeTheta ?? e.maxRopeTheta).map(Cell.number) ?? (e.searched ? .empty : .text("--kernel-threshold"))]
            }
            for c in g.checks {
                t.append([.text(g.label), .text(c.bound.rawValue), .text(c.isLowerBound ? "min_base" : "max_base"), .number(c.threshold),
                          .number(c.value), .bool(c.holds)] + cells(c.bound))
            }
            let kernelKind = p.settings.kernelReading == .threshold ? "rope_theta ≥ b*(L)" : "min K(m) ≥ 0"
            t.append([.text(g.label), .text(Bound.kernel.rawValue), .text(kernelKind), .number(0), .number(g.kernel.value),
                      .bool(p.verdict(.kernel, group: i) != .fails)] + cells(.kernel))
        }
        return t
    }

    static func modelLine(_ model: ModelDescription) -> String {
        model.name + (model.modelType.map { " (\($0))" } ?? "")
    }

    /// The summary lines of `check` and `bounds`, numbers written by `f` (the report page passes
    /// ``TextTable/readableNumber(_:)``).
    static func summary(_ p: ModelPrediction, recurrent: RecurrentReport?, number f: (Double) -> String = TextTable.formatNumber) -> [(String, String)] {
        let r = p.report
        var lines = CheckHeadline.lines(p, number: f)
        lines += [
            ("model", modelLine(r.model)),
            ("context", "L = \(r.context) tokens"),
            ("depth", "N = \(r.depth) RoPE layers of \(r.model.layerCount)"),
            ("coherence threshold", "ε = \(f(r.settings.epsilon))"),
            ("angle precision", "\(r.settings.precision.name) (ε_mach = \(f(r.settings.precision.machineEpsilon)))"),
            ("convention", CheckHeadline.conventionText(r.settings.convention)),
            ("kernel reading", CheckHeadline.readingText(r.settings.kernelReading)),
        ]
        for (i, g) in r.groups.enumerated() {
            let s = g.spectrum.spectrum, thresholds = p.thresholds.groups[i]
            lines.append((g.label, "\(s.ropeType.rawValue), rope_theta \(f(g.rotary.base)), effective base \(f(s.effectiveBase)), span \(g.span)"))
            lines.append(("  coherence", "cos(L·ω_min) = \(f(g.dcCoherence)), over \(r.depth) layers \(f(g.depthCoherence))"))
            let interval = g.bounds.feasibleInterval.map { "[\(f($0.lowerBound)), \(f($0.upperBound)))" } ?? "empty"
            lines.append(("  feasible bases", interval + " (effective base)"))
            let theta = thresholds.feasibleRopeTheta.map { "[\(f($0.lowerBound)), \(f($0.upperBound)))" } ?? "empty"
            let kernelEntry = thresholds.entry(.kernel)
            let kernel = kernelEntry.minRopeTheta.map { "; kernel: rope_theta ≥ b*(L) = \(f($0))" }
                ?? (kernelEntry.searched ? "; no rope_theta up to 1e13 passes the kernel bound" : "")
            lines.append(("  feasible rope_theta", theta + " (this scaling kept)" + kernel))
            let fragility = p.kernelFragility[i]
            lines.append(("  exact kernel", "K(m) \(fragility.at ? "≥" : "<") 0 somewhere below \(g.span)".replacingOccurrences(of: "≥ 0 somewhere", with: "≥ 0 everywhere")
                          + (fragility.flips ? "; flips within ±1 % of rope_theta (fragile)" : "; the same within ±1 % of rope_theta")))
            let failing = Bound.allCases.filter { p.verdict($0, group: i) == .fails }
            lines.append(("  verdict", failing.isEmpty ? "every bound holds" : "fails: " + failing.map(\.rawValue).joined(separator: ", ")))
        }
        lines.append(("precision walls", r.precisionWalls.map { "\($0.format.name) \(f($0.wall))" }.joined(separator: ", ") + " tokens"))
        if let recurrent { lines += recurrentSummary(recurrent, context: r.context, number: f) }
        return lines
    }

    static func evidenceJSON() -> JSONValue {
        .object([("source", .string(MeasuredEvidence.source)),
                 ("bounds", .object(Bound.allCases.map { b in
                     let e = MeasuredEvidence.record(b)
                     return (b.rawValue, .object([("contradicted", .integer(e.contradicted)), ("rows", .integer(e.rows))]))
                 })),
                 ("kernel_exact", .object([("contradicted", .integer(MeasuredEvidence.exactKernel.contradicted)),
                                           ("rows", .integer(MeasuredEvidence.exactKernel.rows))]))])
    }

    static func report(_ p: ModelPrediction, title: String, review: ConfigReview? = nil) -> Report {
        let model = p.report.model
        let recurrent = model.recurrentLayerCount > 0 ? RecurrentReport(model: model) : nil
        var json = json(p, recurrent: recurrent)
        var summary = summary(p, recurrent: recurrent)
        if let review {
            if case let .object(pairs) = json { json = .object(pairs + reviewFields(review)) }
            summary = reviewSummary(review) + summary
        }
        return Report(title: title, summary: summary, table: table(p), notes: notes, json: json)
    }

    // MARK: lint and serving stacks

    static func reviewFields(_ review: ConfigReview) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("warnings", .array(review.warnings.map { w in
            .object([("field", .string(w.field)), ("message", .string(w.message)), ("rule", .string(w.rule.rawValue))])
        }))]
        if let s = review.stacks {
            fields.append(("stacks", .object([
                ("transformers", s.transformers.map(JSONValue.integer) ?? .null), ("vllm", s.vllm.map(JSONValue.integer) ?? .null),
                ("llama_cpp", s.llamaCpp.map(JSONValue.integer) ?? .null), ("disagreement", .bool(s.disagreement)),
                ("vllm_max_model_len", s.vllmCeiling.map(JSONValue.integer) ?? .null),
                ("vllm_before_56446", s.vllmBefore56446.map(JSONValue.integer) ?? .null),
            ])))
        }
        return fields
    }

    static func reviewSummary(_ review: ConfigReview) -> [(String, String)] {
        var lines: [(String, String)] = []
        if let s = review.stacks {
            func n(_ x: Int?) -> String { x.map(String.init) ?? "—" }
            lines.append(("serving stacks", "transformers \(n(s.transformers)), vLLM \(n(s.vllm))"
                          + (s.vllmCeiling != s.vllm ? " (up to \(n(s.vllmCeiling)))" : "") + ", llama.cpp \(n(s.llamaCpp)) tokens"
                          + (s.disagreement ? " — they disagree" : "")))
        }
        if !review.warnings.isEmpty { lines.append(("lint", "\(review.warnings.count) warning\(review.warnings.count == 1 ? "" : "s") (on stderr)")) }
        return lines
    }

    // MARK: the recurrent part of SSMs and hybrids

    static func mebibytes(_ elements: Int, bytesPerElement: Double, number f: (Double) -> String = TextTable.formatNumber) -> String {
        f(Double(elements) * bytesPerElement / 1_048_576) + " MiB"
    }

    /// The state, its memory against the KV cache at the context, and the capacity estimates.
    static func recurrentSummary(_ r: RecurrentReport, context L: Int, number f: (Double) -> String = TextTable.formatNumber) -> [(String, String)] {
        let bytes = r.bitsPerElement / 8
        var lines = [("recurrent state", "\(r.stateElements) elements in \(r.states.count) layers = \(mebibytes(r.stateElements, bytesPerElement: bytes, number: f)); with conv \(r.stateElementsWithConvolution)")]
        if !r.caches.isEmpty {
            lines.append(("KV cache at \(L)", mebibytes(r.cacheElements(atContext: L), bytesPerElement: bytes, number: f) + " in \(r.caches.count) attention layers"))
        }
        let flag = r.extrapolated ? " (extrapolated)" : ""
        lines.append(("capacity", "forget threshold \(f(r.forgetLength)), passkey \(f(r.passkeyLength)) tokens (Stuffed Mamba\(flag)); copy ≤ \(f(r.copyLength)) tokens"))
        return lines
    }

    static func recurrentJSON(_ r: RecurrentReport, context L: Int) -> JSONValue {
        .object([
            ("state_elements", .integer(r.stateElements)), ("state_elements_with_conv", .integer(r.stateElementsWithConvolution)),
            ("kv_cache_elements", .integer(r.cacheElements(atContext: L))), ("forget_length", .number(r.forgetLength)),
            ("passkey_length", .number(r.passkeyLength)), ("copy_length", .number(r.copyLength)), ("laws_extrapolated", .bool(r.extrapolated)),
        ])
    }

    /// The JSON name of a verdict (check's `verdict` key, fix's options).
    static func verdictName(_ v: ModelPrediction.Verdict) -> String {
        switch v {
        case .holds: "holds"
        case .fails: "violated"
        case .undetermined: "undetermined"
        }
    }
}
