import Charts
import ContextLimits
import Foundation

/// `ctxlimits kernel`: min over 0 ≤ m < L of the Men et al. kernel K(m) = Σᵢ cos(m·θᵢ).
enum KernelCommand {
    static let context = Shared.context.withDefault(nil, text: "the config's max_position_embeddings").described("context length: m ranges over 0 … L−1")
    static let points = Option<Int>.integer("points", "N", "samples of K(m) in the figure and CSV", in: 2...1_000_000, default: 2000)

    static let spec = CommandSpec(
        name: "kernel",
        summary: "Men et al. kernel K(m) = Σ cos(m·θᵢ): its minimum over m < L and whether it stays ≥ 0",
        usage: ["--base B --head-dim D --context L [--scaling TYPE --factor S ...]", "CONFIG [--context L]"],
        options: ModelArguments.rotaryOptions + [context.declaration, points.declaration],
        maxPositionals: 1,
        details: """
            K(m) is B_{m,θ} of Men et al. (NeurIPS 2024, Thm 1): the expected score advantage of a similar
            key over a random one at distance m. Every m < L is evaluated (blocked recurrence, absolute
            error < 1e-9, candidates near the minimum re-evaluated directly). With CONFIG the model's
            spectrum at L is used, for each rotary layer type over its span min(L, window).
            JSON: min_kernel, argmin_distance, holds (min_kernel ≥ 0), first_negative_distance.
            """)

    static let command = Subcommand(spec) { try run($0) }

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        let input = try ModelArguments.input(a, context: try a[context])
        let L = try ModelArguments.context(a, context, for: input)
        let spectra = try ModelArguments.spectra(input, atContext: L)
        for s in spectra { try Shared.checkKernelWork(positions: s.span, channels: s.spectrum.rotatedInverseFrequencies.count, option: "context") }
        let count = try a.value(points)!
        let study = try call.withProgress("kernel over \(spectra.map(\.span).max() ?? 0) positions") { sink throws(Interrupted) in
            try KernelStudy(spectra: spectra, points: count, progress: sink)
        }
        return Outcome(report(input.name, study, points: count))
    }

    /// The report of a kernel study: summary, sampled table, JSON and figure (the figure is also the
    /// report page's). Presentation only.
    static func report(_ name: String, _ study: KernelStudy, points count: Int) -> Report {
        let spectra = study.groups.map(\.spectrum)
        var table = DataTable(columns: ["layer_type", "distance", "kernel"])
        var groups: [JSONValue] = []
        var layers: [Layer] = []
        var summary: [(String, String)] = [("model", name), ("context", "m = 0 … \((spectra.map(\.span).max() ?? 1) - 1)")]
        var envelopeNote = ""
        // Layer types whose spans differ tenfold or more (a sliding window beside full attention)
        // share a log distance axis, so that the short span is not a sliver at the left edge.
        let spans = spectra.map(\.span)
        let logDistance = (spans.max() ?? 1) >= 10 * (spans.min() ?? 1)
        for (i, g) in study.groups.enumerated() {
            let s = g.spectrum, minimum = g.minimum, firstNegative = g.firstNegative
            for (m, k) in g.samples { table.append([.text(s.label), .integer(m), .number(k)]) }
            groups.append(.object([("layer_type", .string(s.label)), ("context_length", .integer(s.span))] + fields(s, minimum, firstNegative)))
            // The range of K over each of 400 bins (every distance evaluated) when that is cheap; a
            // sampled trace of this oscillating sum would alias.
            if let envelope = g.envelope {
                let xs = envelope.map { Double(logDistance ? max($0.start, 1) : $0.start) }
                layers.append(.band(Band(spectra.count > 1 ? RichText.literal(s.label) : "range of K(m) over each bin of \(s.span / KernelStudy.envelopeBins) distances",
                                         x: xs, lower: envelope.map(\.min), upper: envelope.map(\.max), color: Palette.color(i), opacity: 0.45)))
                envelopeNote = "shaded: the range of K over each of \(KernelStudy.envelopeBins) bins (every distance evaluated)"
            } else {
                layers.append(.line(LineSeries(spectra.count > 1 ? RichText.literal(s.label) : "K(m), sampled", g.samples.map { Point(Double($0.distance), $0.value) },
                                               color: Palette.color(i), width: 1.2)))
                envelopeNote = "sampled at \(count) distances"
            }
            layers.append(.scatter(ScatterSeries(spectra.count > 1 ? nil : "minimum over every m < L",
                                                 [.init(Point(Double(minimum.argmin), minimum.value),
                                                        label: "min \(Notation.compact(minimum.value)) at m = \(minimum.argmin)")],
                                                 color: "#222222", radius: 4.5, shape: .diamond)))
            if let firstNegative {
                layers.append(.rule(Rule(.vertical, at: Double(firstNegative), label: "first K < 0 at m = \(firstNegative)", color: "#D55E00")))
            }
            summary.append((s.label, "min K = \(TextTable.formatNumber(minimum.value)) at m = \(minimum.argmin): "
                            + (minimum.holds ? "holds (K ≥ 0 for every m < \(s.span))" : "violated; first K(m) < 0 at m = \(firstNegative ?? 0)")))
        }
        let first = spectra[0], minimum = study.groups[0].minimum, firstNegative = study.groups[0].firstNegative
        let json = JSONValue.object([("model", .string(name)), ("context_length", .integer(first.span)),
                                     ("channels", .integer(first.spectrum.rotatedInverseFrequencies.count))]
                                    + fields(first, minimum, firstNegative) + [("groups", .array(groups))])
        layers.append(.rule(Rule(.horizontal, at: 0, label: "K = 0")))
        // Each layer type's minimum is over its own span (a sliding window's is its window).
        let spanNote = spectra.count > 1
            ? "the minimum of each layer type is over its own span: " + spectra.map { "\(RichText.literal($0.label)) m < \($0.span)" }.joined(separator: ", ")
            : "the minimum is over every m < \(first.span)"
        // K = 0, which the bound is about, is always on the axis: K(0) = h is the top.
        let low = min(0, study.groups.map(\.minimum.value).min() ?? 0), high = Double(spectra.map { $0.spectrum.rotatedInverseFrequencies.count }.max() ?? 1)
        let pad = 0.05 * (high - low)
        let chart = Chart(title: "Men et al. kernel K(m) = Σ_i cos(m·θ_i) — \(RichText.literal(name))",
                          subtitle: envelopeNote + "; " + spanNote,
                          x: Axis("relative distance m (tokens)" + (logDistance ? ", from m = 1" : ""), scale: logDistance ? .log10 : .linear),
                          y: Axis("K(m)", range: (low - pad)...(high + pad)), layers: layers)
        return Report(title: "RoPE kernel bound (Men et al. 2024)", summary: summary, table: table,
                      notes: ["The table samples K at \(count) distances; min_kernel is exact over all m < L."],
                      json: json, chart: chart)
    }

    static func fields(_ s: GroupSpectrum, _ minimum: RoPEKernel.Minimum, _ firstNegative: Int?) -> [(String, JSONValue)] {
        [("rope_type", .string(s.spectrum.ropeType.rawValue)), ("min_inv_freq", .number(s.spectrum.minInverseFrequency)),
         ("effective_base", .number(s.spectrum.effectiveBase)), ("min_kernel", .number(minimum.value)),
         ("argmin_distance", .integer(minimum.argmin)), ("holds", .bool(minimum.holds)),
         ("first_negative_distance", firstNegative.map(JSONValue.integer) ?? .null)]
    }
}
