import Charts
import ContextLimits
import Foundation

/// `ctxlimits locality`: how likely RoPE attention is to prefer a far key over a near one.
enum LocalityCommand {
    enum Method: String, ArgumentChoice { case exact, normal, monteCarlo = "monte-carlo", all }
    enum Sweep: String, ArgumentChoice { case context, base, distance, tokenAliasing = "token-aliasing" }
    enum Content: String, ArgumentChoice { case ones, gaussian }
    enum Event: String, ArgumentChoice { case position, token }

    static let rho = Option<Double>.real("rho", "R", "query–key correlation ρ of Gaussian content", in: .closed(0, 1))
    static let near = Option<Int>.integer("near", "M1", "near distance m₁", in: 0...Shared.maxContext)
    static let far = Option<Int>.integer("far", "M2", "far distance m₂ > m₁", in: 1...Shared.maxContext)
    static let method = Option<Method>.choice("method", "exact (Gil-Pelaez), normal, monte-carlo or all", default: .exact)
    static let samples = Option<Int>.integer("samples", "S", "Monte Carlo samples", in: 100...1_000_000_000, default: 1_000_000)
    static let seed = Option<Int>.integer("seed", "N", "random seed", in: 0...Int.max, default: 0, defaultText: "0")
    static let maxSweepContext = 1 << 22
    static let context = Option<Int>.integer("context", "L", "context length of the uniform-position sweeps", in: 16...maxSweepContext)
    static let sweep = Option<Sweep>.choice("sweep", "context, base or distance", defaultText: "context with --context")
    static let bases = Option<[Double]>.list("bases", "B1,B2,…", "bases of the context sweep", in: .above(1), maxCount: 12,
                                             default: [1e4, 5e5, 1e7], defaultText: "1e4,5e5,1e7")
    static let baseRange = Option<ClosedRange<Double>>.range("base-range", "bases of the base sweep (every quarter decade)", in: .above(1, atMost: 1e15),
                                                             default: 1e2...1e9)
    static let content = Option<Content>.choice("content", "ones (q = k = 1) or gaussian (a seeded draw with --rho)", default: .ones)
    static let scorePrecision = Option<FloatFormat>.format("score-precision", "format the scores are rounded to for the aliasing events", default: .bf16)
    static let maxDistance = Option<Int>.integer("max-distance", "M", "largest distance of the distance sweep", in: 2...Shared.maxContext)
    static let sweepHeadDim = ModelArguments.headDim.withDefault(128, text: "128")
    static let seeds = Option<Int>.integer("seeds", "N", "average N Gaussian draws (seeds --seed, --seed+1, …), with their standard error", in: 2...256)
    static let event = Option<Event>.choice("event", "what the context sweep's figure draws: position inversion or token inversion, each beside its normal predictor",
                                            default: .position)
    static let positionProtocol = Option<PositionProtocol>.choice(
        "protocol", "pairs of the position inversion: all-pairs (r₁ < r₂ < L), halves ([0, L/2) against [L/2, L), Du et al. as reported), intervals (L+1..2L against 2L+1..3L, Wu et al. Thm 2)",
        default: .allPairs)

    static let pairOptions = ModelArguments.rotaryOptions + [rho.declaration, near.declaration, far.declaration, method.declaration,
                                                             samples.declaration, seed.declaration]
    static let contextOptions = [context.declaration, sweep.declaration, bases.declaration, sweepHeadDim.declaration, content.declaration,
                                 rho.declaration, seed.declaration, seeds.declaration, scorePrecision.declaration, positionProtocol.declaration, event.declaration]
    static let baseOptions = [context.declaration, sweep.declaration, baseRange.declaration, sweepHeadDim.declaration, content.declaration,
                              rho.declaration, seed.declaration, seeds.declaration, scorePrecision.declaration, positionProtocol.declaration]
    static let distanceOptions = ModelArguments.rotaryOptions + [rho.declaration, near.declaration, sweep.declaration, maxDistance.declaration]

