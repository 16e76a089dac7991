import Charts
import ContextLimits
import Foundation

/// `ctxlimits window`: the finite-window theory of Wu, Du & Peng (2026) for one spectrum and window.
enum WindowCommand {
    enum ConstantSet: String, ArgumentChoice { case certified, operational }

    static let sweepBase = Flag("sweep-base", "instead: certified and operational M_max against the base for h = 64, with the bundled unscaled models (the figure)")
    static let window = Option<Int>.integer("context", "M", "the window: relative distances 0 … M−1", in: 2...Shared.maxContext)
    static let constants = Option<ConstantSet>.choice("constants", "certified (C_F = 2π, ε as given) or operational (the paper's C_F = 0.06, ε_ref = 0.1)",
                                                      default: .certified)
    static let epsilon = Option<Double>.real("epsilon", "E", "ε of the certified constants, in (0, ½)", in: .open(0, 0.5), default: 0.25)
    static let zeta = Option<Double>.real("zeta", "Z", "ζ, the local response a window must keep", in: .above(0), default: 0.5)
    static let delta = Option<Double>.real("delta", "D", "δ of M_max: the reversal rate tolerated", in: .open(0, 0.5), default: 0.1)
    static let tau = Option<Double>.real("tau", "T", "τ̄_G, the allowed Gaussian-approximation error", in: RealDomain(lower: 0, upper: 0.5, upperOpen: true), default: 0)
    /// Positional sensitivity scans every distance of the window: at most this many.
    static let maxScan = 1 << 24

    static let spec = CommandSpec(
        name: "window",
        summary: "finite-window theory of RoPE failures (Wu, Du & Peng 2026): certified high band, reversal bound, M_max, M_suff",
        usage: ["--base B --head-dim D --context M [--constants certified|operational] [--epsilon E] [--zeta Z] [--delta D]",
                "CONFIG --context M [...]", "--sweep-base [--delta D] [--zeta Z] [--epsilon E]"],
        options: ModelArguments.rotaryOptions + [window.declaration, constants.declaration, epsilon.declaration, zeta.declaration,
                                                 delta.declaration, tau.declaration, sweepBase.declaration],
        maxPositionals: 1,
        details: """
            \(ModelArguments.configHelp). With h frequencies ω_n (the scaled ones at M) and ρ = B^(−1/h) from the unscaled
            base: gamma = Γ_ε = 2C_F/((1−ρ)ε); high_band = {n : M·ω_n ≥ Γ_ε}; r_f = (Σ|e^{iω_n} − 1|²)^½; response_floor
            ℓ = [ζ − Γ_ε√h/M]₊/R_F; p_rev_lower = ψ_M(ℓ) (eqs. 26–30); delta_star = Φ(−ε/√(½−ε)) − τ̄; c_g =
            ε/√π + ln(1/(1−2ε))/(2√(2πe)); m_suff = max{2, ⌈Γ_ε/ω_min⌉, ⌊Γ_ε√h/ζ⌋+1}; m_max = the largest window whose
            p_rev_lower ≤ δ. r_h and the positional sensitivity (max_m g(m), the Positional Score) are for the all-ones
            content. The certified constants are Lemma C.1's C_F = 2π and make the theorems hold, with very long windows;
            the operational ones (C_F^emp = 0.06, ε_ref = 0.1) are the paper's fit, which reproduces its band sizes.
            """)

    static let command = Subcommand(spec) { call in
        if call.arguments.has(sweepBase) {
            try call.arguments.restrict(to: [sweepBase.declaration, delta.declaration, zeta.declaration, epsilon.declaration, tau.declaration], form: "--sweep-base")
            return try baseSweep(call.arguments)
        }
        return try run(call)
    }

