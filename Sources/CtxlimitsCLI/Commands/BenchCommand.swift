import Charts
import ContextLimits
import Foundation

/// `ctxlimits bench`: the project's heavy workloads, timed. `Benchmarks/baseline.py` runs the
/// same workloads in NumPy and `Benchmarks/compare.sh` prints the ratios.
enum BenchCommand {
    struct Workload: Sendable {
        let name: String
        let description: String
        let quick: Bool
        let repetitions: Int
        let run: @Sendable () throws -> String
    }

    /// The spectrum of the workloads: base 10⁴, d = 128, as every command builds it.
    static func spectrum() throws -> [Double] {
        try ModelArguments.dominantSpectrum(ModelInput(parameters: RotaryConfiguration(base: 1e4, headDim: 128)), atContext: 1)
            .spectrum.rotatedInverseFrequencies
    }

    static let workloads: [Workload] = [
        Workload(name: "kernel_min_1e7", description: "min over m < 10⁷ of K(m), d = 128, base 10⁴", quick: true, repetitions: 5) {
            let minimum = try RoPEKernel(inverseFrequencies: try spectrum()).minimum(over: 0..<10_000_000)
            return "min K = \(minimum.value) at m = \(minimum.argmin)"
        },
        Workload(name: "base_bound_32768", description: "b*(32768), d = 128, certified search from b = 1", quick: true, repetitions: 3) {
            let r = try BaseBound.search(context: 32768, rotaryDim: 128)
            return "b* = \(r.minBase)"
        },
        Workload(name: "erasure_1e7x64", description: "positional erasure, fp32 angles, 10⁷ positions × 64 channels", quick: true, repetitions: 3) {
            let s = try PositionalErasure.simulate(inverseFrequencies: try spectrum(), context: 10_000_000, computation: .direct(.fp32))
            return "first collision at m = \(s.firstCollisionOverall.map(String.init) ?? "none"), \(s.erasedChannels) channels erased"
        },
        Workload(name: "locality_mc_1e6", description: "10⁶ Monte Carlo pairs, d = 128, ρ = 0.5, m = 1000 vs 100000 (conditional sampling)", quick: true, repetitions: 3) {
            let model = GaussianContentModel(inverseFrequencies: try spectrum(), near: 1000, far: 100_000, rho: 0.5)
            let p = try model.monteCarlo(samples: 1_000_000, seed: 1)
            return "P = \(p.value) ± \(p.error)"
        },
        Workload(name: "locality_mc_direct_1e6", description: "10⁶ Monte Carlo pairs, d = 128, full Gaussian q and k (direct sampling)", quick: true, repetitions: 1) {
            let model = GaussianContentModel(inverseFrequencies: try spectrum(), near: 1000, far: 100_000, rho: 0.5)
            let p = try model.monteCarlo(samples: 1_000_000, seed: 1, sampling: .direct)
            return "P = \(p.value) ± \(p.error)"
        },
        Workload(name: "inversion_rate_1e6", description: "exact pairwise position-inversion rate at L = 10⁶, d = 128, all-ones content (scores included)", quick: true, repetitions: 3) {
            let s = UniformPositionModel.scores(.ones(dimension: 128), inverseFrequencies: try spectrum(), context: 1_000_000)
            return "rate = \(UniformPositionModel.inversionRate(s))"
        },
        Workload(name: "check_bundled", description: "check with every max_context (default horizon 2^27) for each bundled RoPE config; the slowest named", quick: true, repetitions: 1) {
            var slowest = (name: "", seconds: 0.0)
            for name in ConfigSource.bundledNames {
                let input = try ModelInput.load(name)
                guard !input.rotaryGroups.isEmpty, let L = input.model.advertisedContext else { continue }
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try ModelPrediction(input: input, context: L, kernelThreshold: false)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if seconds > slowest.seconds { slowest = (name, seconds) }
            }
            return "slowest \(slowest.name): \(String(format: "%.3f", slowest.seconds)) s"
        },
        Workload(name: "validate_ruler", description: "validate on the bundled RULER table (every bound's reach for 28 models)", quick: true, repetitions: 3) {
            let rows = try MeasurementTable.bundled("ruler").map { ($0, try ModelInput.load($0.config)) }
            let v = try Validation(rows)
            return "\(v.rows.count) rows, ρ = \(v.spearman.map { String(format: "%.3f", $0) } ?? "undefined")"
        },
        Workload(name: "base_bound_1m", description: "b*(2^20), d = 128, certified search from b = 1", quick: false, repetitions: 1) {
            let r = try BaseBound.search(context: 1 << 20, rotaryDim: 128)
            return "b* = \(r.minBase)"
        },
    ]

    static let quick = Flag("quick", "skip the slow workloads")
    static let only = Option<String>.text("only", "NAME", "run one workload")

    static let spec = CommandSpec(
        name: "bench",
        summary: "time the heavy workloads (median of repeated runs)",
        usage: ["[--quick] [--only NAME]"],
        options: [quick.declaration, only.declaration], hasFigure: false,
        details: "Workloads: " + workloads.map(\.name).joined(separator: ", ") + ". Benchmarks/compare.sh runs the NumPy baseline in the same go.")

    static let command = Subcommand(spec) { try run($0.arguments, $0.io) }

    static func run(_ args: ParsedArguments, _ io: ToolIO) throws -> Outcome {
        let only = try args[Self.only]
        if let only, !workloads.contains(where: { $0.name == only }) {
            throw InputError("--only: no workload '\(only)' (workloads: \(workloads.map(\.name).joined(separator: ", ")))")
        }
        let selected = workloads.filter { w in only.map { $0 == w.name } ?? (!args.has(quick) || w.quick) }
        var table = DataTable(columns: ["workload", "median_seconds", "runs", "result", "description"])
        var json: [JSONValue] = []
        for w in selected {
            if io.stderrIsTerminal { io.err("running \(w.name)…\n") }
            var times: [Double] = []
            var result = ""
            for _ in 0..<w.repetitions {
                let start = DispatchTime.now().uptimeNanoseconds
                result = try w.run()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            let median = times.sorted()[times.count / 2]
            table.append([.text(w.name), .number(median), .integer(times.count), .text(result), .text(w.description)])
            json.append(.object([("workload", .string(w.name)), ("median_seconds", .number(median)), ("runs", .integer(times.count)),
                                 ("seconds", .numbers(times)), ("result", .string(result))]))
        }
        let machine = "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB"
        return Outcome(Report(title: "ctxlimits benchmarks", summary: [("machine", machine)], table: table,
                              json: .object([("machine", .string(machine)), ("workloads", .array(json))])))
    }
}
