import Charts
import ContextLimits
import Foundation

/// `ctxlimits locality`: how likely RoPE attention is to prefer a far key over a near one.
enum LocalityCommand {
    static let spec = CommandSpec(
        name: "locality",
        summary: "locality-bias and token-consistency failure probabilities",
        usage: ["--base B --head-dim D --rho R --near M1 --far M2 [--method exact|normal|monte-carlo] [--samples S]",
                "--base B --head-dim D --context L [--sweep context|base] [--bases B1,B2,…] [--content ones|gaussian]",
                "--base B --head-dim D --rho R --sweep distance --max-distance M",
                "CONFIG … (the model's own spectrum instead of --base/--head-dim)"],
        options: [
            .init("base", "B", "RoPE base"), .init("head-dim", "D", "rotary dimension"),
            .init("rho", "R", "query–key correlation ρ in [0, 1] (Gaussian content)"),
            .init("near", "M1", "near distance m₁"), .init("far", "M2", "far distance m₂ > m₁"),
            .init("method", "M", "exact (Gil-Pelaez, default), normal, monte-carlo or all"),
            .init("samples", "S", "Monte Carlo samples (default 10⁶)"), .init("seed", "N", "random seed (default 0)"),
            .init("context", "L", "context length of the uniform-position sweeps"),
            .init("sweep", "KIND", "context (default with --context), base, or distance"),
            .init("bases", "LIST", "bases for the context sweep (default 1e4,5e5,1e7) or A:B for the base sweep"),
            .init("content", "KIND", "ones (q = k = 1, default) or gaussian (seeded draw with --rho)"),
            .init("precision", "P", "format that decides aliasing (default bf16)"),
            .init("max-distance", "M", "largest distance of the distance sweep"),
        ],
        maxPositionals: 1,
        details: """
            Pair form (derived, locality.md §3.3): q ~ N(0, I), k = ρq + √(1−ρ²)ξ; inversion_probability is
            P[s(far) > s(near)]. ρ = 0 gives exactly 1/2. Sweeps (fixed content, r uniform on [0, L): a
            reconstruction of Du et al. 2026's model): position inversion = share of pairs r₁ < r₂ with
            s(r₁) < s(r₂); aliasing = equal after rounding to --precision; token events compare two keys.
            """)

    static let command = Subcommand(spec) { args, _ in try run(args) }

    static func theta(_ args: ParsedArguments) throws -> (String, [Double]) {
        if let specifier = args.positionals.first {
            guard !args.has("base") else { throw UsageError("give either CONFIG or --base/--head-dim, not both") }
            let model = try ModelInput.load(specifier)
            return (model.name, try ModelInput.dominantSpectrum(model))
        }
        let base = try args.requiredDouble("base", minimum: 1, exclusiveMinimum: true)
        let d = try args.requiredInt("head-dim", minimum: 2, maximum: 1 << 14)
        guard d % 2 == 0 else { throw InputError("--head-dim: \(d) must be even") }
        return ("base \(TextTable.formatNumber(base)), d = \(d)", spectrum(base, d))
    }

    /// The default spectrum b^{−2i/d}.
    static func spectrum(_ base: Double, _ d: Int) -> [Double] { RoPEKernel(base: base, rotaryDim: d).inverseFrequencies }

    static func run(_ args: ParsedArguments) throws -> Outcome {
        let sweep = try args.choice("sweep", ["context", "base", "distance"]) ?? (args.has("context") ? "context" : nil)
        switch sweep {
        case "context": return Outcome(try LocalitySweeps.context(args))
        case "base": return Outcome(try LocalitySweeps.base(args))
        case "distance": return Outcome(try LocalitySweeps.distance(args))
        default: return Outcome(try pair(args))
        }
    }

