import Charts
import ContextLimits
import Foundation

/// How `bounds` and `check` present a ``ModelReport``: summary lines, the per-bound table and the
/// JSON of DESIGN.md.
enum BoundsPresentation {
    static let notes = [
        "Bounds after Liu (2026), read from a secondary summary and reconstructed here: they are this tool's verdicts under its stated conventions, not the paper's.",
        "exact convention: thresholds compare to the effective base 1/ω_min of the scaled spectrum; sliding/chunked layers use min(L, window); depth N = layers that apply RoPE.",
    ]

    static let tableColumns = ["layer_type", "bound", "kind", "threshold", "value", "holds"]

    static func boundsObject(_ g: ModelReport.Group) -> JSONValue {
        var pairs: [(String, JSONValue)] = g.checks.map { c in
            (c.bound.rawValue, .object([(c.isLowerBound ? "min_base" : "max_base", .number(c.threshold)), ("holds", .bool(c.holds))]))
        }
        pairs.append((Bound.kernel.rawValue, .object([("min_base", .null), ("min_kernel", .number(g.kernel.value)),
                                                      ("argmin_distance", .integer(g.kernel.argmin)), ("holds", .bool(g.kernel.holds))])))
        return .object(pairs)
    }

    static func groupFields(_ r: ModelReport, _ g: ModelReport.Group) -> [(String, JSONValue)] {
        let s = g.spectrum.spectrum
        return [("context_length", .integer(g.span)), ("layers", .integer(r.depth)), ("epsilon", .number(r.settings.epsilon)),
                ("precision", .string(r.settings.precision.name)), ("convention", .string(r.settings.convention.rawValue)),
                ("rope_theta", .number(g.rotary.base)), ("rope_type", .string(s.ropeType.rawValue)), ("rotary_dim", .integer(s.rotaryDim)),
                ("min_inv_freq", .number(s.minInverseFrequency)), ("effective_base", .number(s.effectiveBase)),
                ("dc_coherence", .number(g.dcCoherence)), ("depth_coherence", .number(g.depthCoherence)),
                ("feasible_interval", g.bounds.feasibleInterval.map { .numbers([$0.lowerBound, $0.upperBound]) } ?? .null),
                ("bounds", boundsObject(g)), ("feasible", .bool(g.feasible))]
    }

    static func json(_ r: ModelReport, recurrent: RecurrentReport?) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("model", .string(r.model.name)), ("model_context_length", .integer(r.context))]
        pairs += groupFields(r, r.primary)
        pairs.append(("precision_walls", .object(r.precisionWalls.map { ($0.format.name, .number($0.wall)) })))
        pairs.append(("groups", .array(r.groups.map { g in
            .object([("layer_type", .string(g.label)), ("layer_indices", .array(g.layers.map(JSONValue.integer)))] + groupFields(r, g))
        })))
        if let recurrent { pairs.append(("recurrent", recurrentJSON(recurrent, context: r.context))) }
        pairs.append(("verdict", .string(r.feasible ? "feasible" : "violated")))
        return .object(pairs)
    }

    static func table(_ r: ModelReport) -> DataTable {
        var t = DataTable(columns: tableColumns)
        for g in r.groups {
            for c in g.checks {
                t.append([.text(g.label), .text(c.bound.rawValue), .text(c.isLowerBound ? "min_base" : "max_base"), .number(c.threshold),
                          .number(c.value), .bool(c.holds)])
            }
            t.append([.text(g.label), .text(Bound.kernel.rawValue), .text("min K(m) ≥ 0"), .number(0), .number(g.kernel.value), .bool(g.kernel.holds)])
        }
        return t
    }

    static func modelLine(_ model: ModelDescription) -> String {
        model.name + (model.modelType.map { " (\($0))" } ?? "")
    }

    static func summary(_ r: ModelReport, recurrent: RecurrentReport?) -> [(String, String)] {
        let f = TextTable.formatNumber
        var lines: [(String, String)] = [
            ("model", modelLine(r.model)),
            ("context", "L = \(r.context) tokens"),
            ("depth", "N = \(r.depth) RoPE layers of \(r.model.layerCount)"),
            ("coherence threshold", "ε = \(f(r.settings.epsilon))"),
            ("angle precision", "\(r.settings.precision.name) (ε_mach = \(f(r.settings.precision.machineEpsilon)))"),
            ("convention", r.settings.convention == .exact ? "exact: ω_min of the scaled spectrum" : "paper: ω_min ≈ 1/rope_theta"),
        ]
        for g in r.groups {
            let s = g.spectrum.spectrum
            lines.append((g.label, "\(s.ropeType.rawValue), rope_theta \(f(g.rotary.base)), effective base \(f(s.effectiveBase)), span \(g.span)"))
            lines.append(("  coherence", "cos(L·ω_min) = \(f(g.dcCoherence)), over \(r.depth) layers \(f(g.depthCoherence))"))
            let interval = g.bounds.feasibleInterval.map { "[\(f($0.lowerBound)), \(f($0.upperBound)))" } ?? "empty"
            lines.append(("  feasible bases", interval + " (effective base)"))
            lines.append(("  verdict", g.feasible ? "all bounds hold" : "violated: " + g.violations.map(\.rawValue).joined(separator: ", ")))
        }
        lines.append(("precision walls", r.precisionWalls.map { "\($0.format.name) \(f($0.wall))" }.joined(separator: ", ")))
        if let recurrent { lines += recurrentSummary(recurrent, context: r.context) }
        lines.append(("verdict", r.feasible ? "FEASIBLE under these conventions" : "VIOLATED under these conventions"))
        return lines
    }

    static func report(_ r: ModelReport, title: String) -> Report {
        let recurrent = r.model.recurrentLayerCount > 0 ? RecurrentReport(model: r.model) : nil
        return Report(title: title, summary: summary(r, recurrent: recurrent), table: table(r), notes: notes,
                      json: json(r, recurrent: recurrent))
    }

    // MARK: the recurrent part of SSMs and hybrids

    static func mebibytes(_ elements: Int, bytesPerElement: Double) -> String {
        TextTable.formatNumber(Double(elements) * bytesPerElement / 1_048_576) + " MiB"
    }

    /// The state, its memory against the KV cache at the context, and the capacity estimates.
    static func recurrentSummary(_ r: RecurrentReport, context L: Int) -> [(String, String)] {
        let bytes = r.bitsPerElement / 8, f = TextTable.formatNumber
        var lines = [("recurrent state", "\(r.stateElements) elements in \(r.states.count) layers = \(mebibytes(r.stateElements, bytesPerElement: bytes)); with conv \(r.stateElementsWithConvolution)")]
        if !r.caches.isEmpty {
            lines.append(("KV cache at \(L)", mebibytes(r.cacheElements(atContext: L), bytesPerElement: bytes) + " in \(r.caches.count) attention layers"))
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
}
