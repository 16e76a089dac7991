import Charts
import ContextLimits
import Foundation

/// The sweep forms of `ctxlimits locality`.
enum LocalitySweeps {
    /// Content for the uniform-position model: q = k = 1, or a seeded Gaussian draw with
    /// correlation ρ; the second key (token events) is another draw (or a one-block perturbation
    /// of the ones key).
    static func content(_ args: ParsedArguments, dimension d: Int) throws -> (ContentPair, ContentPair) {
        switch try args.choice("content", ["ones", "gaussian"]) ?? "ones" {
        case "gaussian":
            let rho = try args.double("rho", minimum: 0, maximum: 1) ?? 0.5
            var rng = RandomStream(seed: UInt64(try args.int("seed", minimum: 0, maximum: Int.max) ?? 0))
            let q = (0..<d).map { _ in rng.nextNormal() }
            func key() -> [Double] { q.map { rho * $0 + (1 - rho * rho).squareRoot() * rng.nextNormal() } }
            return (ContentPair(query: q, key: key()), ContentPair(query: q, key: key()))
        default:
            var k2 = Array(repeating: 1.0, count: d)
            k2[d - 2] = 0.5                 // a second token that differs in its slowest channel
            return (.ones(dimension: d), ContentPair(query: Array(repeating: 1, count: d), key: k2))
        }
    }

    static func bases(_ args: ParsedArguments) throws -> [Double] {
        guard let text = args.string("bases") else { return [1e4, 5e5, 1e7] }
        var out: [Double] = []
        for part in text.split(separator: ",") {
            guard let v = Double(part), v.isFinite, v > 1 else { throw InputError("--bases: '\(part)' is not a base greater than 1") }
            out.append(v)
        }
        guard !out.isEmpty, out.count <= 12 else { throw InputError("--bases: give 1 to 12 bases") }
        return out
    }

    /// The four events against context length, for several bases.
    static func context(_ args: ParsedArguments) throws -> Report {
        let L = try args.requiredInt("context", minimum: 16, maximum: 4_000_000)
        let d = try args.int("head-dim", minimum: 2, maximum: 1 << 14) ?? 128
        guard d % 2 == 0 else { throw InputError("--head-dim: \(d) must be even") }
        let format = try ModelInput.format(args, default: .bf16)
        let (c1, c2) = try content(args, dimension: d)
        let contexts = stride(from: 8, through: Int(log2(Double(L))), by: 1).map { 1 << $0 } + (L.nonzeroBitCount == 1 ? [] : [L])
        var table = DataTable(columns: ["base", "context_length", "position_inversion", "position_aliasing", "token_inversion", "token_aliasing"])
        var lines: [Layer] = []
        for (i, b) in try bases(args).enumerated() {
            let theta = LocalityCommand.spectrum(b, d)
            let s1 = UniformPositionModel.scores(c1, inverseFrequencies: theta, context: L)
            let s2 = UniformPositionModel.scores(c2, inverseFrequencies: theta, context: L)
            var points: [Point] = []
            for n in contexts where n <= L {
                let prefix = Array(s1[0..<n])
                let inversion = UniformPositionModel.inversionRate(prefix)
                let aliasing = UniformPositionModel.aliasingRate(prefix, format: format)
                let token = UniformPositionModel.tokenEvents(prefix, Array(s2[0..<n]), format: format)
                table.append([.number(b), .integer(n), .number(inversion), .number(aliasing), .number(token.inversion), .number(token.aliasing)])
                points.append(Point(Double(n), inversion))
            }
            lines.append(.line(LineSeries("base \(TextTable.formatNumber(b))", points, color: Palette.color(i))))
        }
        lines.append(.rule(Rule(.horizontal, at: 0.5, label: "1/2: no locality")))
        return Report(title: "Locality against context (uniform positions, fixed content)", table: table,
                      notes: ["Model after Du et al. (2026) as described by secondary sources: a reconstruction, not the paper's results."],
                      json: .records(table),
                      chart: Chart(title: "Position inversion against context, d = \(d)",
                                   subtitle: "share of position pairs r₁ < r₂ < L where the farther copy of the key scores higher",
                                   x: Axis("context length L", scale: .log10), y: Axis("position inversion rate", range: 0...0.6), layers: lines))
    }

