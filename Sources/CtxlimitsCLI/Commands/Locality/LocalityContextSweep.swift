import Charts
import ContextLimits
import Foundation

/// The sweep forms of `ctxlimits locality` over the uniform-position model.
enum LocalityContextSweep {
    typealias C = LocalityCommand

    static func contentModel(_ a: ParsedArguments) throws -> ContentModel {
        switch try a.value(C.content)! {
        case .ones:
            if a.has(C.rho) { throw UsageError("--rho has no effect with --content ones") }
            return .ones
        case .gaussian:
            return .gaussian(rho: try a[C.rho] ?? 0.5, seed: UInt64(try a.value(C.seed)!))
        }
    }

    /// The seeds of the draws: one for fixed content; `--seeds N` Gaussian draws from `--seed`.
    static func seeds(_ a: ParsedArguments, _ content: ContentModel) throws -> [UInt64]? {
        guard let n = try a[C.seeds] else { return nil }
        guard case .gaussian = content else { throw UsageError("--seeds averages Gaussian draws: give --content gaussian") }
        let first = UInt64(try a.value(C.seed)!)
        return (0..<UInt64(n)).map { first &+ $0 }
    }

    /// "all-ones content" or "Gaussian content (ρ = 0.5)", for the title.
    static func contentTitle(_ content: ContentModel) -> String {
        switch content {
        case .ones: return "all-ones content"
        case let .gaussian(rho, _): return "Gaussian content (ρ = \(TextTable.formatNumber(rho)))"
        }
    }

    /// How many content draws the curves are, for the subtitle: "" for all-ones content.
    static func drawsSubtitle(_ content: ContentModel, draws: Int?) -> String {
        guard case let .gaussian(_, seed) = content else { return "" }
        return draws.map { "; mean of \($0) draws, bands ±1 standard error" } ?? "; one draw (seed \(seed))"
    }

