import Charts
import ContextLimits
import Foundation

/// `ctxlimits extrapolation`: the scaling laws of RoPE-based extrapolation (Liu et al., ICLR 2024).
enum ExtrapolationCommand {
    static let base = ModelArguments.base.described("the RoPE base used for fine-tuning")
    static let headDim = ModelArguments.headDim.described("head (rotary) dimension d")
    static let trainLength = Option<Int>.integer("train-length", "T", "pre-training context length", in: 7...Shared.maxContext)
    static let tuneLength = Option<Int>.integer("tune-length", "T2", "fine-tuning length, at least the training length", in: 7...Shared.maxContext,
                                                defaultText: "the training length")
    static let pretrainBase = Option<Double>.real("pretrain-base", "B0", "pre-training base", in: .above(1), default: 10_000, defaultText: "10000, as in the paper")
    static let target = Option<Int>.integer("target", "T*", "a target extrapolation length: the base it needs", in: 7...(1 << 50))

    static let spec = CommandSpec(
        name: "extrapolation",
        summary: "Scaling laws of RoPE extrapolation: critical dimension, critical base, extrapolation limit",
        usage: ["--base B --head-dim D --train-length T [--tune-length T2] [--target T*]"],
        options: [base, pretrainBase].map(\.declaration) + [headDim.declaration] + [trainLength, tuneLength, target].map(\.declaration),
        details: """
            d_extra = 2⌈(d/2)·log_{B0}(T/2π)⌉ (eq. 13); β₀ = B0^{log_{T/2π}(T2/2π)} (16a);
            T_extra = 2π·β^{d_extra/d} for β > β₀ (16b), T2 for β ≤ β₀ (16c); β₁, β₂, β₃ = 2T2/π, T2/π, T2/2π (16d).
            The table lists T_extra against the base.
            """)

    static let command = Subcommand(spec) { try run($0.arguments) }

    static func run(_ a: ParsedArguments) throws -> Outcome {
        let base = try a.required(Self.base)
        let d = try a.required(headDim)
        let train = Double(try a.required(trainLength))
        let tune = Double(try a[tuneLength] ?? Int(train))
        guard tune >= train else { throw InputError("--tune-length: \(Int(tune)) is below --train-length \(Int(train))") }
        let pretrain = try a.value(pretrainBase)!
        let target = try a[Self.target]
        let laws = ExtrapolationLaws(headDim: d, trainLength: train, pretrainBase: pretrain)
        let critical = laws.criticalBase(tuneLength: tune)
        let limit = base > critical ? laws.extrapolationLimit(base: base) : tune
        let (b1, b2, b3) = ExtrapolationLaws.smallBases(tuneLength: tune)

        var table = DataTable(columns: ["base", "extrapolation_limit", "regime"])
        var curve: [Point] = []
        for e in stride(from: 2.0, through: 10.0, by: 0.05) {
            let b = pow(10, e)
            let t = b > critical ? laws.extrapolationLimit(base: b) : tune
            table.append([.number(b), .number(t), .text(b > critical ? "above critical base (16b)" : "at or below critical base (16c)")])
            curve.append(Point(b, t))
        }
        var json: [(String, JSONValue)] = [
            ("head_dim", .integer(d)), ("train_length", .number(train)), ("tune_length", .number(tune)),
            ("pretrain_base", .number(pretrain)), ("base", .number(base)), ("critical_dimension", .integer(laws.criticalDimension)),
            ("critical_base", .number(critical)), ("extrapolation_limit", .number(limit)),
            ("beta1", .number(b1)), ("beta2", .number(b2)), ("beta3", .number(b3)),
        ]
        let f = TextTable.formatNumber
        var summary: [(String, String)] = [
            ("critical dimension", "d_extra = \(laws.criticalDimension) of \(d)"),
            ("critical base", "β₀ = \(f(critical))"),
            ("extrapolation limit", "T_extra = \(f(limit)) tokens at base \(f(base))"
                + (base > critical ? " (16b)" : " (β ≤ β₀: the tuning length, 16c; d′_extra = \(laws.updatedCriticalDimension(base: base, tuneLength: tune)))")),
            ("small bases", "β₁ = \(f(b1)), β₂ = \(f(b2)), β₃ = \(f(b3))"),
        ]
        if let target {
            let needed = laws.baseNeeded(for: Double(target))
            json += [("target", .integer(target)), ("base_needed", .number(needed))]
            summary.append(("base for target", "\(f(needed)) to extrapolate to \(target) tokens"))
        }
        let chart = Chart(title: "Extrapolation limit against base (Liu et al. 2024, eq. 16)",
                          subtitle: "d = \(d), T_{train} = \(Int(train)), T_{tune} = \(Int(tune)), critical dimension d_{extra} = \(laws.criticalDimension)",
                          x: Axis("RoPE base β", scale: .log10), y: Axis("extrapolation limit T_{extra} (tokens)", scale: .log10),
                          layers: [.line(LineSeries("T_{extra}(β)", curve)),
                                   .rule(Rule(.vertical, at: critical, label: "critical base β_0 = \(Notation.compact(critical))")),
                                   .scatter(ScatterSeries("β = \(Notation.compact(base))", [.init(Point(base, limit), label: "\(Notation.compact(limit)) tokens")]))])
        return Outcome(Report(title: "Scaling laws of RoPE-based extrapolation", summary: summary, table: table,
                              json: .object(json), chart: chart))
    }
}
