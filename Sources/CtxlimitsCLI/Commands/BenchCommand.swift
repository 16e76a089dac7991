import Charts
import ContextLimits
import Foundation

/// `ctxlimits bench`: the project's heavy workloads, timed on one thread and on `--threads`
/// (default: every core), each in a process of its own (its peak resident memory from the
/// operating system), with the operations it did (``WorkTally``) against the machine's measured
/// peak rate for them (``MachinePeaks``). `Benchmarks/baseline.py` runs the kernels in NumPy and
/// `Benchmarks/compare.sh` prints the ratios.
enum BenchCommand {
    static let quick = Flag("quick", "skip the slow workloads")
    static let only = Option<String>.text("only", "NAME", "run one workload")
    static let inProcess = Flag("in-process", "run the workload here on --threads only (what bench runs in each child process)")

    static let spec = CommandSpec(
        name: "bench",
        summary: "time the heavy workloads on 1 and T threads, with rates against the machine's peaks and peak memory",
        usage: ["[--quick] [--only NAME] [--threads T]"],
        options: [quick.declaration, only.declaration, inProcess.declaration], hasFigure: false,
        details: """
            Workloads: \(BenchWorkloads.all.map(\.name).joined(separator: ", ")).
            Each runs in its own process with CTXLIMITS_THREADS set, median of repeated runs. of_peak is the
            time the workload's operations would take at the measured peak rates (FMA, sin/cos, normal and
            χ² variates, merged elements) over the measured time. Benchmarks/compare.sh runs the NumPy
            baseline in the same go.
            """)

    static let command = Subcommand(spec) { try run($0.arguments, $0.io) }

    static func run(_ args: ParsedArguments, _ io: ToolIO) throws -> Outcome {
        let only = try args[Self.only]
        if let only, !BenchWorkloads.all.contains(where: { $0.name == only }) {
            throw InputError("--only: no workload '\(only)' (workloads: \(BenchWorkloads.all.map(\.name).joined(separator: ", ")))")
        }
        // T: --threads, else the default in force (the frame has already applied a given --threads).
        let threads = Parallel.defaultThreads
        if args.has(inProcess) {
            guard let only, let workload = BenchWorkloads.all.first(where: { $0.name == only }) else {
                throw UsageError("--in-process needs --only NAME")
            }
            let m = try BenchMeasurement.measure(workload, threads: threads)
            return Outcome(Report(title: "ctxlimits bench (one workload)", table: DataTable(columns: []), json: m.json))
        }
        let selected = BenchWorkloads.all.filter { w in only.map { $0 == w.name } ?? (!args.has(quick) || w.quick) }
        let counts = threads == 1 ? [1] : [1, threads]
        let load = MachineLoad()
        if io.stderrIsTerminal { io.err("measuring the machine's peak rates…\n") }
        let peaks = counts.map { MachinePeaks.measure(threads: $0) }
        var rows: [[BenchMeasurement]] = []
        for w in selected {
            var runs: [BenchMeasurement] = []
            for t in counts {
                if io.isInterrupted() { throw Interrupted() }
                if io.stderrIsTerminal { io.err("running \(w.name) on \(t) thread\(t == 1 ? "" : "s")…\n") }
                let during = MachineLoad()
                var m = try BenchMeasurement.inChild(w.name, threads: t)
                m.otherLoad = during.otherCores()
                runs.append(m)
            }
            rows.append(runs)
        }
        return Outcome(report(selected, rows, peaks: peaks, threads: threads, otherLoad: load.otherCores()))
    }

    /// The time the operations would take at the peak rates (0 when the workload counted none).
    static func limitSeconds(_ operations: [WorkTally.Operation: Int], _ peak: MachinePeaks.Rates) -> Double {
        operations.reduce(0) { total, entry in
            guard let rate = peak.rates[entry.key], rate > 0 else { return total }
            return total + Double(entry.value) / rate
        }
    }

    /// The operation that takes the longest at the peak rates, and its count.
    static func dominant(_ operations: [WorkTally.Operation: Int], _ peak: MachinePeaks.Rates) -> (WorkTally.Operation, Int)? {
        operations.filter { $0.value > 0 }.max { a, b in
            Double(a.value) / (peak.rates[a.key] ?? 1) < Double(b.value) / (peak.rates[b.key] ?? 1)
        }.map { ($0.key, $0.value) }
    }

    static let operationNames: [WorkTally.Operation: String] = [
        .fusedMultiplyAdd: "FMA", .sinCos: "sin/cos", .normal: "normals", .chiSquare: "χ² draws", .merge: "merged",
    ]

