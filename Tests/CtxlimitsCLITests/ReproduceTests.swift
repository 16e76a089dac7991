import Foundation
import Testing
@testable import CtxlimitsCLI
import Models

/// The committed figures are current: regenerating them gives byte-identical CSVs.
@Suite("ctxlimits reproduce keeps Figures/ current")
struct ReproduceTests {
    static let figuresDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Figures").standardized

    @Test(arguments: ReproduceCommand.figures.map(\.name).filter { $0 != "base-bound" })
    func committedCSVMatchesARegeneration(name: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = runTool(["reproduce", "--out", dir.path, "--only", name])
        #expect(r.code == 0, "\(r.err)")
        let fresh = try String(contentsOf: dir.appendingPathComponent(name + ".csv"), encoding: .utf8)
        let committed = try String(contentsOf: Self.figuresDirectory.appendingPathComponent(name + ".csv"), encoding: .utf8)
        #expect(Self.sameTable(fresh, committed), "Figures/\(name).csv is stale: run `ctxlimits reproduce`")
        let freshData = try String(contentsOf: dir.appendingPathComponent(name + ".data.csv"), encoding: .utf8)
        let committedData = try String(contentsOf: Self.figuresDirectory.appendingPathComponent(name + ".data.csv"), encoding: .utf8)
        #expect(Self.sameTable(freshData, committedData), "Figures/\(name).data.csv is stale: run `ctxlimits reproduce`")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name + ".svg").path))
        #expect(FileManager.default.fileExists(atPath: Self.figuresDirectory.appendingPathComponent(name + ".svg").path))
    }

    /// No figure prints one text over another or past the canvas edge: the layout the renderer
    /// placed (every tick, label, legend entry, note and title as a measured box) is checked.
    /// And no text is set below 1.8 % of the canvas width (scripts, at 0.7 of their line, aside).
    /// Every figure, base-bound included (its table is cut at L = 2¹⁶ here: the same layout code).
    @Test(arguments: ReproduceCommand.figures)
    func figureTextNeitherOverlapsNorLeavesTheCanvas(figure: ReproduceCommand.Figure) throws {
        let arguments = figure.name == "base-bound" ? figure.arguments + ["--max-context", "65536"] : figure.arguments
        let outcome = try Tool.outcome(arguments, io: ToolIO(out: { _ in }, err: { _ in }))
        let chart = try #require(outcome.report.chart)
        let layout = chart.layout()
        #expect(layout.overlaps.isEmpty, "\(figure.name): \(layout.overlaps.map { "'\($0.0.text)' over '\($0.1.text)'" })")
        #expect(layout.outside.isEmpty, "\(figure.name): cut \(layout.outside.map(\.text))")
        let svg = chart.svg()
        let sizes = svg.ranges(of: "<text ").compactMap { r -> Double? in
            let rest = svg[r.upperBound...]
            guard let f = rest.range(of: "font-size=\""), let end = rest[f.upperBound...].firstIndex(of: "\"") else { return nil }
            return Double(rest[f.upperBound..<end])
        }
        #expect(!sizes.isEmpty && sizes.min()! >= 0.018 * chart.width - 1e-9, "\(figure.name): text of \(sizes.min() ?? 0) px on a \(chart.width) px canvas")
    }

    /// One number per bundled config in every figure that numbers models: its place in the
    /// name-sorted list of bundled configs (the README's "#" column).
    @Test func oneModelNumberingAcrossFigures() throws {
        let n = try #require(ConfigSource.bundledNames.firstIndex(of: "llama-3.1-8b")) + 1
        for arguments in [["feasibility", "--layers", "32"], ["check", "--all"]] {
            let chart = try #require(try Tool.outcome(arguments, io: ToolIO(out: { _ in }, err: { _ in })).report.chart)
            #expect(chart.layout().boxes.contains { $0.text.contains("\(n)\u{00A0}llama-3.1-8b") }, "\(arguments[0])")
        }
    }

    /// The full b*(L) table takes about 40 s; its rows up to L = 16384 are regenerated and compared.
    @Test func baseBoundRowsMatch() throws {
        let r = runTool(["base-bound", "--table", "--max-context", "16384", "--format", "csv"])
        #expect(r.code == 0)
        let committed = try String(contentsOf: Self.figuresDirectory.appendingPathComponent("base-bound.csv"), encoding: .utf8)
        let fresh = r.out.split(separator: "\n")
        #expect(fresh.count == 6 && Self.sameTable(fresh.joined(separator: "\n"), committed.split(separator: "\n").prefix(6).joined(separator: "\n")))
    }

    /// Same rows, same text cells, and numbers equal to 1e-6 relative: a regenerated figure may
    /// differ in the last digits on a machine whose libm rounds a transcendental differently, and a
    /// stale figure differs by far more. Values below 1e-12 in magnitude on both sides (quadrature
    /// error estimates of order 1e-16) are noise and compare equal.
    static func sameTable(_ a: String, _ b: String) -> Bool {
        let rowsA = a.split(separator: "\n"), rowsB = b.split(separator: "\n")
        guard rowsA.count == rowsB.count else { return false }
        for (ra, rb) in zip(rowsA, rowsB) {
            let ca = ra.split(separator: ",", omittingEmptySubsequences: false), cb = rb.split(separator: ",", omittingEmptySubsequences: false)
            guard ca.count == cb.count else { return false }
            for (x, y) in zip(ca, cb) where x != y {
                guard let u = Double(x), let v = Double(y),
                      abs(u - v) <= 1e-6 * max(abs(u), abs(v)) || max(abs(u), abs(v)) < 1e-12 else { return false }
            }
        }
        return true
    }

    @Test func comparisonToleratesOnlyLastDigits() {
        #expect(ReproduceTests.sameTable("x,y\na,0.30000000000000004", "x,y\na,0.3"))
        #expect(!ReproduceTests.sameTable("x,y\na,0.3001", "x,y\na,0.3"))
        #expect(ReproduceTests.sameTable("x,y\na,1.02955e-16", "x,y\na,1.02954e-16"))
        #expect(!ReproduceTests.sameTable("x,y\na,1.1e-12", "x,y\na,1e-12"))
        #expect(!ReproduceTests.sameTable("x,y\nb,0.3", "x,y\na,0.3"))
        #expect(!ReproduceTests.sameTable("x,y\na,0.3\n", "x,y\na,0.3\nb,1"))
    }

    @Test func badArguments() {
        #expect(runTool(["reproduce", "--out", "/no/such/dir"]).code == 1)
        #expect(runTool(["reproduce", "--only", "nothing", "--out", "/tmp"]).code == 1)
    }
}