    /// The four events against context length, for several bases (or for CONFIG's spectrum).
    static func report(_ call: Invocation) throws -> Report {
        let a = call.arguments
        let L = try a.required(C.context)
        let format = try a.value(C.scorePrecision)!
        let content = try contentModel(a)
        let seeds = try seeds(a, content)
        let positionProtocol = try a.value(C.positionProtocol)!
        let contexts = stride(from: 8, through: Int(log2(Double(L))), by: 1).map { 1 << $0 } + (L.nonzeroBitCount == 1 ? [] : [L])
        var curves: [(label: String, base: Double?, theta: [Double])] = []
        if a.positionals.first != nil {
            if a.has(C.bases) || a.has(C.sweepHeadDim) { throw UsageError("--bases and --head-dim describe bare spectra; give either CONFIG or them") }
            let input = try ModelArguments.input(a)
            let s = try ModelArguments.dominantSpectrum(input, atContext: L)
            curves.append((input.name, nil, s.spectrum.rotatedInverseFrequencies))
        } else {
            let d = try a.value(C.sweepHeadDim)!
            guard d % 2 == 0 else { throw InputError("--head-dim: \(d) must be even") }
            for b in try a.value(C.bases)! {
                let input = ModelInput(parameters: RotaryConfiguration(base: b, headDim: d))
                let s = try ModelArguments.dominantSpectrum(input, atContext: L)
                curves.append(("base \(Notation.compact(b))", b, s.spectrum.rotatedInverseFrequencies))
            }
        }
        let event = try a.value(C.event)!
        let predicts = positionProtocol != .allPairs
        try checkPredictorWork(channels: curves.map(\.theta.count).max() ?? 0, evaluations: curves.count * contexts.count * (seeds?.count ?? 1),
                               source: a.positionals.first.map { "the rotary dimension of \($0)" } ?? "--head-dim")
        var table = DataTable(columns: ["base", "context_length", "position_inversion", "position_aliasing", "token_inversion", "token_inversion_predicted",
                                        "token_aliasing"] + (predicts ? ["position_inversion_predicted"] : [])
                                + (seeds == nil ? [] : ["position_inversion_se", "token_inversion_se", "draws"]))
        let rows = try call.withProgress("locality sweep to \(L)") { sink throws(Interrupted) -> [[EventRatesSpread]] in
            try curves.enumerated().map { (i, c) throws(Interrupted) -> [EventRatesSpread] in
                let stage = sink.stage(Double(i) / Double(curves.count), 1 / Double(curves.count))
                if let seeds, case let .gaussian(rho, _) = content {
                    return try UniformPositionModel.seedSweep(rho: rho, seeds: seeds, inverseFrequencies: c.theta, contexts: contexts, format: format,
                                                              positionProtocol: positionProtocol, progress: stage)
                }
                return try UniformPositionModel.contextSweep(content, inverseFrequencies: c.theta, contexts: contexts, format: format,
                                                             positionProtocol: positionProtocol, progress: stage)
                    .map(EventRatesSpread.init(single:))
            }
        }
        for (curve, events) in zip(curves, rows) {
            for spread in events {
                let e = spread.mean
                var row: [Cell] = [curve.base.map(Cell.number) ?? .text(curve.label), .integer(e.context), .number(e.positionInversion)]
                row += [.number(e.positionAliasing), .number(e.tokenInversion), .number(e.tokenInversionPredicted), .number(e.tokenAliasing)]
                if predicts { row.append(e.positionInversionPredicted.map(Cell.number) ?? .empty) }
                if seeds != nil { row += [.number(spread.standardError.positionInversion), .number(spread.standardError.tokenInversion), .integer(spread.draws)] }
                table.append(row)
            }
        }
        let d = 2 * curves[0].theta.count
        let draws = seeds?.count
        let chart: Chart
        switch event {
        case .position:
            chart = positionChart(curves.map(\.label), rows, positionProtocol: positionProtocol, content: content, draws: draws, d: d)
        case .token:
            chart = tokenChart(curves.map(\.label), rows, content: content, draws: draws, d: d)
        }
        return Report(title: "Locality against context (uniform positions, fixed content)", table: table,
                      notes: ["Model after Du et al. (2026) as described by secondary sources: a reconstruction, not the paper's results.",
                              "content: \(content.label)" + (draws.map { ", \($0) draws" } ?? "") + "; position protocol: \(positionProtocol.rawValue)"]
                        + (predicts ? ["position_inversion_predicted: Φ((μ_far − μ_near)/√(σ²_near + σ²_far)) from the exact moments of each range (derived here, not Du et al.'s bound)."] : []),
                      json: .object([("protocol", .string(positionProtocol.rawValue)), ("content", .string(content.label)), ("rows", .records(table))]),
                      chart: chart)
    }

    /// One measured curve per base (markers, with ±1 SE bands for several draws) and, where the
    /// protocol has one, its normal predictor dashed in the same colour.
    static func measuredAndPredicted(_ labels: [String], _ rows: [[EventRatesSpread]], measured: KeyPath<EventRates, Double>,
                                     predicted: (EventRates) -> Double?, banded: Bool) -> [Layer] {
        var layers: [Layer] = []
        var anyPredicted = false
        for (i, (label, events)) in zip(labels, rows).enumerated() {
            let xs = events.map { Double($0.mean.context) }
            if banded {
                layers.append(.band(Band(nil, x: xs, lower: events.map { $0.mean[keyPath: measured] - $0.standardError[keyPath: measured] },
                                         upper: events.map { $0.mean[keyPath: measured] + $0.standardError[keyPath: measured] }, color: Palette.color(i), opacity: 0.2)))
            }
            layers.append(.line(LineSeries(label, events.map { Point(Double($0.mean.context), $0.mean[keyPath: measured]) },
                                           color: Palette.color(i), marker: .circle)))
            let theory = events.compactMap { e in predicted(e.mean).map { Point(Double(e.mean.context), $0) } }
            if !theory.isEmpty {
                anyPredicted = true
                layers.append(.line(LineSeries(nil, theory, color: Palette.color(i), dashed: true, width: 1.6)))
            }
        }
        // One legend entry for every dashed predictor (each drawn in its base's colour).
        if anyPredicted { layers.append(.line(LineSeries("normal predictor (dashed, same colour)", [], color: "#555555", dashed: true, width: 1.6))) }
        return layers
    }