    /// A count or rate in three significant digits with an SI prefix (6.4 G, 469 M), for reading.
    static func si(_ x: Double) -> String {
        for (prefix, scale) in [("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3)] where abs(x) >= scale {
            return String(format: "%.3g %@", x / scale, prefix)
        }
        return String(format: "%.3g", x)
    }

    static func report(_ workloads: [BenchWorkloads.Workload], _ rows: [[BenchMeasurement]], peaks: [MachinePeaks.Rates], threads: Int,
                       otherLoad: Double?) -> Report {
        let wide = peaks.last!
        var table = DataTable(columns: ["workload", "threads", "seconds_1", "seconds_t", "speedup", "operations", "rate_t", "of_peak_t",
                                        "peak_rss_mib", "other_load", "result"])
        var json: [JSONValue] = []
        for (w, runs) in zip(workloads, rows) {
            let one = runs[0], last = runs.last!
            let speedup = one.medianSeconds / last.medianSeconds
            let ops = dominant(last.operations, wide)
            let limit = limitSeconds(last.operations, wide)
            let ofPeak = limit > 0 ? limit / last.medianSeconds : nil
            let rss = runs.map(\.peakResidentBytes).max() ?? 0
            table.append([.text(w.name), .integer(last.threads), .number(one.medianSeconds), .number(last.medianSeconds), .number(speedup),
                          ops.map { .text("\(si(Double($0.1))) \(operationNames[$0.0]!)") } ?? .empty,
                          ops.map { .text(si(Double($0.1) / last.medianSeconds) + "/s") } ?? .empty,
                          ofPeak.map { .text(String(format: "%.0f %%", 100 * $0)) } ?? .empty,
                          .number((Double(rss) / 1_048_576).rounded()),
                          runs.compactMap(\.otherLoad).max().map { .text(String(format: "%.2f", $0)) } ?? .empty, .text(last.result)])
            let perRun: [JSONValue] = zip(runs, peaks).map { m, peak in
                let limit = limitSeconds(m.operations, peak)
                var fields = m.json.objectPairs
                fields.append(("limit_seconds", .number(limit)))
                fields.append(("of_peak", limit > 0 ? .number(limit / m.medianSeconds) : .null))
                fields.append(("other_load_cores", m.otherLoad.map(JSONValue.number) ?? .null))
                return .object(fields)
            }
            json.append(.object([("workload", .string(w.name)), ("kind", .string(w.kind.rawValue)), ("description", .string(w.description)),
                                 ("median_seconds", .number(last.medianSeconds)), ("threads", .integer(last.threads)),
                                 ("speedup", .number(speedup)), ("result", .string(last.result)),
                                 ("dominant_operation", ops.map { .string(BenchMeasurement.key($0.0)) } ?? .null),
                                 ("peak_rss_bytes", .integer(rss)), ("runs", .array(perRun))]))
        }
        let info = ProcessInfo.processInfo
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
            .first { $0.hasPrefix("model name") }.map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let machine = "\(info.activeProcessorCount) cores (\(cpu); \(MachinePeaks.instructionSet)), \(info.physicalMemory >> 30) GiB"
        var summary: [(String, String)] = [("machine", machine), ("threads", counts(peaks))]
        if let otherLoad {
            summary.append(("other load", String(format: "%.2f cores busy with other processes on average during the run", otherLoad)))
        }
        for p in peaks {
            summary.append(("peaks on \(p.threads) thread\(p.threads == 1 ? "" : "s")",
                            WorkTally.Operation.allCases.map { "\(operationNames[$0]!) \(si(p.rates[$0] ?? 0))/s" }.joined(separator: ", ")))
        }
        let peaksJSON = JSONValue.array(peaks.map { p in
            .object([("threads", .integer(p.threads)),
                     ("rates", .object(WorkTally.Operation.allCases.map { (BenchMeasurement.key($0), .number(p.rates[$0] ?? 0)) }))])
        })
        return Report(title: "ctxlimits benchmarks", summary: summary, table: table,
                      notes: ["seconds_1 on one thread, seconds_t on \(threads); median of repeated runs, each workload in its own process.",
                              "operations: the largest of the workload's operation counts at the peak rates; of_peak: the time all its counted operations take at the peak rates over the measured time.",
                              "other_load: cores busy with other processes while the workload ran (the larger of its two runs); a speed-up means little when it is not near 0."],
                      json: .object([("machine", .string(machine)), ("threads", .array(peaks.map { .integer($0.threads) })),
                                     ("other_load_cores", otherLoad.map(JSONValue.number) ?? .null),
                                     ("peaks", peaksJSON), ("workloads", .array(json))]))
    }

    static func counts(_ peaks: [MachinePeaks.Rates]) -> String { peaks.map { String($0.threads) }.joined(separator: " and ") }
}

extension JSONValue {
    /// The pairs of an object (empty for other values).
    var objectPairs: [(String, JSONValue)] {
        if case let .object(pairs) = self { return pairs }
        return []
    }
}
