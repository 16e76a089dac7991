import Charts
import ContextLimits
import Foundation

/// `ctxlimits spectrum`: the per-channel frequencies of a model's (or a parameter set's) RoPE.
enum SpectrumCommand {
    static let spec = CommandSpec(
        name: "spectrum",
        summary: "RoPE inverse frequencies and wavelengths per channel, after rope scaling",
        usage: ["CONFIG [--seq-len N]", "--base B --head-dim D [--rotary-dim R] [--scaling TYPE --factor S ...] [--seq-len N]"],
        options: RotaryOptions.options + [
            .init("seq-len", "N", "sequence length for length-dependent scaling (dynamic, longrope); default: as at initialisation"),
            .init("context", "L", "context to mark and count rotations over (default: the config's max_position_embeddings)"),
            .init("window", "W", "instead: the power spectrum of the score signal Σ cos(m·θⱼ) over W positions (FFTW, Hann)"),
            .init("stride", "S", "with --window: sample every S-th position (default 1); Nyquist is π/S"),
        ],
        maxPositionals: 1,
        details: """
            \(ModelInput.help).
            Models with several attention layer types (Gemma local/global, Llama-4 NoPE layers) get one
            spectrum per rotary layer type. JSON: rope_type, rotary_dim, base, attention_factor, inv_freq,
            wavelength of the first rotary layer type at the top level, and all of them under "groups".
            """)

    static let command = Subcommand(spec) { args, _ in
        if args.has("window") { return try powerSpectrum(args) }
        return try run(args)
    }

    struct Group {
        var label: String
        var layers: [Int]
        var rotary: RotaryConfiguration
        var spectrum: RotarySpectrum
        var unscaled: RotarySpectrum
    }

    static func run(_ args: ParsedArguments) throws -> Outcome {
        let seqLen = try args.int("seq-len", minimum: 1, maximum: 1 << 50)
        var name = "parameters", context = try args.int("context", minimum: 1, maximum: 1 << 50), original: Int?
        var groups: [Group] = []
        func group(_ label: String, _ layers: [Int], _ rotary: RotaryConfiguration) throws -> Group {
            do {
                var plain = rotary
                plain.scaling = .none
                return Group(label: label, layers: layers, rotary: rotary, spectrum: try rotary.spectrum(sequenceLength: seqLen),
                             unscaled: try plain.spectrum())
            } catch {
                throw InputError("\(error)")
            }
        }
        if let specifier = args.positionals.first {
            guard !args.has("base") else { throw UsageError("give either CONFIG or --base/--head-dim, not both") }
            let model = try ModelInput.load(specifier)
            name = model.name
            context = context ?? model.advertisedContext
            original = model.originalContext
            for g in try ModelInput.rotaryGroups(model) {
                groups.append(try group(g.label, g.layers, g.attention.rotary!))
            }
        } else {
            guard args.has("base") || args.has("head-dim") else { throw UsageError("give CONFIG or --base and --head-dim") }
            let rotary = try RotaryOptions.configuration(args)
            groups.append(try group("rope", [], rotary))
            context = context ?? rotary.maxPositionEmbeddings
            if case let .yarn(y) = rotary.scaling { original = y.originalMaxPositionEmbeddings }
            if case let .llama3(l) = rotary.scaling { original = l.originalMaxPositionEmbeddings }
        }
        return Outcome(report(name: name, groups: groups, context: context, original: original, seqLen: seqLen))
    }

