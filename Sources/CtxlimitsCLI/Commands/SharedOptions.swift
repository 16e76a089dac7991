import Foundation
import ContextLimits

/// Options with the same meaning in every command that accepts them. Each is declared once here
/// (help, default, range and parsing); a command that needs another default says so with
/// `withDefault`.
enum Shared {
    // MARK: sizes and their documented maxima

    /// The largest context any command accepts: 2^40 tokens.
    static let maxContext = 1 << 40
    /// The largest head dimension: 2^16 (real models use 64–512).
    static let maxHeadDim = 1 << 16
    /// The most layers: 10⁵.
    static let maxLayers = 100_000

    static let context = Option<Int>.integer("context", "L", "context length in tokens", in: 1...maxContext)
    static let layers = Option<Int>.integer("layers", "N", "number of layers that apply RoPE (the depth)", in: 1...maxLayers)
    static let threads = Option<Int>.integer("threads", "T", "worker threads (results do not depend on it)", in: 1...256,
                                             default: Parallel.defaultThreads, defaultText: "the number of cores")

    /// CTXLIMITS_THREADS, when set, must be a value --threads accepts (the frame checks it before
    /// any run, so that a typo is not silently replaced by the number of cores).
    static func checkEnvironmentThreads(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(InputError) {
        guard let text = environment["CTXLIMITS_THREADS"] else { return }
        do { _ = try Option<Int>.integer(text, option: "threads", in: 1...256) } catch {
            throw InputError("CTXLIMITS_THREADS=\(text) in the environment: \(error.message.replacingOccurrences(of: "--threads: ", with: "")) "
                             + "(it takes what --threads takes, 1 … 256); unset it or correct it")
        }
    }

    // MARK: the bounds' free parameters

    static let epsilon = Option<Double>.real("epsilon", "E", "coherence threshold ε of the phase-modulation bounds (not machine epsilon)",
                                             in: .open(0, 1), default: PhaseModulationBounds.defaultEpsilon)
    static let precision = Option<FloatFormat>.format("precision", "floating-point format in which RoPE angles are computed", default: .fp32)
    static let convention = Option<PhaseModulationBounds.Convention>.choice(
        "convention", "how ω_min is read: exact (the scaled spectrum's smallest inverse frequency), paper (1/rope_theta) or liu2026 (Liu 2026's case study: 1/rope_theta with YaRN's effective base, ε 0.95, fp32)", default: .exact)
    static let kernelReading = Option<KernelReading>.choice(
        "kernel-reading", "how the kernel bound is read: threshold (Men et al.: rope_theta ≥ b*(L)) or exact (K(m) ≥ 0 at every m < L at this rope_theta)", default: .threshold)
    static let gate = Option<VerdictGate>(
        "gate", "BOUND,…", "the bounds that decide the verdict and exit code 3 (all: every bound)",
        allowed: Bound.allCases.map(\.rawValue).joined(separator: ", ") + ", all", default: .standard, defaultText: VerdictGate.standard.description) { text throws(InputError) in
        if text == "all" { return .all }
        var bounds: [Bound] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let b = Bound(rawValue: String(part)) else {
                throw InputError("--gate: '\(part)' is not a bound (bounds: \(Bound.allCases.map(\.rawValue).joined(separator: ", ")), or all)")
            }
            bounds.append(b)
        }
        return VerdictGate(bounds)
    }

    static let horizon = Option<Int>.integer("horizon", "H", "how far each bound's max_context is searched (tokens)", in: 1...(1 << 32),
                                             default: BoundReach.defaultHorizon)

    static let kernelThreshold = Flag("kernel-threshold", "also search the kernel bound's smallest valid rope_theta (a certified walk: about 1 s at 2^17 tokens, 13 s at 2^20)")

    static let boundOptions = [epsilon.declaration, precision.declaration, convention.declaration, kernelReading.declaration, gate.declaration,
                               horizon.declaration, kernelThreshold.declaration]

    /// ε, the angle format, the convention and the kernel reading; liu2026 fixes ε and the format.
    static func boundSettings(_ a: ParsedArguments) throws -> BoundSettings {
        let reading = try a.value(kernelReading)!
        if try a.value(convention) == .liu2026 {
            for option in [epsilon.name, precision.name] where a.has(option) {
                throw UsageError("--\(option): the liu2026 convention fixes ε = \(Numbers.text(PhaseModulationBounds.liu2026Epsilon)) and fp32 (Liu 2026's case-study settings); use --convention paper to vary them")
            }
            return .liu2026(kernelReading: reading)
        }
        return BoundSettings(epsilon: try a.value(epsilon)!, precision: try a.value(precision)!, convention: try a.value(convention)!,
                             kernelReading: reading)
    }

    // MARK: work that scans every position

    /// The most kernel terms (positions × channels) one scan may evaluate: 2^38, about a minute on
    /// two cores at the measured rate of ~5·10⁹ terms per second.
    static let maxKernelTerms = 1 << 38

    /// Refuses a scan of `positions` positions over `channels` channels above ``maxKernelTerms``,
    /// naming what set the size: the option when the user gave it, else where the value came from
    /// (the config's max_position_embeddings, or the option's default).
    static func checkKernelWork(positions: Int, channels: Int, option: String) throws(InputError) {
        let (terms, overflow) = positions.multipliedReportingOverflow(by: max(channels, 1))
        guard overflow || terms > maxKernelTerms else { return }
        throw InputError("\(GivenOptions.source(of: option)): \(positions) positions × \(channels) channels is above the maximum "
                         + "\(Numbers.size(maxKernelTerms)) kernel terms one scan evaluates (about a minute on two cores)"
                         + (GivenOptions.wasGiven(option) ? "" : "; give a smaller --\(option)"))
    }
}

extension PhaseModulationBounds.Convention: ArgumentChoice {}
extension KernelReading: ArgumentChoice {}
