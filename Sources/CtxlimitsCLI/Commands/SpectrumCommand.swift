import Charts
import ContextLimits
import Foundation

/// `ctxlimits spectrum`: the per-channel frequencies of a model's (or a parameter set's) RoPE, or
/// with `--window` the power spectrum of its score signal.
enum SpectrumCommand {
    static let context = Shared.context.withDefault(nil, text: "the config's max_position_embeddings; without any, as at initialisation")
        .described("context at which length-dependent scalings (dynamic, longrope) are evaluated, marked in the figure")
    /// At most 2^20 samples: the table has W/2 + 1 rows, printed and plotted (2^20 takes about 6 s, mostly
    /// the 22 MB of output; 2^24 would print 360 MB).
    static let window = Option<Int>.integer("window", "W", "instead: the power spectrum of the score signal Σ cos(m·θⱼ) over W samples (FFTW, Hann)",
                                            in: 8...(1 << 20))
    static let stride = Option<Int>.integer("stride", "S", "with --window: sample every S-th position; Nyquist is π/S", in: 1...(1 << 20), default: 1)

    static let spec = CommandSpec(
        name: "spectrum",
        summary: "RoPE inverse frequencies and wavelengths per channel, after rope scaling",
        usage: ["CONFIG [--context L]", "--base B --head-dim D [--rotary-dim R] [--scaling TYPE --factor S ...] [--context L]",
                "(CONFIG | --base B --head-dim D …) --window W [--stride S]"],
        options: ModelArguments.rotaryOptions + [context.declaration, window.declaration, stride.declaration],
        maxPositionals: 1,
        details: """
            \(ModelArguments.configHelp).
            Models with several attention layer types (Gemma local/global, Llama-4 NoPE layers) get one
            spectrum per rotary layer type. JSON: rope_type, rotary_dim, base, attention_factor, inv_freq,
            wavelength of the first rotary layer type at the top level, and all of them under "groups".
            """)

    static let command = Subcommand(spec) { call in
        let a = call.arguments
        if a.has(window) { return try powerSpectrum(call) }
        try a.restrict(to: ModelArguments.rotaryOptions + [context.declaration], form: "the table form (without --window)")
        return try run(call)
    }

