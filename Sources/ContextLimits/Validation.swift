import Bounds
import Models
import NumericalCore

/// The bounds against measured effective context lengths (`ctxlimits validate`).
///
/// Each bound is a necessary condition: a model whose bound fails at a context L should not work
/// at L. A measurement that finds the model effective at length M therefore *contradicts* every
/// bound whose reach (``BoundReach``: the largest L at which it holds at every context up to L,
/// the scaling re-evaluated at each length) is below M. Nothing here is fitted: ε, the convention
/// and the precision are the ``BoundSettings`` given, the same as `check` uses.
///
/// Besides the contradictions, per bound: the 2×2 table of (the bound holds at the claimed length)
/// × (the model was measured effective at the claimed length), and Spearman's ρ between the
/// predicted reach and the measured length (a reach of "beyond the horizon" ranks as the horizon).
public struct Validation: Sendable {
    /// One measured model.
    public struct Row: Sendable {
        public let measurement: MeasuredLength
        /// The claimed length: the table's, else the config's advertised context.
        public let claimedLength: Int?
        /// Per bound, its reach over every rotary group (the smallest).
        public let reach: BoundTable<BoundReach.Entry>
        /// The smallest reach of all bounds (nil: every bound holds to the horizon).
        public let maxContext: Int?
        public let bindingBound: Bound?
        /// How far the reach was searched.
        public let horizon: Int
        /// The kernel's reach under the other reading (exact when the settings read it as a threshold).
        public let otherKernelReading: BoundReach.Entry
        /// The smallest reach of the gated bounds (nil: to the horizon): what `check` reports as max_context.
        public let gateReach: Int?
        /// The model's max_position_embeddings and its pre-extension length (original_max_position_embeddings, else the former).
        public let maxPositionEmbeddings: Int?
        public let originalLength: Int?

        /// Whether `bound` holds at every context up to L: nil when the search stopped short of
        /// L (at its work limit, or L is beyond the horizon) without finding a failure.
        public func holds(_ bound: Bound, upTo L: Int) -> Bool? { reach[bound].holds(upTo: L, horizon: horizon) }

        /// The bounds that fail at or below the measured length.
        public var contradicted: [Bound] { Bound.allCases.filter { holds($0, upTo: measurement.measuredLength) == false } }
        /// The bounds whose search stopped before the measured length without a failure.
        public var undetermined: [Bound] { Bound.allCases.filter { holds($0, upTo: measurement.measuredLength) == nil } }
    }

    /// (bound holds at the claimed length) × (measured effective at the claimed length).
    public struct Contingency: Sendable, Equatable {
        public var holdsEffective = 0
        public var holdsNotEffective = 0
        public var failsEffective = 0
        public var failsNotEffective = 0
        /// Rows left out: no claimed length, or the bound's search stopped short of it.
        public var undetermined = 0
    }

    /// What the measurements say of one bound.
    public struct Summary: Sendable {
        public let bound: Bound
        /// Rows with an answer for this bound (undetermined ones left out).
        public let rows: Int
        /// The rows that contradict it, in table order.
        public let contradictedRows: [Int]
        public let contingency: Contingency
        /// ρ(reach of this bound, measured length); nil when undefined (constant reach).
        public let spearman: Double?

        public var contradicted: Int { contradictedRows.count }
    }

    /// What the measurements say of the gate's verdict (as of one bound, for the gate as a whole).
    public struct GateSummary: Sendable {
        public let gate: VerdictGate
        public let rows: Int
        public let contradictedRows: [Int]
        public let contingency: Contingency
        /// ρ(the gate's reach, measured length): the max_context `check` reports.
        public let spearman: Double?
        public var contradicted: Int { contradictedRows.count }
    }

    /// A length a user reads off the label, ranked against the measured length.
    public struct Baseline: Sendable {
        public let name: String
        /// Rows that have the length.
        public let rows: Int
        public let spearman: Double?
    }

    public let rows: [Row]
    public let summaryTable: BoundTable<Summary>
    /// Every bound's summary, in ``Bound/allCases`` order.
    public var summaries: [Summary] { summaryTable.values }
    /// The kernel bound under the other reading (exact when the settings read it as a threshold).
    public let otherKernelReading: Summary
    public let gateSummary: GateSummary
    /// claimed, max_position_embeddings and original (pre-extension) length, each ranked against the measured length.
    public let baselines: [Baseline]
    /// ρ(the reach of every bound together, measured length).
    public let spearmanAllBounds: Double?
    /// The 2×2 table for the model's reach (every bound together).
    public let contingency: Contingency
    /// ρ(the gate's reach, measured length) over all rows: the max_context `check` reports.
    public var spearman: Double? { gateSummary.spearman }
    public let horizon: Int
    public let settings: BoundSettings

    public func summary(_ bound: Bound) -> Summary { summaryTable[bound] }