    static func positionChart(_ labels: [String], _ rows: [[EventRatesSpread]], positionProtocol: PositionProtocol, content: ContentModel,
                              draws: Int?, d: Int) -> Chart {
        let layers = measuredAndPredicted(labels, rows, measured: \.positionInversion, predicted: { $0.positionInversionPredicted }, banded: draws != nil)
            + [.rule(Rule(.horizontal, at: 0.5, label: "1/2: no locality"))]
        let theory = positionProtocol == .allPairs ? ""
            : "; dashed: Φ((μ_{far} − μ_{near})/√(σ²_{near} + σ²_{far})) with the exact moments of s over each range (normal predictor, derived here)"
        return Chart(title: "Position inversion against context — \(contentTitle(content))",
                     subtitle: "d = \(d); " + protocolSubtitle(positionProtocol) + theory + drawsSubtitle(content, draws: draws),
                     x: Axis("context length L (tokens)", scale: .log10), y: Axis("position inversion rate", range: 0...0.62), layers: layers)
    }

    static func tokenChart(_ labels: [String], _ rows: [[EventRatesSpread]], content: ContentModel, draws: Int?, d: Int) -> Chart {
        let layers = measuredAndPredicted(labels, rows, measured: \.tokenInversion, predicted: { $0.tokenInversionPredicted }, banded: draws != nil)
            + [.rule(Rule(.horizontal, at: 0.5, label: "1/2: no token consistency"))]
        return Chart(title: "Token inversion against context — \(contentTitle(content))",
                     subtitle: "d = \(d); token inversion: share of distances r < L at which two keys' scores are in the opposite order to r = 0"
                        + "; dashed: the normal predictor Φ(−μ_D/σ_D) with the exact moments of D = s_1 − s_2 (Wu, Du & Peng 2026, eq. 173)"
                        + drawsSubtitle(content, draws: draws),
                     x: Axis("context length L (tokens)", scale: .log10), y: Axis("token inversion rate", range: 0.2...0.65), layers: layers)
    }

    static func protocolSubtitle(_ p: PositionProtocol) -> String {
        switch p {
        case .allPairs: return "share of position pairs r_1 < r_2 < L where the farther copy of the key scores higher"
        case .halves: return "P[a distance in [L/2, L) scores higher than one in [0, L/2)]"
        case .intervals: return "P[a distance in 2L+1..3L scores higher than one in L+1..2L]"
        }
    }

    /// Position against token inversion as the base varies at fixed L (the base trade-off).
    /// The most terms of the normal predictor p̂_rev one sweep evaluates: O(h²) per context, base
    /// and draw (``UniformPositionModel/reversalPredictor(_:inverseFrequencies:context:)``); 2^25
    /// terms take about 10 s (measured: 3 s for --head-dim 2048 at --context 4096 with three bases, 1.6·10^7 terms).
    static let maxPredictorTerms = 1 << 25

    /// Refuses a sweep whose predictor work (h² per evaluation) is above ``maxPredictorTerms``
    /// before it starts, naming what sets h.
    static func checkPredictorWork(channels h: Int, evaluations: Int, source: String) throws(InputError) {
        let terms = Double(h) * Double(h) * Double(evaluations)
        guard terms > Double(maxPredictorTerms) else { return }
        throw InputError("\(source): \(2 * h) dimensions make the sweep's reversal predictor \(evaluations) × \(h)² = \(Numbers.text(terms)) terms, "
                         + "above the \(Numbers.size(maxPredictorTerms)) one sweep evaluates (about 10 s): lower the head dimension, the bases, --seeds or --context")
    }