    /// The context to evaluate at: --context, else the advertised context, else nil (spectra as at
    /// initialisation, which is what evaluating at L = 1 gives for every scaling).
    static func evaluationContext(_ a: ParsedArguments, _ input: ModelInput) throws -> Int? {
        try a[context] ?? input.model.advertisedContext
    }

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        let input = try ModelArguments.input(a, context: try a[context])
        let L = try evaluationContext(a, input)
        let spectra = try ModelArguments.spectra(input, atContext: L ?? 1)
        return Outcome(report(input: input, spectra: spectra, context: L))
    }

    /// A spectrum next to its unscaled version.
    struct Row {
        let group: GroupSpectrum
        let unscaled: RotarySpectrum
        init(_ group: GroupSpectrum) {
            self.group = group
            unscaled = group.unscaled
        }
    }

    static func report(input: ModelInput, spectra: [GroupSpectrum], context: Int?) -> Report {
        let rows = spectra.map(Row.init)
        let original = input.model.originalContext
        var table = DataTable(columns: ["layer_type", "channel", "inv_freq", "wavelength", "unscaled_inv_freq", "scale", "rotations_in_context"])
        for r in rows {
            let theta = r.group.spectrum.inverseFrequencies, wavelengths = r.group.spectrum.wavelengths
            let plain = r.unscaled.inverseFrequencies
            for k in theta.indices {
                table.append([.text(r.group.label), .integer(k), .number(theta[k]), .number(wavelengths[k]), .number(plain[k]),
                              .number(theta[k] > 0 ? plain[k] / theta[k] : .infinity),
                              context.map { .number(Double($0) / wavelengths[k]) } ?? .empty])
            }
        }
        func object(_ r: Row) -> [(String, JSONValue)] {
            let s = r.group.spectrum
            return [("rope_type", .string(s.ropeType.rawValue)), ("rotary_dim", .integer(s.rotaryDim)),
                    ("base", .number(s.base)), ("attention_factor", .number(s.attentionFactor)),
                    ("inv_freq", .numbers(s.inverseFrequencies)), ("wavelength", .numbers(s.wavelengths)),
                    ("min_inv_freq", .number(s.minInverseFrequency)), ("effective_base", .number(s.effectiveBase)),
                    ("unscaled_inv_freq", .numbers(r.unscaled.inverseFrequencies))]
        }
        let json = JSONValue.object([("model", .string(input.name))] + object(rows[0]) + [
            ("context_length", context.map(JSONValue.integer) ?? .null),
            ("original_context_length", original.map(JSONValue.integer) ?? .null),
            ("groups", .array(rows.map { r in .object([("layer_type", .string(r.group.label)), ("layers", .array(r.group.layers.map(JSONValue.integer)))] + object(r)) })),
        ])
        let f = TextTable.formatNumber
        var summary: [(String, String)] = [("model", input.name)]
        for r in rows {
            let s = r.group.spectrum
            summary.append((r.group.label, "\(s.ropeType.rawValue), base \(f(s.base)), rotary dim \(s.rotaryDim), attention factor \(f(s.attentionFactor))"
                            + (input.origin == .parameters ? "" : ", \(r.group.layers.count) layers")))
            summary.append(("  slowest channel", "θ_min = \(f(s.minInverseFrequency)) rad/token, wavelength \(f(2 * Double.pi / s.minInverseFrequency)) tokens, effective base \(f(s.effectiveBase))"))
        }
        if let context {
            summary.append(("context", "\(context) tokens" + (original.map { " (original \($0))" } ?? "")))
            summary.append(("evaluated at", "sequence length \(context)"))
        } else {
            summary.append(("evaluated at", "initialisation (no context given)"))
        }
        return Report(title: "RoPE spectrum", summary: summary, table: table,
                      notes: ["scale = unscaled θ / scaled θ; rotations_in_context = context / wavelength."],
                      json: json, chart: chart(name: input.name, rows: rows, context: context, original: original))
    }

    /// The phase-modulation view: the score signal's power spectrum with each oscillator's line.
    static func powerSpectrum(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        let window = try a.required(Self.window), stride = try a.value(Self.stride)!
        let input = try ModelArguments.input(a, context: try a[context])
        let theta = try ModelArguments.dominantSpectrum(input, atContext: try evaluationContext(a, input) ?? 1).spectrum.rotatedInverseFrequencies
        try Shared.checkKernelWork(positions: window, channels: theta.count, option: "window")
        let s = try ScoreSignalSpectrum(inverseFrequencies: theta, window: window, stride: stride)
        var table = DataTable(columns: ["frequency", "power"])
        for (w, p) in zip(s.frequencies, s.power) { table.append([.number(w), .number(p)]) }
        let unresolved = s.lines.filter { !$0.resolved }.count, aliased = s.lines.filter(\.aliased).count
        let json = JSONValue.object([
            ("model", .string(input.name)), ("window", .integer(window)), ("stride", .integer(stride)),
            ("resolution", .number(s.resolution)), ("nyquist", .number(s.nyquist)),
            ("frequency", .numbers(s.frequencies)), ("power", .numbers(s.power)),
            ("lines", .array(s.lines.map { l in .object([("channel", .integer(l.channel)), ("inv_freq", .number(l.frequency)),
                                                          ("apparent_frequency", .number(l.apparentFrequency)),
                                                          ("resolved", .bool(l.resolved)), ("aliased", .bool(l.aliased))]) })),
        ])
        // Bins more than 12 decades below the peak are numerically zero: they are left out (the line
        // breaks there) instead of being drawn at a floor, and said so.
        let floor = max(s.power.max()! * 1e-12, 1e-300)
        // Each oscillator is drawn at the bin nearest its (apparent) frequency, with that bin's power:
        // on the drawn curve, where the line's power is (its exact ω falls between bins, and on a
        // log axis the low bins are far apart).
        let bin = { (w: Double) -> Point in
            let k = min(s.power.count - 1, max(1, Int((w / s.resolution).rounded())))
            return Point(s.frequencies[k], max(s.power[k], floor))
        }
        let dropped = s.power.dropFirst().filter { $0 < floor }.count
        let resolvedLines = s.lines.filter { $0.resolved && !$0.aliased }.map { ScatterSeries.Item(bin($0.apparentFrequency)) }
        let aliasedLines = s.lines.filter(\.aliased).map { ScatterSeries.Item(bin($0.apparentFrequency)) }
        let name = input.origin == .parameters ? "base \(Notation.compact(input.rotaryGroups[0].attention.rotary!.base)), d = \(theta.count * 2)" : input.name
        let chart = Chart(title: "Power spectrum of the score signal Σ_j cos(m·θ_j) — \(RichText.literal(name))",
                          subtitle: "Hann window of \(window) samples, stride \(stride); \(unresolved) of \(theta.count) channels are slower than the window (not resolvable, not drawn), \(aliased) fold past Nyquist"
                            + (dropped > 0 ? "; \(dropped) bins below 10^{−12} of the peak left out" : ""),
                          x: Axis("frequency ω (rad/token)", scale: .log10, range: s.resolution / 2...s.nyquist * 1.2), y: Axis("power", scale: .log10),
                          layers: [.line(LineSeries("power spectrum", zip(s.frequencies, s.power).dropFirst().map { Point($0, $1 >= floor ? $1 : .nan) }, width: 1.2)),
                                   .scatter(ScatterSeries("oscillator lines θ_j, at their nearest bin", resolvedLines, color: Palette.color(1), radius: 3.5)),
                                   .scatter(ScatterSeries("folded past Nyquist", aliasedLines, color: Palette.color(3), radius: 3.5, shape: .square)),
                                   .rule(Rule(.vertical, at: s.resolution, label: "2π/W")),
                                   .rule(Rule(.vertical, at: s.nyquist, label: "Nyquist π/S"))])
        let f = TextTable.formatNumber
        return Outcome(Report(title: "Score-signal power spectrum (phase-modulation view)",
                              summary: [("model", input.name), ("window", "\(window) samples × stride \(stride) = \(window * stride) tokens"),
                                        ("resolution", "2π/(W·S) = \(f(s.resolution)) rad/token: \(unresolved) of \(theta.count) channels complete less than one cycle"),
                                        ("Nyquist", "π/S = \(f(s.nyquist)) rad/token: \(aliased) channels fold")],
                              table: table, json: json, chart: chart))
    }

    static func chart(name: String, rows: [Row], context: Int?, original: Int?) -> Chart {
        var layers: [Layer] = []
        for (i, r) in rows.enumerated() {
            let color = Palette.color(i), s = r.group.spectrum
            let suffix = rows.count > 1 ? " (\(r.group.label.split(separator: " ")[0].replacingOccurrences(of: "_attention", with: "")))" : ""
            if s.inverseFrequencies != r.unscaled.inverseFrequencies {
                layers.append(.line(LineSeries("unscaled, base \(Notation.compact(r.unscaled.base))\(suffix)",
                                               r.unscaled.wavelengths.enumerated().map { Point(Double($0), $1) }, color: color, dashed: true)))
            }
            layers.append(.line(LineSeries("\(Self.scalingLabel(r.group.rotary)), base \(Notation.compact(s.base))\(suffix)",
                                           s.wavelengths.enumerated().map { Point(Double($0), $1) }, color: color)))
        }
        if let original { layers.append(.rule(Rule(.horizontal, at: Double(original), label: "original context \(original)", color: "#888888"))) }
        if let context { layers.append(.rule(Rule(.horizontal, at: Double(context), label: "context \(context)", color: "#444444"))) }
        return Chart(title: "RoPE wavelengths per channel — \(RichText.literal(name))",
                     subtitle: "channels whose wavelength exceeds the context never complete a rotation",
                     x: Axis("channel k"), y: Axis("wavelength 2π/θ_k (tokens)", scale: .log10), layers: layers)
    }

    /// "llama3 ×8", "yarn ×40", "linear ×8", "longrope (long factors)", "default".
    static func scalingLabel(_ r: RotaryConfiguration) -> String {
        switch r.scaling {
        case .none: return "default"
        case let .linear(f): return "linear ×\(Notation.compact(f))"
        case let .dynamic(f): return "dynamic ×\(Notation.compact(f))"
        case let .proportional(f): return "proportional ×\(Notation.compact(f))"
        case let .yarn(y): return "yarn ×\(Notation.compact(y.factor ?? 1))"
        case let .llama3(p): return "llama3 ×\(Notation.compact(p.factor))"
        case .longrope: return "longrope"
        case let .ntkAlpha(alpha): return "NTK-alpha α = \(Notation.compact(alpha))"
        }
    }
}
