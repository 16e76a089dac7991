import Foundation
import Testing
@testable import CtxlimitsCLI
import ContextLimits

@Suite("bench")
struct BenchCommandTests {
    /// What bench runs in each child process: one workload here, with the operations the library
    /// counted and the process's peak memory (no timing is checked).
    @Test func inProcessMeasurementReportsOperationsAndMemory() throws {
        let run = runTool(["bench", "--only", "validate_ruler", "--threads", "2", "--in-process", "--format", "json"])
        #expect(run.code == 0, "\(run.err)")
        let m = try BenchMeasurement(json: run.out)
        #expect(m.workload == "validate_ruler" && m.threads == 2 && m.seconds.count == 3)
        #expect((m.operations[.fusedMultiplyAdd] ?? 0) > 0, "validate walks kernels")
        #expect(m.peakResidentBytes > 1 << 20)
        #expect(m.result.hasPrefix("28 rows"))
    }

    /// Every workload name is unique, and --in-process needs one.
    @Test func workloadsAreNamedOnce() {
        let names = BenchWorkloads.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(runTool(["bench", "--in-process"]).code == 2)
    }

    /// The limit of a workload at the peak rates adds its operations' times.
    @Test func limitAddsTheOperationsAtThePeakRates() {
        let peak = MachinePeaks.Rates(threads: 1, rates: [.fusedMultiplyAdd: 1e10, .sinCos: 1e9, .normal: 1e8, .chiSquare: 1e8, .merge: 1e9])
        let limit = BenchCommand.limitSeconds([.fusedMultiplyAdd: 20_000_000_000, .sinCos: 1_000_000_000], peak)
        #expect(abs(limit - 3) < 1e-12)
        #expect(BenchCommand.dominant([.fusedMultiplyAdd: 20_000_000_000, .sinCos: 1_000_000_000], peak)?.0 == .fusedMultiplyAdd)
    }
}