    static func report(name: String, groups: [Group], context: Int?, original: Int?, seqLen: Int?) -> Report {
        var table = DataTable(columns: ["layer_type", "channel", "inv_freq", "wavelength", "unscaled_inv_freq", "scale", "rotations_in_context"])
        for g in groups {
            for (k, theta) in g.spectrum.inverseFrequencies.enumerated() {
                let plain = g.unscaled.inverseFrequencies[k]
                let wavelength = g.spectrum.wavelengths[k]
                table.append([.text(g.label), .integer(k), .number(theta), .number(wavelength), .number(plain),
                              .number(theta > 0 ? plain / theta : .infinity),
                              context.map { .number(Double($0) / wavelength) } ?? .empty])
            }
        }
        func object(_ g: Group) -> [(String, JSONValue)] {
            [("rope_type", .string(g.spectrum.ropeType)), ("rotary_dim", .integer(g.spectrum.rotaryDim)),
             ("base", .number(g.spectrum.base)), ("attention_factor", .number(g.spectrum.attentionFactor)),
             ("inv_freq", .numbers(g.spectrum.inverseFrequencies)), ("wavelength", .numbers(g.spectrum.wavelengths)),
             ("min_inv_freq", .number(g.spectrum.minInverseFrequency)), ("effective_base", .number(g.spectrum.effectiveBase)),
             ("unscaled_inv_freq", .numbers(g.unscaled.inverseFrequencies))]
        }
        let first = groups[0]
        let json = JSONValue.object([("model", .string(name))] + object(first) + [
            ("context_length", context.map(JSONValue.integer) ?? .null),
            ("original_context_length", original.map(JSONValue.integer) ?? .null),
            ("sequence_length", seqLen.map(JSONValue.integer) ?? .null),
            ("groups", .array(groups.map { g in .object([("layer_type", .string(g.label)), ("layers", .array(g.layers.map(JSONValue.integer)))] + object(g)) })),
        ])
        var summary: [(String, String)] = [("model", name)]
        for g in groups {
            let s = g.spectrum
            summary.append((g.label, "\(s.ropeType), base \(TextTable.formatNumber(s.base)), rotary dim \(s.rotaryDim), attention factor \(TextTable.formatNumber(s.attentionFactor))"
                + (g.layers.isEmpty ? "" : ", \(g.layers.count) layers")))
            summary.append(("  slowest channel", "θ_min = \(TextTable.formatNumber(s.minInverseFrequency)) rad/token, wavelength \(TextTable.formatNumber(2 * Double.pi / s.minInverseFrequency)) tokens, effective base \(TextTable.formatNumber(s.effectiveBase))"))
        }
        if let context { summary.append(("context", "\(context) tokens" + (original.map { " (original \($0))" } ?? ""))) }
        if let seqLen { summary.append(("evaluated at", "sequence length \(seqLen)")) }
        return Report(title: "RoPE spectrum", summary: summary, table: table,
                      notes: ["scale = unscaled θ / scaled θ; rotations_in_context = context / wavelength."],
                      json: json, chart: chart(name: name, groups: groups, context: context, original: original))
    }