    /// Validates `measured` (each row with the model input of its config, which must have rotary
    /// layers) under `settings`.
    ///
    /// - Complexity: one ``BoundReach`` per row, rows in parallel on `threads` workers (the result
    ///   does not depend on their number).
    /// - Throws: ``Interrupted`` when `progress` asks to stop.
    public init(_ measured: [(MeasuredLength, ModelInput)], settings: BoundSettings = BoundSettings(), gate: VerdictGate = .standard,
                horizon: Int = BoundReach.defaultHorizon, threads: Int = Parallel.defaultThreads, progress: ProgressSink? = nil) throws(Interrupted) {
        precondition(measured.allSatisfy { !$0.1.rotaryGroups.isEmpty }, "every measured model needs rotary layers")
        let done = WorkCounter(total: Double(measured.count), sink: progress)
        let rows = try Parallel.map(measured.count, threads: threads) { i throws(Interrupted) -> Row in
            let (measurement, input) = measured[i]
            // Every decision here is at the measured or the claimed length: the kernel's threshold walk
            // stops once it is past both (its reach then a lower bound, ranked as found).
            let settle = max(measurement.measuredLength, measurement.claimedLength ?? input.model.advertisedContext ?? 0)
            let reach = try BoundReach(input: input, settings: settings, horizon: horizon, settledUpTo: settle)
            let perBound = BoundTable { reach.reach(of: $0) }
            var other = settings
            other.kernelReading = settings.kernelReading == .threshold ? .exact : .threshold
            let otherKernel = try BoundReach(input: input, settings: other, horizon: horizon, settledUpTo: settle).reach(of: .kernel)
            try done.advance()
            return Row(measurement: measurement, claimedLength: measurement.claimedLength ?? input.model.advertisedContext,
                       reach: perBound, maxContext: reach.maxContext, bindingBound: reach.bindingBound, horizon: horizon,
                       otherKernelReading: otherKernel, gateReach: reach.reach(of: gate)?.maxContext, maxPositionEmbeddings: input.model.advertisedContext,
                       originalLength: input.model.originalContext ?? input.model.advertisedContext)
        }
        self.rows = rows
        self.horizon = horizon
        self.settings = settings
        let measuredLengths = rows.map { Double($0.measurement.measuredLength) }
        func rank(_ reach: [Int?]) -> Double? { NumericalCore.spearman(reach.map { Double($0 ?? horizon) }, measuredLengths) }

        summaryTable = BoundTable { bound in
            let answered = rows.indices.filter { rows[$0].holds(bound, upTo: rows[$0].measurement.measuredLength) != nil }
            let contradicted = answered.filter { rows[$0].holds(bound, upTo: rows[$0].measurement.measuredLength) == false }
            let table = Self.contingency(rows) { row, L in row.holds(bound, upTo: L) }
            return Summary(bound: bound, rows: answered.count, contradictedRows: contradicted, contingency: table,
                           spearman: rank(rows.map { $0.reach[bound].maxContext }))
        }
        func kernelOther(_ row: Row, _ L: Int) -> Bool? { row.otherKernelReading.holds(upTo: L, horizon: horizon) }
        let otherAnswered = rows.indices.filter { kernelOther(rows[$0], rows[$0].measurement.measuredLength) != nil }
        otherKernelReading = Summary(bound: .kernel, rows: otherAnswered.count,
                                     contradictedRows: otherAnswered.filter { kernelOther(rows[$0], rows[$0].measurement.measuredLength) == false },
                                     contingency: Self.contingency(rows, kernelOther), spearman: rank(rows.map(\.otherKernelReading.maxContext)))
        func gateHolds(_ row: Row, _ L: Int) -> Bool? {
            let answers = gate.bounds.map { row.holds($0, upTo: L) }
            return answers.contains(false) ? false : answers.contains(nil) ? nil : true
        }
        let gateAnswered = rows.indices.filter { gateHolds(rows[$0], rows[$0].measurement.measuredLength) != nil }
        gateSummary = GateSummary(gate: gate, rows: gateAnswered.count,
                                  contradictedRows: gateAnswered.filter { gateHolds(rows[$0], rows[$0].measurement.measuredLength) == false },
                                  contingency: Self.contingency(rows, gateHolds), spearman: rank(rows.map(\.gateReach)))
        contingency = Self.contingency(rows) { row, L in
            let answers = Bound.allCases.map { row.holds($0, upTo: L) }
            return answers.contains(false) ? false : answers.contains(nil) ? nil : true
        }
        spearmanAllBounds = rank(rows.map(\.maxContext))
        func baseline(_ name: String, _ length: (Row) -> Int?) -> Baseline {
            let present = rows.filter { length($0) != nil }
            return Baseline(name: name, rows: present.count,
                            spearman: NumericalCore.spearman(present.map { Double(length($0)!) }, present.map { Double($0.measurement.measuredLength) }))
        }
        baselines = [baseline("claimed", \.claimedLength), baseline("max_position_embeddings", \.maxPositionEmbeddings),
                     baseline("original", \.originalLength)]
    }

    private static func contingency(_ rows: [Row], _ holds: (Row, Int) -> Bool?) -> Contingency {
        var table = Contingency()
        for row in rows {
            guard let claimed = row.claimedLength, let ok = holds(row, claimed) else { table.undetermined += 1; continue }
            let effective = row.measurement.measuredLength >= claimed
            switch (ok, effective) {
            case (true, true): table.holdsEffective += 1
            case (true, false): table.holdsNotEffective += 1
            case (false, true): table.failsEffective += 1
            case (false, false): table.failsNotEffective += 1
            }
        }
        return table
    }
}