    static let spec = CommandSpec(
        name: "locality",
        summary: "locality-bias and token-consistency failure probabilities",
        usage: ["--base B --head-dim D --rho R --near M1 --far M2 [--method exact|normal|monte-carlo|all] [--samples S]",
                "--context L [--bases B1,B2,…] [--head-dim D] [--content ones|gaussian] [--score-precision P] [--protocol all-pairs|halves|intervals] [--event position|token]",
                "CONFIG --context L [--content …]",
                "--context L --sweep base [--base-range A:B] [--head-dim D]",
                "--base B --head-dim D --rho R --sweep distance --max-distance M [--near M1]",
                "--sweep token-aliasing [--seed N]",
                "CONFIG … (the model's own spectrum instead of --base/--head-dim)"],
        options: pairOptions + contextOptions + baseOptions + distanceOptions,
        maxPositionals: 1,
        details: """
            Pair form (derived, locality.md §3.3): q ~ N(0, I), k = ρq + √(1−ρ²)ξ; inversion_probability is
            P[s(far) > s(near)]. ρ = 0 gives exactly 1/2. Sweeps (fixed content, r uniform on [0, L): a
            reconstruction of Du et al. 2026's model): position inversion = P[s(far) > s(near)] under --protocol
            (all-pairs: every r₁ < r₂, the default; halves; intervals); aliasing = equal after rounding to
            --score-precision; token events compare two keys, token_inversion_predicted = Φ(−μ_D/σ_D) from the
            exact moments (Wu, Du & Peng 2026, eq. 173); under halves and intervals,
            position_inversion_predicted = Φ((μ_far − μ_near)/√(σ²_near + σ²_far)) from the exact moments
            of each range (derived here). --event token draws the token inversion instead of the position one.
            """)

    static let command = Subcommand(spec) { call in
        let a = call.arguments
        switch try a[sweep] ?? (a.has(context) ? .context : nil) {
        case .context?:
            try a.restrict(to: contextOptions, form: "the context sweep")
            return Outcome(try LocalityContextSweep.report(call))
        case .base?:
            try a.restrict(to: baseOptions, form: "the base sweep")
            guard a.positionals.isEmpty else { throw UsageError("the base sweep varies the base of an unscaled spectrum: give no CONFIG") }
            return Outcome(try LocalityContextSweep.baseReport(call))
        case .distance?:
            try a.restrict(to: distanceOptions, form: "the distance sweep")
            return Outcome(try distanceReport(a))
        case .tokenAliasing?:
            try a.restrict(to: [sweep.declaration, seed.declaration], form: "the token-aliasing fit")
            guard a.positionals.isEmpty else { throw UsageError("the token-aliasing fit varies the head dimension: give no CONFIG") }
            return Outcome(LocalityContextSweep.aliasingLawReport(seed: UInt64(try a.value(seed)!)))
        case nil:
            try a.restrict(to: pairOptions, form: "the pair form")
            return Outcome(try pairReport(call))
        }
    }

    /// The spectrum of CONFIG (its dominant layer type at `context`, or at initialisation) or of
    /// the bare parameters, with a name for the JSON ("base 10000, d = 128") and one for titles
    /// ("base 10 000, d = 128").
    static func spectrum(_ a: ParsedArguments, context: Int? = nil) throws -> (name: String, title: String, theta: [Double]) {
        let input = try ModelArguments.input(a)
        let L = context ?? input.model.advertisedContext ?? 1
        let s = try ModelArguments.dominantSpectrum(input, atContext: L)
        let theta = s.spectrum.rotatedInverseFrequencies
        guard input.origin == .parameters else { return (input.name, input.name, theta) }
        let d = s.spectrum.rotaryDim
        return ("base \(TextTable.formatNumber(s.rotary.base)), d = \(d)", "base \(Notation.compact(s.rotary.base)), d = \(d)", theta)
    }