    /// The phase-modulation view: the score signal's power spectrum with each oscillator's line.
    static func powerSpectrum(_ args: ParsedArguments) throws -> Outcome {
        let window = try args.requiredInt("window", minimum: 8, maximum: 1 << 24)
        let stride = try args.int("stride", minimum: 1, maximum: 1 << 20) ?? 1
        var name = "parameters"
        let theta: [Double]
        if let specifier = args.positionals.first {
            let model = try ModelInput.load(specifier)
            name = model.name
            theta = try ModelInput.dominantSpectrum(model, sequenceLength: try args.int("seq-len", minimum: 1, maximum: 1 << 50))
        } else {
            theta = try RotaryOptions.configuration(args).spectrum().inverseFrequencies.filter { $0 > 0 }
        }
        let s = try ScoreSignalSpectrum(inverseFrequencies: theta, window: window, stride: stride)
        var table = DataTable(columns: ["frequency", "power"])
        for (w, p) in zip(s.frequencies, s.power) { table.append([.number(w), .number(p)]) }
        let unresolved = s.lines.filter { !$0.resolved }.count, aliased = s.lines.filter(\.aliased).count
        let json = JSONValue.object([
            ("model", .string(name)), ("window", .integer(window)), ("stride", .integer(stride)),
            ("resolution", .number(s.resolution)), ("nyquist", .number(s.nyquist)),
            ("frequency", .numbers(s.frequencies)), ("power", .numbers(s.power)),
            ("lines", .array(s.lines.map { l in .object([("channel", .integer(l.channel)), ("inv_freq", .number(l.frequency)),
                                                          ("apparent_frequency", .number(l.apparentFrequency)),
                                                          ("resolved", .bool(l.resolved)), ("aliased", .bool(l.aliased))]) })),
        ])
        let floor = max(s.power.max()! * 1e-12, 1e-300)
        let peak = { (w: Double) -> Double in
            let k = min(s.power.count - 1, Int((w / s.resolution).rounded()))
            return max(s.power[k], floor)
        }
        let resolvedLines = s.lines.filter { $0.resolved && !$0.aliased }.map { ScatterSeries.Item(Point($0.apparentFrequency, peak($0.apparentFrequency))) }
        let aliasedLines = s.lines.filter(\.aliased).map { ScatterSeries.Item(Point($0.apparentFrequency, peak($0.apparentFrequency))) }
        let hidden = s.lines.filter { !$0.resolved }.map { ScatterSeries.Item(Point($0.frequency, floor * 10)) }
        let chart = Chart(title: "Power spectrum of the score signal Σ cos(m·θⱼ) — \(name)",
                          subtitle: "Hann window of \(window) samples, stride \(stride): \(unresolved) channels slower than the window, \(aliased) folded past Nyquist",
                          x: Axis("frequency ω (rad/token)", scale: .log10), y: Axis("power", scale: .log10),
                          layers: [.line(LineSeries("power spectrum", zip(s.frequencies, s.power).dropFirst().map { Point($0, max($1, floor)) }, width: 1.2)),
                                   .scatter(ScatterSeries("oscillator lines θⱼ", resolvedLines, color: Palette.color(1), radius: 3.5)),
                                   .scatter(ScatterSeries("folded past Nyquist", aliasedLines, color: Palette.color(3), radius: 3.5)),
                                   .scatter(ScatterSeries("unresolved (period > window)", hidden, color: Palette.color(2), radius: 3.5)),
                                   .rule(Rule(.vertical, at: s.resolution, label: "2π/W")),
                                   .rule(Rule(.vertical, at: s.nyquist, label: "Nyquist π/S"))])
        return Outcome(Report(title: "Score-signal power spectrum (phase-modulation view)",
                              summary: [("model", name), ("window", "\(window) samples × stride \(stride) = \(window * stride) tokens"),
                                        ("resolution", "2π/(W·S) = \(TextTable.formatNumber(s.resolution)) rad/token: \(unresolved) of \(theta.count) channels complete less than one cycle"),
                                        ("Nyquist", "π/S = \(TextTable.formatNumber(s.nyquist)) rad/token: \(aliased) channels fold")],
                              table: table, json: json, chart: chart))
    }

    static func chart(name: String, groups: [Group], context: Int?, original: Int?) -> Chart {
        var layers: [Layer] = []
        for (i, g) in groups.enumerated() {
            let color = Palette.color(i)
            let suffix = groups.count > 1 ? " (\(g.label.split(separator: " ")[0].replacingOccurrences(of: "_attention", with: "")))" : ""
            if g.spectrum.inverseFrequencies != g.unscaled.inverseFrequencies {
                layers.append(.line(LineSeries("unscaled, base \(TextTable.formatNumber(g.unscaled.base))\(suffix)",
                                               g.unscaled.wavelengths.enumerated().map { Point(Double($0), $1) }, color: color, dashed: true)))
            }
            layers.append(.line(LineSeries("\(g.spectrum.ropeType), base \(TextTable.formatNumber(g.spectrum.base))\(suffix)", g.spectrum.wavelengths.enumerated().map { Point(Double($0), $1) },
                                           color: color)))
        }
        if let original { layers.append(.rule(Rule(.horizontal, at: Double(original), label: "original context \(original)", color: "#888888"))) }
        if let context { layers.append(.rule(Rule(.horizontal, at: Double(context), label: "context \(context)", color: "#D55E00"))) }
        return Chart(title: "RoPE wavelengths per channel — \(name)",
                     subtitle: "channels whose wavelength exceeds the context never complete a rotation",
                     x: Axis("channel k"), y: Axis("wavelength 2π/θₖ (tokens)", scale: .log10), layers: layers)
    }
}
