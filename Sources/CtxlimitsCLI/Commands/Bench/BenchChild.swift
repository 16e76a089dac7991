import ContextLimits
import Foundation
#if canImport(Glibc)
import Glibc
/// RUSAGE_SELF and RUSAGE_CHILDREN as the Int32 getrusage takes on Glibc.
let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
let RUSAGE_CHILDREN_WHO = __rusage_who_t(RUSAGE_CHILDREN.rawValue)
#else
let RUSAGE_SELF_WHO = RUSAGE_SELF
let RUSAGE_CHILDREN_WHO = RUSAGE_CHILDREN
#endif

/// One workload on one thread count, measured in a process of its own (so that its peak
/// resident memory is its own): `ctxlimits bench --only NAME --threads T --in-process` runs it
/// and prints this as JSON; the parent reads it back.
struct BenchMeasurement: Sendable {
    let workload: String
    let threads: Int
    let seconds: [Double]
    let result: String
    /// Operations of one run, by ``WorkTally/Operation`` (counted by the library).
    let operations: [WorkTally.Operation: Int]
    /// The process's peak resident set (getrusage ru_maxrss).
    let peakResidentBytes: Int
    /// Cores busy with other processes while it ran (set by the parent).
    var otherLoad: Double?

    var medianSeconds: Double { seconds.sorted()[seconds.count / 2] }

    static func key(_ op: WorkTally.Operation) -> String {
        switch op {
        case .fusedMultiplyAdd: return "fused_multiply_add"
        case .sinCos: return "sin_cos"
        case .normal: return "normal"
        case .chiSquare: return "chi_square"
        case .merge: return "merge"
        }
    }

    var json: JSONValue {
        .object([("workload", .string(workload)), ("threads", .integer(threads)), ("median_seconds", .number(medianSeconds)),
                 ("seconds", .numbers(seconds)), ("result", .string(result)),
                 ("operations", .object(WorkTally.Operation.allCases.map { (Self.key($0), .integer(operations[$0] ?? 0)) })),
                 ("peak_rss_bytes", .integer(peakResidentBytes))])
    }

    init(workload: String, threads: Int, seconds: [Double], result: String, operations: [WorkTally.Operation: Int], peakResidentBytes: Int) {
        (self.workload, self.threads, self.seconds, self.result) = (workload, threads, seconds, result)
        (self.operations, self.peakResidentBytes) = (operations, peakResidentBytes)
    }

    /// Reads what the child printed.
    init(json text: String) throws {
        let node: JSONNode
        do { node = try JSONParser.parse(text) } catch { throw InputError("bench: unreadable child output: \(error)") }
        func number(_ n: JSONNode?) -> Double? { if case let .number(x, _)? = n { return x } else { return nil } }
        guard case let .string(name)? = node["workload"], let threads = number(node["threads"]),
              case let .array(seconds)? = node["seconds"], case let .string(result)? = node["result"],
              let rss = number(node["peak_rss_bytes"]) else { throw InputError("bench: incomplete child output") }
        var operations: [WorkTally.Operation: Int] = [:]
        for op in WorkTally.Operation.allCases { operations[op] = Int(number(node["operations"]?[Self.key(op)]) ?? 0) }
        self.init(workload: name, threads: Int(threads), seconds: seconds.compactMap(number), result: result, operations: operations,
                  peakResidentBytes: Int(rss))
    }

    /// Runs `workload` `repetitions` times here and measures it.
    static func measure(_ workload: BenchWorkloads.Workload, threads: Int) throws -> BenchMeasurement {
        var seconds: [Double] = []
        var result = ""
        var operations: [WorkTally.Operation: Int] = [:]
        for run in 0..<workload.repetitions {
            let before = WorkTally.snapshot()
            let start = DispatchTime.now().uptimeNanoseconds
            result = try workload.run(threads)
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            if run == 0 {
                let after = WorkTally.snapshot()
                for op in WorkTally.Operation.allCases { operations[op] = (after[op] ?? 0) - (before[op] ?? 0) }
            }
        }
        return BenchMeasurement(workload: workload.name, threads: threads, seconds: seconds, result: result, operations: operations,
                                peakResidentBytes: peakResidentBytes())
    }

    /// The peak resident set of this process, from the operating system (kB on Linux).
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF_WHO, &usage) == 0 else { return 0 }
        #if os(Linux)
        return Int(usage.ru_maxrss) * 1024
        #else
        return Int(usage.ru_maxrss)
        #endif
    }

    /// Runs `ctxlimits bench --only NAME --threads T --in-process --format json` as a child process
    /// with CTXLIMITS_THREADS=T (so that commands and nested loops use T workers too).
    static func inChild(_ workload: String, threads: Int) throws -> BenchMeasurement {
        let process = Process()
        let executable = FileManager.default.fileExists(atPath: "/proc/self/exe") ? "/proc/self/exe" : CommandLine.arguments[0]
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["bench", "--only", workload, "--threads", String(threads), "--in-process", "--format", "json"]
        var environment = ProcessInfo.processInfo.environment
        environment["CTXLIMITS_THREADS"] = String(threads)
        process.environment = environment
        // stdout through a pipe (read to its end), stderr to a file (so neither can fill and block).
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("ctxlimits-bench-\(UUID()).err").path
        guard FileManager.default.createFile(atPath: errorPath, contents: nil), let errorFile = FileHandle(forWritingAtPath: errorPath) else {
            throw InputError("bench: cannot create \(errorPath)")
        }
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errorFile
        do { try process.run() } catch { throw InputError("bench: cannot start \(executable): \(error)") }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errorFile.close()
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw InputError("bench: \(workload) on \(threads) threads failed (exit \(process.terminationStatus)): \(errors)")
        }
        return try BenchMeasurement(json: String(decoding: output, as: UTF8.self))
    }
}

/// How busy the machine was with other processes while bench ran: the CPU time all processes
/// used (/proc/stat) minus this process's and its children's (getrusage), in cores on average.
/// Speed-ups from 1 to T threads mean little when it is not near 0.
struct MachineLoad {
    let start: (busy: Double, total: Double)?
    let startOwn: Double
    let startTime = DispatchTime.now().uptimeNanoseconds

    init() {
        start = Self.stat()
        startOwn = Self.ownSeconds()
    }

    /// Busy and total jiffies over all CPUs since boot.
    static func stat() -> (busy: Double, total: Double)? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8), let line = text.split(separator: "\n").first,
              line.hasPrefix("cpu ") else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 8 else { return nil }
        let idle = fields[3] + fields[4]
        let total = fields[0..<8].reduce(0, +)
        return (total - idle, total)
    }

    /// User and system seconds of this process and its waited-for children.
    static func ownSeconds() -> Double {
        var total = 0.0
        for who in [RUSAGE_SELF_WHO, RUSAGE_CHILDREN_WHO] {
            var usage = rusage()
            guard getrusage(who, &usage) == 0 else { continue }
            total += Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            total += Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        }
        return total
    }

    /// Cores busy with other work on average since init (nil without /proc/stat).
    func otherCores() -> Double? {
        guard let start, let end = Self.stat() else { return nil }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let wall = Double(DispatchTime.now().uptimeNanoseconds - startTime) / 1e9
        guard wall > 0, ticksPerSecond > 0 else { return nil }
        let busy = (end.busy - start.busy) / ticksPerSecond
        return max(0, busy - (Self.ownSeconds() - startOwn)) / wall
    }
}