    static func pair(_ args: ParsedArguments) throws -> Report {
        let (name, theta) = try theta(args)
        let rho = try args.requiredDouble("rho", minimum: 0, maximum: 1)
        let near = try args.requiredInt("near", minimum: 0, maximum: 1 << 40)
        let far = try args.requiredInt("far", minimum: 0, maximum: 1 << 40)
        guard far > near else { throw InputError("--far: \(far) must be greater than --near (\(near))") }
        let method = try args.choice("method", ["exact", "normal", "monte-carlo", "all"]) ?? "exact"
        let samples = try args.int("samples", minimum: 100, maximum: 1_000_000_000) ?? 1_000_000
        let model = GaussianContentModel(inverseFrequencies: theta, near: near, far: far, rho: rho)
        var table = DataTable(columns: ["method", "inversion_probability", "standard_error", "error_estimate"])
        var results: [(String, Double, Double?)] = []
        if method == "exact" || method == "all" {
            let p = try model.exactProbability()
            results.append(("exact", 1 - p.value, nil))
            table.append([.text("exact (Gil-Pelaez)"), .number(1 - p.value), .empty, .number(p.error)])
        }
        if method == "normal" || method == "all" {
            let p = try model.normalApproximation()
            results.append(("normal", 1 - p, nil))
            table.append([.text("normal approximation"), .number(1 - p), .empty, .empty])
        }
        if method == "monte-carlo" || method == "all" {
            let p = try model.monteCarlo(samples: samples, seed: UInt64(try args.int("seed", minimum: 0, maximum: Int.max) ?? 0))
            results.append(("monte-carlo", 1 - p.value, p.error))
            table.append([.text("Monte Carlo (\(samples) samples)"), .number(1 - p.value), .number(p.error), .empty])
        }
        let first = results[0]
        var json: [(String, JSONValue)] = [("model", .string(name)), ("rho", .number(rho)), ("near", .integer(near)), ("far", .integer(far)),
                                           ("inversion_probability", .number(first.1)), ("method", .string(first.0))]
        if let se = first.2 { json.append(("standard_error", .number(se))) }
        json += [("mean_difference", .number(model.mean)), ("sd_difference", .number(model.variance.squareRoot())),
                 ("methods", .array(results.map { r in .object([("method", .string(r.0)), ("inversion_probability", .number(r.1))] + (r.2.map { [("standard_error", JSONValue.number($0))] } ?? [])) }))]
        let dist = try ScoreDifferenceDistribution(model: model, points: 2048)
        let chart = Chart(title: "Score difference D = s(near) − s(far) — \(name)",
                          subtitle: "ρ = \(TextTable.formatNumber(rho)), m₁ = \(near), m₂ = \(far): density by FFT inversion of φ_D against its normal approximation",
                          x: Axis("D"), y: Axis("density"),
                          layers: [.band(Band("P[D < 0]: the far key wins", x: dist.x.filter { $0 <= 0 }, lower: dist.x.filter { $0 <= 0 }.map { _ in 0 },
                                              upper: zip(dist.x, dist.density).filter { $0.0 <= 0 }.map(\.1), color: Palette.color(1), opacity: 0.3)),
                                   .line(LineSeries("exact density (FFT)", zip(dist.x, dist.density).map { Point($0, $1) })),
                                   .line(LineSeries("normal approximation", zip(dist.x, dist.normalDensity).map { Point($0, $1) }, dashed: true)),
                                   .rule(Rule(.vertical, at: 0))])
        return Report(title: "Locality: P[far key scores higher]", summary: [
            ("content", "q ~ N(0, I), k = ρq + √(1−ρ²)ξ, ρ = \(TextTable.formatNumber(rho))"),
            ("D = s(m₁) − s(m₂)", "mean \(TextTable.formatNumber(model.mean)), sd \(TextTable.formatNumber(model.variance.squareRoot()))"),
            ("inversion probability", TextTable.formatNumber(first.1) + " (\(first.0))"),
        ], table: table, notes: ["Derived in locality.md §3.3 (not from a paper): with ρ = 0 the probability is exactly 1/2."],
                      json: .object(json), chart: chart)
    }
}
