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
        return Outcome(try report(input, context: L, points: try a.value(points)!, call: call))
    }

    /// The kernel of every rotary layer type of `input` at `L`.
    static func report(_ input: ModelInput, context L: Int, points count: Int, call: Invocation) throws -> Report {
        let spectra = try ModelArguments.spectra(input, atContext: L)
        for s in spectra { try Shared.checkKernelWork(positions: s.span, channels: s.spectrum.rotatedInverseFrequencies.count, option: "context") }
        return try report(input, spectra: spectra, minima: nil, points: count, call: call)
    }

    /// The report of `spectra`; `minima` (one per spectrum, in order), when given, are the minima
    /// already found (the typed result of `check`, for its report page): only the figure's envelope
    /// and the first negative distance are computed then.
    static func report(_ input: ModelInput, spectra: [GroupSpectrum], minima: [RoPEKernel.Minimum]?, points count: Int, call: Invocation) throws -> Report {
        precondition(minima == nil || minima!.count == spectra.count, "one minimum per spectrum")

        var table = DataTable(columns: ["layer_type", "distance", "kernel"])
        var groups: [JSONValue] = []
        var layers: [Layer] = []
        var summary: [(String, String)] = [("model", input.name), ("context", "m = 0 … \((spectra.map(\.span).max() ?? 1) - 1)")]
        var results: [(RoPEKernel.Minimum, Int?)] = []
        var envelopeNote = ""
        // Layer types whose spans differ tenfold or more (a sliding window beside full attention)
        // share a log distance axis, so that the short span is not a sliver at the left edge.
        let spans = spectra.map(\.span)
        let logDistance = (spans.max() ?? 1) >= 10 * (spans.min() ?? 1)
        for (i, s) in spectra.enumerated() {
            let kernel = RoPEKernel(inverseFrequencies: s.spectrum.rotatedInverseFrequencies)
            let known = minima?[i]
            let (minimum, firstNegative) = try call.withProgress("kernel over \(s.span) positions") { sink throws(Interrupted) in
                let minimum: RoPEKernel.Minimum
                if let known { minimum = known } else { minimum = try kernel.minimum(over: 0..<s.span, progress: sink.stage(0, 0.5)) }
                let firstNegative = minimum.holds ? nil : try kernel.firstNegativeDistance(below: s.span, progress: sink.stage(0.5, 0.5))
                return (minimum, firstNegative)
            }
            results.append((minimum, firstNegative))
            let samples = sampleDistances(s.span, count)
            let values = samples.map { kernel.value(at: $0) }
            for (m, k) in zip(samples, values) { table.append([.text(s.label), .integer(m), .number(k)]) }
            groups.append(.object([("layer_type", .string(s.label)), ("context_length", .integer(s.span))] + fields(s, minimum, firstNegative)))
            // The range of K over each of 400 bins (every distance evaluated) when that is cheap; a
            // sampled trace of this oscillating sum would alias.
            let channels = s.spectrum.rotatedInverseFrequencies.count
            if s.span * channels <= 1 << 27 {
                let envelope = try call.withProgress("kernel envelope") { sink throws(Interrupted) in
                    try kernel.envelope(over: 0..<s.span, bins: 400, progress: sink)
                }
                let xs = envelope.map { Double(logDistance ? max($0.start, 1) : $0.start) }
                layers.append(.band(Band(spectra.count > 1 ? RichText.literal(s.label) : "range of K(m) over each bin of \(s.span / 400) distances",
                                         x: xs, lower: envelope.map(\.min), upper: envelope.map(\.max), color: Palette.color(i), opacity: 0.45)))
                envelopeNote = "shaded: the range of K over each of 400 bins (every distance evaluated)"
            } else {
                layers.append(.line(LineSeries(spectra.count > 1 ? RichText.literal(s.label) : "K(m), sampled", zip(samples, values).map { Point(Double($0), $1) },
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
        let first = spectra[0], (minimum, firstNegative) = results[0]
        let json = JSONValue.object([("model", .string(input.name)), ("context_length", .integer(first.span)),
                                     ("channels", .integer(first.spectrum.rotatedInverseFrequencies.count))]
                                    + fields(first, minimum, firstNegative) + [("groups", .array(groups))])
        layers.append(.rule(Rule(.horizontal, at: 0, label: "K = 0")))
        // Each layer type's minimum is over its own span (a sliding window's is its window).
        let spanNote = spectra.count > 1
            ? "the minimum of each layer type is over its own span: " + spectra.map { "\(RichText.literal($0.label)) m < \($0.span)" }.joined(separator: ", ")
            : "the minimum is over every m < \(first.span)"
        // K = 0, which the bound is about, is always on the axis: K(0) = h is the top.
        let low = min(0, results.map(\.0.value).min() ?? 0), high = Double(spectra.map { $0.spectrum.rotatedInverseFrequencies.count }.max() ?? 1)
        let pad = 0.05 * (high - low)
        let chart = Chart(title: "Men et al. kernel K(m) = Σ_i cos(m·θ_i) — \(RichText.literal(input.name))",
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

    /// Up to `count` distances spread evenly over 0 … L−1.
    static func sampleDistances(_ L: Int, _ count: Int) -> [Int] {
        guard L > count else { return Array(0..<L) }
        return Array(Set((0..<count).map { Int((Double($0) * Double(L - 1) / Double(count - 1)).rounded()) })).sorted()
    }
}
