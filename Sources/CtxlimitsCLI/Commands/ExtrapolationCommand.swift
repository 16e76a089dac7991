import Charts
import ContextLimits
import Foundation

/// `ctxlimits extrapolation`: the scaling laws of RoPE-based extrapolation (Liu et al., ICLR 2024).
enum ExtrapolationCommand {
    static let spec = CommandSpec(
        name: "extrapolation",
        summary: "Scaling laws of RoPE extrapolation: critical dimension, critical base, extrapolation limit",
        usage: ["--base B --head-dim D --train-length T [--tune-length T2] [--target T*]"],
        options: [
            .init("base", "B", "the base used for fine-tuning"),
            .init("head-dim", "D", "head (rotary) dimension d"),
            .init("train-length", "T", "pre-training context length"),
            .init("tune-length", "T2", "fine-tuning length (default: the training length)"),
            .init("pretrain-base", "B0", "pre-training base (default 10000, as in the paper)"),
            .init("target", "T*", "a target extrapolation length: the base it needs"),
        ],
        details: """
            d_extra = 2⌈(d/2)·log_{B0}(T/2π)⌉ (eq. 13); β₀ = B0^{log_{T/2π}(T2/2π)} (16a);
            T_extra = 2π·β^{d_extra/d} for β > β₀ (16b), T2 for β ≤ β₀ (16c); β₁, β₂, β₃ = 2T2/π, T2/π, T2/2π (16d).
            The table lists T_extra against the base.
            """)

    static let command = Subcommand(spec) { args, _ in try run(args) }

    static func run(_ args: ParsedArguments) throws -> Outcome {
        let base = try args.requiredDouble("base", minimum: 1, exclusiveMinimum: true)
        let d = try args.requiredInt("head-dim", minimum: 2, maximum: 1 << 16)
        let train = Double(try args.requiredInt("train-length", minimum: 7, maximum: 1 << 40))
        let tune = Double(try args.int("tune-length", minimum: Int(train), maximum: 1 << 40) ?? Int(train))
        let pretrain = try args.double("pretrain-base", minimum: 1, exclusiveMinimum: true) ?? 10_000
        let target = try args.int("target", minimum: 7, maximum: 1 << 50)
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
        var summary: [(String, String)] = [
            ("critical dimension", "d_extra = \(laws.criticalDimension) of \(d)"),
            ("critical base", "β₀ = \(TextTable.formatNumber(critical))"),
            ("extrapolation limit", "T_extra = \(TextTable.formatNumber(limit)) tokens at base \(TextTable.formatNumber(base))"
                + (base > critical ? " (16b)" : " (β ≤ β₀: the tuning length, 16c; d′_extra = \(laws.updatedCriticalDimension(base: base, tuneLength: tune)))")),
            ("small bases", "β₁ = \(TextTable.formatNumber(b1)), β₂ = \(TextTable.formatNumber(b2)), β₃ = \(TextTable.formatNumber(b3))"),
        ]
        if let target {
            let needed = laws.baseNeeded(for: Double(target))
            json.append(("target", .integer(target)))
            json.append(("base_needed", .number(needed)))
            summary.append(("base for target", "\(TextTable.formatNumber(needed)) to extrapolate to \(target) tokens"))
        }
        let chart = Chart(title: "Extrapolation limit against base (Liu et al. 2024, eq. 16)",
                          subtitle: "d = \(d), T_train = \(Int(train)), T_tune = \(Int(tune)), d_extra = \(laws.criticalDimension)",
                          x: Axis("RoPE base β", scale: .log10), y: Axis("extrapolation limit T_extra (tokens)", scale: .log10),
                          layers: [.line(LineSeries("T_extra(β)", curve)),
                                   .rule(Rule(.vertical, at: critical, label: "β₀")),
                                   .scatter(ScatterSeries("this base", [.init(Point(base, limit), label: TextTable.formatNumber(limit))]))])
        return Outcome(Report(title: "Scaling laws of RoPE-based extrapolation", summary: summary, table: table,
                              json: .object(json), chart: chart))
    }
}