    static func baseReport(_ call: Invocation) throws -> Report {
        let a = call.arguments
        let L = try a.required(C.context)
        let d = try a.value(C.sweepHeadDim)!
        guard d % 2 == 0 else { throw InputError("--head-dim: \(d) must be even") }
        let range = try a.value(C.baseRange)!
        let format = try a.value(C.scorePrecision)!
        let content = try contentModel(a)
        let seeds = try seeds(a, content)
        let positionProtocol = try a.value(C.positionProtocol)!
        let bases = stride(from: log10(range.lowerBound), through: log10(range.upperBound) + 1e-9, by: 0.25).map { pow(10, $0) }
        try checkPredictorWork(channels: d / 2, evaluations: bases.count * (seeds?.count ?? 1), source: "--head-dim")
        let events: [EventRatesSpread] = try call.withProgress("base sweep at \(L)") { sink throws(Interrupted) in
            if let seeds, case let .gaussian(rho, _) = content {
                let counter = WorkCounter(total: Double(bases.count), sink: sink)
                var out: [EventRatesSpread] = []
                for b in bases {
                    out += try UniformPositionModel.seedSweep(rho: rho, seeds: seeds, inverseFrequencies: RotarySpectrum.standardInverseFrequencies(base: b, rotaryDim: d),
                                                              contexts: [L], format: format, positionProtocol: positionProtocol)
                    try counter.advance()
                }
                return out
            }
            return try UniformPositionModel.baseSweep(content, rotaryDim: d, bases: bases, context: L, format: format,
                                                      positionProtocol: positionProtocol, progress: sink).map(EventRatesSpread.init(single:))
        }
        var table = DataTable(columns: ["base", "position_inversion", "position_aliasing", "token_inversion", "token_aliasing"]
                              + (seeds == nil ? [] : ["position_inversion_se", "token_inversion_se", "draws"]))
        for (b, spread) in zip(bases, events) {
            let e = spread.mean
            var row: [Cell] = [.number(b), .number(e.positionInversion), .number(e.positionAliasing), .number(e.tokenInversion), .number(e.tokenAliasing)]
            if seeds != nil { row += [.number(spread.standardError.positionInversion), .number(spread.standardError.tokenInversion), .integer(spread.draws)] }
            table.append(row)
        }
        let pos = zip(bases, events).map { Point($0, $1.mean.positionInversion) }, tok = zip(bases, events).map { Point($0, $1.mean.tokenInversion) }
        let apart = TradeOffRegions.find(bases: bases, position: pos.map(\.y), token: tok.map(\.y))
        var layers: [Layer] = []
        let yRange = 0.25...0.6
        for (n, run) in apart.enumerated() {
            layers.append(.band(Band(n == 0 ? "raising the base: positions fail more, tokens less (3-point moving averages move apart)" : nil,
                                     x: [run.lowerBound, run.upperBound], lower: [yRange.lowerBound, yRange.lowerBound],
                                     upper: [yRange.upperBound, yRange.upperBound], color: "#999999", opacity: 0.18)))
        }
        if seeds != nil {
            layers.append(.band(Band(nil, x: bases, lower: events.map { $0.mean.positionInversion - $0.standardError.positionInversion },
                                     upper: events.map { $0.mean.positionInversion + $0.standardError.positionInversion }, color: Palette.color(0), opacity: 0.2)))
            layers.append(.band(Band(nil, x: bases, lower: events.map { $0.mean.tokenInversion - $0.standardError.tokenInversion },
                                     upper: events.map { $0.mean.tokenInversion + $0.standardError.tokenInversion }, color: Palette.color(1), opacity: 0.2)))
        }
        layers += [.line(LineSeries("position inversion", pos, color: Palette.color(0), marker: .circle)),
                   .line(LineSeries("token inversion", tok, color: Palette.color(1), marker: .square)),
                   .rule(Rule(.horizontal, at: 0.5, label: "1/2"))]
        if let cross = TradeOffRegions.lastCrossing(bases: bases, position: pos.map(\.y), token: tok.map(\.y)) {
            layers.append(.rule(Rule(.vertical, at: cross, label: "positions fail more often than tokens from here")))
        }
        let draws = seeds?.count
        let headline: String
        if let last = apart.last {
            headline = "positions and tokens pull apart from base \(Notation.compact(TradeOffRegions.rounded(last.lowerBound)))"
        } else {
            headline = "no base range where positions and tokens pull apart"
        }
        return Report(title: "Base trade-off at L = \(L)", table: table,
                      notes: ["Reconstruction after Du et al. (2026): raising the base helps tell tokens apart and hurts telling positions apart.",
                              "content: \(content.label)" + (draws.map { ", \($0) draws" } ?? "") + "; position protocol: \(positionProtocol.rawValue)",
                              "pull apart: bases where the 3-point moving averages of the two rates move in opposite directions, positions up and tokens down"
                                + (apart.isEmpty ? " (none)" : ": " + apart.map { "\(Notation.compact($0.lowerBound))–\(Notation.compact($0.upperBound))" }.joined(separator: ", "))],
                      json: .object([("protocol", .string(positionProtocol.rawValue)), ("content", .string(content.label)),
                                     ("pull_apart", .array(apart.map { .object([("from_base", .number($0.lowerBound)), ("to_base", .number($0.upperBound))]) })),
                                     ("rows", .records(table))]),
                      chart: Chart(title: "Base trade-off at L = \(L), d = \(d): \(headline) — \(contentTitle(content))",
                                   subtitle: "position inversion: " + Self.protocolSubtitle(positionProtocol)
                                    + "; token inversion: share of distances r < L at which two keys' scores are in the opposite order to r = 0"
                                    + drawsSubtitle(content, draws: draws),
                                   x: Axis("RoPE base", scale: .log10), y: Axis("inversion rate", range: yRange), layers: layers))
    }