    /// Position against token inversion as the base varies at fixed L (the base trade-off).
    static func base(_ args: ParsedArguments) throws -> Report {
        let L = try args.requiredInt("context", minimum: 16, maximum: 4_000_000)
        let d = try args.int("head-dim", minimum: 2, maximum: 1 << 14) ?? 128
        guard d % 2 == 0 else { throw InputError("--head-dim: \(d) must be even") }
        let range = try args.range("bases", minimum: 1, exclusiveMinimum: true, maximum: 1e15) ?? 1e2...1e9
        let format = try ModelInput.format(args, default: .bf16)
        let (c1, c2) = try content(args, dimension: d)
        var table = DataTable(columns: ["base", "position_inversion", "position_aliasing", "token_inversion", "token_aliasing"])
        var pos: [Point] = [], tok: [Point] = []
        for e in stride(from: log10(range.lowerBound), through: log10(range.upperBound) + 1e-9, by: 0.25) {
            let b = pow(10, e), theta = LocalityCommand.spectrum(b, d)
            let s1 = UniformPositionModel.scores(c1, inverseFrequencies: theta, context: L)
            let s2 = UniformPositionModel.scores(c2, inverseFrequencies: theta, context: L)
            let inversion = UniformPositionModel.inversionRate(s1)
            let token = UniformPositionModel.tokenEvents(s1, s2, format: format)
            table.append([.number(b), .number(inversion), .number(UniformPositionModel.aliasingRate(s1, format: format)), .number(token.inversion), .number(token.aliasing)])
            pos.append(Point(b, inversion)); tok.append(Point(b, token.inversion))
        }
        return Report(title: "Base trade-off at L = \(L)", table: table,
                      notes: ["Reconstruction after Du et al. (2026): raising the base helps tell tokens apart and hurts telling positions apart."],
                      json: .records(table),
                      chart: Chart(title: "Base trade-off at L = \(L), d = \(d)", subtitle: "fixed content, uniform positions",
                                   x: Axis("RoPE base", scale: .log10), y: Axis("failure rate", range: 0...1),
                                   layers: [.line(LineSeries("position inversion", pos)), .line(LineSeries("token inversion", tok)),
                                            .rule(Rule(.horizontal, at: 0.5, label: "1/2"))]))
    }

    /// P[s(far) > s(near)] against the far distance under Gaussian content.
    static func distance(_ args: ParsedArguments) throws -> Report {
        let (name, theta) = try LocalityCommand.theta(args)
        let rho = try args.requiredDouble("rho", minimum: 0, maximum: 1)
        let near = try args.int("near", minimum: 0, maximum: 1 << 40) ?? 0
        let maxDistance = try args.requiredInt("max-distance", minimum: near + 2, maximum: 1 << 40)
        var table = DataTable(columns: ["far", "inversion_probability", "normal_approximation", "error_estimate"])
        var exact: [Point] = [], normal: [Point] = []
        var fars = Set<Int>()
        for e in stride(from: 0.0, through: log10(Double(maxDistance - near)), by: 0.05) { fars.insert(near + max(1, Int(pow(10, e).rounded()))) }
        for far in fars.sorted() where far <= maxDistance {
            let model = GaussianContentModel(inverseFrequencies: theta, near: near, far: far, rho: rho)
            let p = try model.exactProbability(), n = try model.normalApproximation()
            table.append([.integer(far), .number(1 - p.value), .number(1 - n), .number(p.error)])
            exact.append(Point(Double(far), 1 - p.value)); normal.append(Point(Double(far), 1 - n))
        }
        return Report(title: "P[far key scores higher] against distance", table: table,
                      json: .object([("model", .string(name)), ("rho", .number(rho)), ("near", .integer(near)),
                                     ("far", .array(exact.map { .integer(Int($0.x)) })), ("inversion_probability", .numbers(exact.map(\.y)))]),
                      chart: Chart(title: "P[s(far) > s(near)] under Gaussian content — \(name)",
                                   subtitle: "q ~ N(0, I), k = ρq + √(1−ρ²)ξ, ρ = \(TextTable.formatNumber(rho)), near = \(near)",
                                   x: Axis("far distance", scale: .log10), y: Axis("inversion probability", range: 0...1),
                                   layers: [.line(LineSeries("exact (Gil-Pelaez)", exact)), .line(LineSeries("normal approximation", normal, dashed: true)),
                                            .rule(Rule(.horizontal, at: 0.5, label: "1/2"))]))
    }
}
