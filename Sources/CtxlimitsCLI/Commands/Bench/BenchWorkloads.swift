import ContextLimits
import Foundation

/// The workloads `ctxlimits bench` times: the narrow kernels (library calls, as
/// `Benchmarks/baseline.py` writes them in NumPy) and the commands as the README's examples run
/// them (through the registry, output discarded).
enum BenchWorkloads {
    struct Workload: Sendable {
        enum Kind: String, Sendable { case kernel, command }
        let name: String
        let description: String
        let kind: Kind
        /// In `bench --quick`.
        let quick: Bool
        let repetitions: Int
        /// Runs once on `threads` workers and returns a one-line result.
        let run: @Sendable (_ threads: Int) throws -> String
    }

    /// The spectrum of the kernels: base 10⁴, d = 128, as every command builds it.
    static func spectrum() throws -> [Double] {
        try ModelArguments.dominantSpectrum(ModelInput(parameters: RotaryConfiguration(base: 1e4, headDim: 128)), atContext: 1)
            .spectrum.rotatedInverseFrequencies
    }

    /// A command run in this process as the command line runs it (stdout and stderr discarded);
    /// its thread count comes from CTXLIMITS_THREADS, which `bench` sets for the process.
    static func command(_ arguments: [String]) throws -> String {
        let code = Tool.run(arguments, io: ToolIO(out: { _ in }, err: { _ in }))
        // 3 is `check` reporting a violated bound: the command ran to its end.
        guard code == 0 || code == 3 else { throw InputError("bench: ctxlimits \(arguments.joined(separator: " ")) exited with \(code)") }
        return "exit \(code)"
    }

    static func commandWorkload(_ name: String, _ arguments: [String], quick: Bool = true, repetitions: Int = 3) -> Workload {
        Workload(name: name, description: "ctxlimits " + arguments.joined(separator: " "), kind: .command, quick: quick,
                 repetitions: repetitions) { _ in try command(arguments) }
    }

    static let all: [Workload] = kernels + commands