    /// M_max (the largest window with p_rev_lower ≤ δ) of unscaled RoPE with h = 64 against the base,
    /// for both constant sets, and the bundled configs with such a spectrum at their advertised context.
    static func baseSweep(_ a: ParsedArguments) throws -> Outcome {
        let d = try a.value(delta)!, z = try a.value(zeta)!, t = try a.value(tau)!
        let certified = FiniteWindow.Constants.certified(epsilon: try a.value(epsilon)!)
        let bases = stride(from: 3.0, through: 10.0, by: 0.125).map { pow(10, $0) }
        var table = DataTable(columns: ["base", "m_max_certified", "m_max_operational", "high_band_operational_at_32768"])
        var cert: [Point] = [], op: [Point] = []
        for b in bases {
            let theta = RotarySpectrum.standardInverseFrequencies(base: b, rotaryDim: 128)
            let mc = FiniteWindow.maximalWindow(inverseFrequencies: theta, base: b, constants: certified, delta: d, zeta: z, tau: t)
            let mo = FiniteWindow.maximalWindow(inverseFrequencies: theta, base: b, constants: .operational, delta: d, zeta: z, tau: t)
            let band = FiniteWindow(inverseFrequencies: theta, base: b, window: 32768, constants: .operational).highBand.count
            table.append([.number(b), mc.map(Cell.integer) ?? .empty, mo.map(Cell.integer) ?? .empty, .integer(band)])
            if let mc { cert.append(Point(b, Double(mc))) }
            if let mo { op.append(Point(b, Double(mo))) }
        }
        var models: [ScatterSeries.Item] = []
        var modelRows: [JSONValue] = []
        for name in ConfigSource.bundledNames {
            guard let input = try? ModelInput.load(name), let g = input.rotaryGroups.first, input.rotaryGroups.count == 1,
                  let L = input.model.advertisedContext, let r = g.attention.rotary, r.scaling == .none, r.rotaryDim == 128, g.attention.window == nil else { continue }
            models.append(ScatterSeries.Item(Point(r.base, Double(L)), label: name))
            modelRows.append(.object([("model", .string(name)), ("rope_theta", .number(r.base)), ("context_length", .integer(L))]))
        }
        let f = TextTable.formatNumber
        var chart = Chart(title: "Finite-window M_{max} against the RoPE base (h = 64)",
                          subtitle: "the largest window whose reversal lower bound p_{rev}^{lower} ≤ δ = \(f(d)) (ζ = \(f(z))), Wu, Du & Peng 2026; bundled unscaled models at their advertised context",
                          x: Axis("RoPE base B", scale: .log10), y: Axis("window M (tokens)", scale: .log10),
                          layers: [.line(LineSeries("certified (C_F = 2π, ε = \(f(certified.epsilon)))", cert, color: Palette.color(0))),
                                   .line(LineSeries("operational (C_F = 0.06, ε_{ref} = 0.1)", op, color: Palette.color(1), dashed: true)),
                                   .scatter(ScatterSeries("bundled unscaled models (h = 64)", models, color: Palette.color(2), numbered: true))],
                          width: 1000, height: 860)
        chart.numbering = ModelNumbering.numbering(models.compactMap(\.label).map { ($0, $0) })
        return Outcome(Report(title: "Finite-window M_max against the base", summary: [("δ, ζ, τ̄", "\(f(d)), \(f(z)), \(f(t))")],
                              table: table, notes: ["Wu, Du & Peng (2026), Theorem 1: beyond M_max the reversal rate exceeds δ or the local response falls below ζ."],
                              json: .object([("delta", .number(d)), ("zeta", .number(z)), ("rows", .records(table)), ("models", .array(modelRows))]),
                              chart: chart))
    }

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        let M = try a.required(window)
        let set = try a.value(constants)!
        if set == .operational, a.has(epsilon) { throw UsageError("--epsilon sets the certified constants; the operational ones use ε_ref = 0.1") }
        let c: FiniteWindow.Constants = set == .operational ? .operational : .certified(epsilon: try a.value(epsilon)!)
        let input = try ModelArguments.input(a, context: M)
        let spectrum = try ModelArguments.dominantSpectrum(input, atContext: M)
        let theta = spectrum.spectrum.rotatedInverseFrequencies
        let base = spectrum.rotary.base
        let z = try a.value(zeta)!, t = try a.value(tau)!, d = try a.value(delta)!
        let w = FiniteWindow(inverseFrequencies: theta, base: base, window: M, constants: c, zeta: z, tau: t)
        let mMax = FiniteWindow.maximalWindow(inverseFrequencies: theta, base: base, constants: c, delta: d, zeta: z, tau: t)
        let ones = Array(repeating: 1.0, count: theta.count)
        let rH = w.highBandShare(amplitudes: ones)
        var sensitivity: (maximum: Double, score: Double)?
        if M <= maxScan {
            sensitivity = PositionalSensitivity.summary(ContentPair(amplitudes: ones, phases: Array(repeating: 0, count: theta.count)),
                                                        inverseFrequencies: theta, window: M)
        }
        let f = TextTable.formatNumber
        var table = DataTable(columns: ["channel", "inv_freq", "m_omega", "high"])
        let high = Set(w.highBand)
        for (n, o) in theta.enumerated() { table.append([.integer(n), .number(o), .number(Double(M) * o), .bool(high.contains(n))]) }
        let summary: [(String, String)] = [
            ("spectrum", "\(input.name): \(spectrum.spectrum.ropeType.rawValue), base \(f(base)), h = \(theta.count), window M = \(M)"),
            ("constants", set == .certified ? "certified: C_F = 2π, ε = \(f(c.epsilon))" : "operational: C_F^emp = 0.06, ε_ref = 0.1 (the paper's fit)"),
            ("Γ_ε", f(w.gamma) + "  (a channel is certified high when M·ω_n ≥ Γ_ε)"),
            ("high band", "\(w.highBand.count) of \(theta.count) channels" + (w.highBand.isEmpty ? "" : " (\(w.highBand.first!)…\(w.highBand.last!))")),
            ("R_F, ℓ(M; ζ)", "\(f(w.adjacentGain)), \(f(w.responseFloor)) at ζ = \(f(z))"),
            ("p_rev lower bound", f(w.reversalLowerBound) + "  (ψ_M(ℓ), eqs. 26–30)"),
            ("δ*, c_G(ε)", "\(f(w.deltaStar)), \(f(FiniteWindow.gaussianError(epsilon: c.epsilon)))"),
            ("M_suff", f(w.sufficientWindow) + " tokens: past it the reversal rate exceeds any δ < δ* or the response falls below ζ"),
            ("M_max", mMax.map { "\($0) tokens (the largest window with p_rev_lower ≤ δ = \(f(d)))" } ?? "none"),
            ("all-ones content", "r_H = \(f(rH))" + (sensitivity.map { ", max g = \(f($0.maximum)), Positional Score \(f($0.score))" } ?? " (sensitivity not scanned above \(maxScan))")),
        ]
        let json = JSONValue.object([
            ("model", .string(input.name)), ("base", .number(base)), ("h", .integer(theta.count)), ("window", .integer(M)),
            ("constants", .object([("name", .string(set.rawValue)), ("frame_constant", .number(c.frameConstant)), ("epsilon", .number(c.epsilon))])),
            ("zeta", .number(z)), ("tau", .number(t)), ("delta", .number(d)),
            ("gamma", .number(w.gamma)), ("high_band_size", .integer(w.highBand.count)), ("high_band", .array(w.highBand.map(JSONValue.integer))),
            ("r_f", .number(w.adjacentGain)), ("response_floor", .number(w.responseFloor)), ("p_rev_lower", .number(w.reversalLowerBound)),
            ("delta_star", .number(w.deltaStar)), ("c_g", .number(FiniteWindow.gaussianError(epsilon: c.epsilon))),
            ("m_suff", .number(w.sufficientWindow)), ("m_max", mMax.map(JSONValue.integer) ?? .null), ("r_h", .number(rH)),
            ("max_adjacent_response", sensitivity.map { .number($0.maximum) } ?? .null),
            ("positional_score", sensitivity.map { .number($0.score) } ?? .null),
        ])
        return Outcome(Report(title: "Finite-window theory (Wu, Du & Peng 2026)", summary: summary, table: table,
                              notes: ["Source: Wu, Du & Peng, \"RoPE at the End of Its Rope?\" (arXiv 2609.39929): eqs. 4/12, 20, 26–30, Theorem 1; the operational constants are its D.2.1 fit."],
                              json: json))
    }
}