    /// The simulated token-aliasing rate against the secondary account's Θ(2^−f·√h·M), with the fitted constant.
    static func aliasingLawReport(seed: UInt64) -> Report {
        let points = TokenAliasingLaw.simulate(halfDimensions: [16, 32, 64, 128], formats: [.bf16, .fp16], contexts: [4096, 32768, 131072], seed: seed)
        let c = TokenAliasingLaw.fittedConstant(points), f = TextTable.formatNumber
        var table = DataTable(columns: ["h", "format", "context_length", "token_aliasing", "predictor", "ratio"])
        for p in points {
            table.append([.integer(p.halfDimension), .text(p.format.name), .integer(p.context), .number(p.rate), .number(p.predictor), .number(p.ratio)])
        }
        let ratios = points.map(\.ratio)
        return Report(title: "Token aliasing against Θ(2^−f·√h·M) (secondary)",
                      summary: [("law", "rate ≈ C·2^−f·√h: Du et al.'s Theorem 4 as a third-party summary states it [S], constant not given"),
                                ("fitted C", "\(f(c)) (least squares through the origin; per-point ratios \(f(ratios.min()!)) … \(f(ratios.max()!)))"),
                                ("content", "Gaussian, ρ = 0.5, seed \(seed); base 10⁴; scores rounded to the format")],
                      table: table,
                      notes: ["The summary's own example (\"~5% of positions\" for bf16, h = 64) would mean C ≈ 0.8, for score magnitudes of its content, not this one's."],
                      json: .object([("law", .string("rate ≈ C·2^-f·sqrt(h) [secondary]")), ("fitted_constant", .number(c)), ("seed", .integer(Int(seed))),
                                     ("points", .records(table))]))
    }
}