    static let kernels: [Workload] = [
        Workload(name: "kernel_min_1e7", description: "min over m < 10⁷ of K(m), d = 128, base 10⁴", kind: .kernel, quick: true, repetitions: 5) { threads in
            let minimum = try RoPEKernel(inverseFrequencies: try spectrum()).minimum(over: 0..<10_000_000, threads: threads)
            return "min K = \(minimum.value) at m = \(minimum.argmin)"
        },
        Workload(name: "base_bound_32768", description: "b*(32768), d = 128, certified search from b = 1", kind: .kernel, quick: true, repetitions: 3) { threads in
            "b* = \(try BaseBound.search(context: 32768, rotaryDim: 128, threads: threads).minBase)"
        },
        Workload(name: "base_bound_1m", description: "b*(2^20), d = 128, certified search from b = 1", kind: .kernel, quick: false, repetitions: 1) { threads in
            "b* = \(try BaseBound.search(context: 1 << 20, rotaryDim: 128, threads: threads).minBase)"
        },
        Workload(name: "erasure_1e7x64", description: "positional erasure, fp32 angles, 10⁷ positions × 64 channels", kind: .kernel, quick: true, repetitions: 3) { threads in
            let s = try PositionalErasure.simulate(inverseFrequencies: try spectrum(), context: 10_000_000, computation: .direct(.fp32), threads: threads)
            return "first collision at m = \(s.firstCollisionOverall.map(String.init) ?? "none"), \(s.erasedChannels) channels erased"
        },
        Workload(name: "locality_mc_1e6", description: "10⁶ Monte Carlo pairs, d = 128, ρ = 0.5, m = 1000 vs 100000 (conditional sampling)", kind: .kernel, quick: true, repetitions: 3) { threads in
            let model = GaussianContentModel(inverseFrequencies: try spectrum(), near: 1000, far: 100_000, rho: 0.5)
            let p = try model.monteCarlo(samples: 1_000_000, seed: 1, threads: threads)
            return "P = \(p.value) ± \(p.error)"
        },
        Workload(name: "locality_mc_direct_1e6", description: "10⁶ Monte Carlo pairs, d = 128, full Gaussian q and k (direct sampling)", kind: .kernel, quick: true, repetitions: 3) { threads in
            let model = GaussianContentModel(inverseFrequencies: try spectrum(), near: 1000, far: 100_000, rho: 0.5)
            let p = try model.monteCarlo(samples: 1_000_000, seed: 1, sampling: .direct, threads: threads)
            return "P = \(p.value) ± \(p.error)"
        },
        Workload(name: "inversion_rate_1e6", description: "exact pairwise position-inversion rate at L = 10⁶, d = 128, all-ones content (scores included)", kind: .kernel, quick: true, repetitions: 3) { threads in
            let s = UniformPositionModel.scores(.ones(dimension: 128), inverseFrequencies: try spectrum(), context: 1_000_000, threads: threads)
            return "rate = \(UniformPositionModel.inversionRate(s, threads: threads))"
        },
        Workload(name: "check_bundled", description: "check with every max_context (default horizon 2^27) for each bundled RoPE config", kind: .kernel, quick: true, repetitions: 3) { threads in
            let inputs = try ConfigSource.bundledNames.map { try ModelInput.load($0) }
            let checked = try Parallel.map(inputs.count, threads: threads) { i -> Bool in
                guard !inputs[i].rotaryGroups.isEmpty, let L = inputs[i].model.advertisedContext else { return false }
                _ = try ModelPrediction(input: inputs[i], context: L, kernelThreshold: false)
                return true
            }
            return "\(checked.filter { $0 }.count) configs"
        },
        Workload(name: "validate_ruler", description: "validate on the bundled RULER table (every bound's reach for 28 models)", kind: .kernel, quick: true, repetitions: 3) { threads in
            let rows = try MeasurementTable.bundled("ruler").map { ($0, try ModelInput.load($0.config)) }
            let v = try Validation(rows, threads: threads)
            return "\(v.rows.count) rows, ρ = \(v.spearman.map { String(format: "%.3f", $0) } ?? "undefined")"
        },
    ]

    /// The README's examples of the heavy commands, and the widest forms users run.
    static let commands: [Workload] = [
        commandWorkload("cmd_erasure_1e7_fp32", ["erasure", "--base", "1e4", "--head-dim", "128", "--context", "10000000", "--precision", "fp32"]),
        commandWorkload("cmd_erasure_1e7_bf16", ["erasure", "--base", "1e4", "--head-dim", "128", "--context", "10000000", "--precision", "bf16"]),
        commandWorkload("cmd_locality_1m", ["locality", "--context", "1048576", "--bases", "1e4"]),
        commandWorkload("cmd_locality_1m_3bases", ["locality", "--context", "1048576"]),
        commandWorkload("cmd_locality_base_sweep", ["locality", "--context", "32768", "--sweep", "base", "--content", "gaussian", "--rho", "0.5"]),
        commandWorkload("cmd_base_bound_131072", ["base-bound", "--context", "131072", "--head-dim", "128"]),
        commandWorkload("cmd_fix_llama2", ["fix", "llama-2-7b", "--context", "131072"]),
        // The slowest fix over the bundled configs at twice the context each serves.
        commandWorkload("cmd_fix_slowest", ["fix", "qwen3-4b-instruct-2507", "--context", "524288"]),
        // The slowest bundled check (the kernel's threshold walk through a YaRN family at 2^18 tokens, to its work limit).
        commandWorkload("cmd_check_slowest", ["check", "ministral-3-3b-reasoning-2512"]),
        commandWorkload("cmd_check_all", ["check", "--all"]),
        commandWorkload("cmd_validate", ["validate"]),
        commandWorkload("cmd_base_bound_table", ["base-bound", "--table"], quick: false, repetitions: 1),
    ]
}