    static func pairReport(_ call: Invocation) throws -> Report {
        let a = call.arguments
        let (name, titleName, theta) = try spectrum(a)
        let rho = try a.required(Self.rho), near = try a.required(Self.near), far = try a.required(Self.far)
        guard far > near else { throw InputError("--far: \(far) must be greater than --near (\(near))") }
        let method = try a.value(Self.method)!
        let samples = try a.value(Self.samples)!
        if method == .monteCarlo || method == .all { try Shared.checkKernelWork(positions: samples, channels: theta.count, option: "samples") }
        let model = GaussianContentModel(inverseFrequencies: theta, near: near, far: far, rho: rho)
        var table = DataTable(columns: ["method", "inversion_probability", "standard_error", "error_estimate"])
        var results: [(String, Double, Double?)] = []
        if method == .exact || method == .all {
            let p = try model.exactInversionProbability()
            results.append(("exact", p.value, nil))
            table.append([.text("exact (Gil-Pelaez)"), .number(p.value), .empty, .number(p.error)])
        }
        if method == .normal || method == .all {
            let p = try model.normalInversionProbability()
            results.append(("normal", p, nil))
            table.append([.text("normal approximation"), .number(p), .empty, .empty])
        }
        if method == .monteCarlo || method == .all {
            let seed = UInt64(try a.value(seed)!)
            let p = try call.withProgress("Monte Carlo, \(samples) samples") { sink in
                try model.monteCarloInversionProbability(samples: samples, seed: seed, progress: sink)
            }
            results.append(("monte-carlo", p.value, p.error))
            table.append([.text("Monte Carlo (\(samples) samples)"), .number(p.value), .number(p.error), .empty])
        }
        let first = results[0]
        var json: [(String, JSONValue)] = [("model", .string(name)), ("rho", .number(rho)), ("near", .integer(near)), ("far", .integer(far)),
                                           ("inversion_probability", .number(first.1)), ("method", .string(first.0))]
        if let se = first.2 { json.append(("standard_error", .number(se))) }
        json += [("mean_difference", .number(model.mean)), ("sd_difference", .number(model.variance.squareRoot())),
                 ("methods", .array(results.map { r in .object([("method", .string(r.0)), ("inversion_probability", .number(r.1))] + (r.2.map { [("standard_error", JSONValue.number($0))] } ?? [])) }))]
        let dist = try ScoreDifferenceDistribution(model: model, points: 2048)
        let f = TextTable.formatNumber
        // The mass lies within a few standard deviations; on a log density the tails show where the
        // normal approximation departs from the exact law.
        let sd = model.variance.squareRoot(), centre = model.mean
        let shown = zip(dist.x, zip(dist.density, dist.normalDensity)).filter { abs($0.0 - centre) <= 6 * sd }
        let peak = shown.map(\.1.0).max() ?? 1
        let floorDensity = peak * 1e-7
        func clip(_ v: Double) -> Double { v >= floorDensity ? v : .nan }
        let exactP = results.first { $0.0 == "exact" }?.1 ?? first.1
        let chart = Chart(title: "Score difference D = s(near) − s(far) — \(titleName)",
                          subtitle: "ρ = \(f(rho)), m_1 = \(near), m_2 = \(far): exact density (FFT inversion of φ_D) against the normal approximation, on a log scale to show the tails",
                          x: Axis("D", range: (centre - 6 * sd)...(centre + 6 * sd)), y: Axis("density", scale: .log10, range: floorDensity...peak * 3),
                          layers: [.band(Band("P[D < 0] = \(Notation.compact(exactP)): the far key wins", x: shown.filter { $0.0 <= 0 }.map(\.0),
                                              lower: shown.filter { $0.0 <= 0 }.map { _ in floorDensity },
                                              upper: shown.filter { $0.0 <= 0 }.map { max($0.1.0, floorDensity) }, color: Palette.color(1), opacity: 0.3)),
                                   .line(LineSeries("exact density (FFT)", shown.map { Point($0.0, clip($0.1.0)) }, color: Palette.color(0))),
                                   .line(LineSeries("normal approximation", shown.map { Point($0.0, clip($0.1.1)) }, color: "#222222", dashed: true, width: 1.4)),
                                   .rule(Rule(.vertical, at: 0, label: "D = 0"))])
        return Report(title: "Locality: P[far key scores higher]", summary: [
            ("content", "q ~ N(0, I), k = ρq + √(1−ρ²)ξ, ρ = \(f(rho))"),
            ("D = s(m₁) − s(m₂)", "mean \(f(model.mean)), sd \(f(model.variance.squareRoot()))"),
            ("inversion probability", f(first.1) + " (\(first.0))"),
        ], table: table, notes: ["Derived in locality.md §3.3 (not from a paper): with ρ = 0 the probability is exactly 1/2."],
                      json: .object(json), chart: chart)
    }

