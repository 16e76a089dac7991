import Foundation
import Testing
import TestSupport
@testable import ContextLimits
@testable import Models

/// Validation against reaches known in closed form (unscaled spectra, BoundReachTests'
/// derivation) and a direct scan of the kernel.
@Suite("Validation: the bounds against measured lengths")
struct ValidationTests {
    static func bare(_ base: Double) -> ModelInput {
        ModelInput(parameters: RotaryConfiguration(base: base, headDim: 128), layers: 32, context: 4096)
    }

    /// The exact kernel reading (K ≥ 0 at every m < L), whose reach a direct scan gives; the
    /// threshold reading is tested against the independent b*(L) scans in BoundReachTests.
    static let exact = BoundSettings(kernelReading: .exact)

    static func measured(_ model: String, _ length: Int, claimed: Int? = nil, line: Int = 2) -> MeasuredLength {
        MeasuredLength(model: model, config: model, measuredLength: length, claimedLength: claimed, source: "test", note: "", line: line)
    }

    /// Base 10⁴, d = 128, N = 32 (Llama-2-7B): depth reach ⌊B·arccos(ε^{1/32})⌋ with B = 10⁴^{126/128}
    /// (1795), kernel reach the first m with Σcos(mθᵢ) < 0 (1707, by a direct scan); base 10¹¹ fails
    /// the fp32 precision bound at every length.
    @Test func contradictionsAreTheBoundsThatFailAtOrBelowTheMeasuredLength() throws {
        let B = pow(1e4, 126.0 / 128)
        let depth = Int((B * acos(pow(0.5, 1.0 / 32))).rounded(.down))
        let theta = RotarySpectrum.standardInverseFrequencies(base: 1e4, rotaryDim: 128)
        let kernel = try #require((0..<10_000).first { m in theta.reduce(0) { $0 + cos(Double(m) * $1) } < 0 })
        #expect(kernel < depth)
        let llama2 = Self.bare(1e4)
        let v = try Validation([(Self.measured("at 4096", 4096, claimed: 4096), llama2),
                                (Self.measured("at the kernel reach", kernel), llama2),
                                (Self.measured("one past it", kernel + 1), llama2),
                                (Self.measured("one past depth", depth + 1), llama2),
                                (Self.measured("precision", 1024), Self.bare(1e11))], settings: Self.exact, gate: .all, horizon: 1 << 20)
        #expect(v.rows.map(\.contradicted) == [[.depth, .kernel], [], [.kernel], [.depth, .kernel], [.precision]])
        #expect(v.rows[0].maxContext == kernel && v.rows[0].bindingBound == .kernel && v.rows[4].maxContext == 0)
        #expect(v.summary(.kernel).contradicted == 3 && v.summary(.kernel).rows == 5)
        #expect(v.summary(.kernel).contradictedRows == [0, 2, 3] && v.summary(.aliasing).contradicted == 0)
        #expect(v.summary(.precision).contradictedRows == [4])
    }

    /// Claimed lengths cross with "measured effective there"; rows without a claim are left out.
    @Test func contingencyAtTheClaimedLength() throws {
        let input = Self.bare(1e6)       // kernel reach 27115 (the Mistral/Qwen rows), every phase bound far beyond
        let v = try Validation([(Self.measured("works where it holds", 16384, claimed: 16384), input),
                                (Self.measured("claims past its reach, works short", 8192, claimed: 65536), input),
                                (Self.measured("works past its reach", 32768, claimed: 32768), input),
                                (Self.measured("no claim", 8192), ModelInput(parameters: RotaryConfiguration(base: 1e6, headDim: 128), layers: 32))],
                               settings: Self.exact, gate: .all, horizon: 1 << 20)
        let k = v.summary(.kernel).contingency
        #expect(k == Validation.Contingency(holdsEffective: 1, holdsNotEffective: 0, failsEffective: 1, failsNotEffective: 1, undetermined: 1))
        #expect(v.contingency == k)
        #expect(v.summary(.aliasing).contingency.holdsEffective == 2 && v.summary(.aliasing).contingency.holdsNotEffective == 1)
    }

    /// ρ of max_context with the measured length: reaches 1707 < 27115 < that of base 10⁷ (kernel)
    /// against measured (4096, 2048, 8192) rank (1, 2, 3) vs (2, 1, 3), so ρ = 1 − 6·2/(3·8) = 1/2.
    @Test func rankCorrelationAndHorizon() throws {
        let v = try Validation([(Self.measured("a", 4096), Self.bare(1e4)), (Self.measured("b", 2048), Self.bare(1e6)),
                                (Self.measured("c", 8192), Self.bare(1e7))], settings: Self.exact, gate: .all, horizon: 1 << 20)
        #expect(v.rows[2].maxContext! > v.rows[1].maxContext! && v.rows[1].maxContext! > v.rows[0].maxContext!)
        #expect(isClose(try #require(v.spearman), 0.5, .tol1))
        // Past the horizon nothing is known: a measurement beyond it with no failure found is undetermined.
        let beyond = try Validation([(Self.measured("far", 1 << 13), ModelInput(parameters: RotaryConfiguration(base: 1e6, headDim: 128), layers: 1))],
                                    settings: Self.exact, horizon: 1 << 12)
        #expect(beyond.rows[0].contradicted.isEmpty && beyond.rows[0].undetermined.contains(.aliasing))
        #expect(beyond.summary(.aliasing).rows == 0)
    }

    /// The same answer on one worker as on two.
    @Test func independentOfTheThreadCount() throws {
        let rows = try MeasurementTable.bundled("ruler").map { ($0, try ModelInput.load($0.config)) }
        let one = try Validation(rows, settings: Self.exact, threads: 1), two = try Validation(rows, settings: Self.exact, threads: 2)
        #expect(one.rows.map(\.maxContext) == two.rows.map(\.maxContext) && one.spearman == two.spearman)
        #expect(one.summaries.map(\.contradictedRows) == two.summaries.map(\.contradictedRows))
    }
}

/// The evidence `check` prints is what `validate` finds on the bundled table now.
@Suite("MeasuredEvidence is current")
struct MeasuredEvidenceTests {
    @Test func matchesAFreshValidation() throws {
        let rows = try MeasurementTable.bundledNames.flatMap { try MeasurementTable.bundled($0) }.map { ($0, try ModelInput.load($0.config)) }
        let v = try Validation(rows)
        for s in v.summaries {
            let embedded = MeasuredEvidence.record(s.bound)
            #expect(embedded.contradicted == s.contradicted && embedded.rows == s.rows, "\(s.bound): run scripts/embed_evidence.py")
        }
        let exact = v.otherKernelReading
        #expect(MeasuredEvidence.exactKernel == MeasuredEvidence.Record(contradicted: exact.contradicted, rows: exact.rows))
    }
}