    /// P[s(far) > s(near)] against the far distance under Gaussian content.
    static func distanceReport(_ a: ParsedArguments) throws -> Report {
        let (name, titleName, theta) = try spectrum(a)
        let rho = try a.required(Self.rho)
        let near = try a[Self.near] ?? 0
        let maxDistance = try a.required(Self.maxDistance)
        guard maxDistance >= near + 2 else { throw InputError("--max-distance: \(maxDistance) must be at least --near + 2 = \(near + 2)") }
        var table = DataTable(columns: ["far", "inversion_probability", "normal_approximation", "error_estimate"])
        var exact: [Point] = [], normal: [Point] = [], difference: [Point] = []
        // Every distance of the first hundred, then 60 per decade: the function oscillates at every
        // scale, so the samples are drawn as points, not joined.
        var fars = Set((near + 1)...min(maxDistance, near + 100))
        for e in stride(from: 2.0, through: log10(Double(maxDistance - near)), by: 1.0 / 60) { fars.insert(near + Int(pow(10, e).rounded())) }
        for far in fars.sorted() where far <= maxDistance {
            let model = GaussianContentModel(inverseFrequencies: theta, near: near, far: far, rho: rho)
            let p = try model.exactInversionProbability(), n = try model.normalInversionProbability()
            table.append([.integer(far), .number(p.value), .number(n), .number(p.error)])
            let gap = Double(far - near)
            exact.append(Point(gap, p.value)); normal.append(Point(gap, n)); difference.append(Point(gap, n - p.value))
        }
        let worst = difference.map { abs($0.y) }.max() ?? 0
        return Report(title: "P[far key scores higher] against distance", table: table,
                      json: .object([("model", .string(name)), ("rho", .number(rho)), ("near", .integer(near)),
                                     ("far", .array(exact.map { .integer(Int($0.x) + near) })), ("inversion_probability", .numbers(exact.map(\.y))),
                                     ("max_normal_error", .number(worst))]),
                      chart: distanceChart(titleName: titleName, rho: rho, near: near, exact: exact, normal: normal, difference: difference))
    }

    /// The probabilities in the main panel; the normal approximation's error in a residual panel
    /// under it, on the same x-axis (drawn as points: the samples are irregular).
    static func distanceChart(titleName: String, rho: Double, near: Int, exact: [Point], normal: [Point], difference: [Point]) -> Chart {
        let worst = difference.map { abs($0.y) }.max() ?? 0
        let xs = exact.map(\.x)
        let xAxis = Axis("far − near (tokens)", scale: .log10, range: (xs.min() ?? 1) / 1.3...(xs.max() ?? 10) * 1.3)
        let left = 110.0
        var main = Chart(title: "P[s(far) > s(near)] under Gaussian content — \(RichText.literal(titleName))",
                         subtitle: "q ~ N(0, I), k = ρq + √(1−ρ²)ξ, ρ = \(TextTable.formatNumber(rho)), near distance \(near); each point one far distance; the normal approximation's error in the panel below",
                         x: xAxis, y: Axis("inversion probability", range: 0...1),
                         layers: [.scatter(ScatterSeries("normal approximation", normal.map { .init($0) }, color: "#555555", radius: 4.5, hollow: true)),
                                  .scatter(ScatterSeries("exact (Gil-Pelaez)", exact.map { .init($0) }, color: Palette.color(0), radius: 2.4)),
                                  .rule(Rule(.horizontal, at: 0.5, label: "1/2"))],
                         height: 520)
        main.minimumLeft = left
        let bound = max(worst * 1.15, 1e-12)
        var residual = Chart(title: "Residual: normal − exact (largest |Δ| = \(Notation.compact(worst)))",
                             x: xAxis, y: Axis("normal − exact", range: -bound...bound),
                             layers: [.scatter(ScatterSeries("normal − exact", difference.map { .init($0) }, color: Palette.color(1), radius: 2)),
                                      .rule(Rule(.horizontal, at: 0))],
                             legend: .none, height: 300)
        residual.minimumLeft = left
        main.panelsBelow = [residual]
        return main
    }
}
extension PositionProtocol: ArgumentChoice {}
