import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI
import ContextLimits

@Suite("ctxlimits validate")
struct ValidateCommandTests {
    /// The bundled RULER table: every row, the keys of DESIGN.md, and the figure.
    @Test func bundledTable() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("v.svg").path
        let r = runTool(["validate", "--format", "json", "--svg", svg])
        #expect(r.code == 0, "\(r.err)")
        let j = try decodeJSON(r.out)
        let rows = j["rows"].array
        #expect(rows.count == (try MeasurementTable.bundledNames.map { try MeasurementTable.bundled($0).count }.reduce(0, +)))
        for key in ["model", "config", "measured_length", "max_context", "contradicted"] { #expect(rows[0].object[key] != nil, "\(key)") }
        for bound in ["aliasing", "dc_stability", "depth", "precision", "kernel"] {
            #expect(j["summary"][bound]["rows"].int <= rows.count && j["summary"][bound].object["contradicted"] != nil)
        }
        // Llama-2-7B defines RULER's threshold at 4K: the depth and kernel bounds fail below 4096 (the report).
        let llama2 = try #require(rows.first { $0["config"].string == "llama-2-7b" })
        #expect(llama2["contradicted"].array.map(\.string) == ["depth", "kernel"])
        #expect(j.optional("spearman") != nil && j["summary"]["verdict"]["gate"].array.map(\.string) == ["kernel"])
        // the label's baselines beside the theory, each over every row
        for baseline in ["claimed", "max_position_embeddings", "original"] {
            #expect(j["baselines"][baseline]["rows"].int == rows.count && j["baselines"][baseline].object["spearman"] != nil)
        }
        #expect(j["summary"]["kernel_other_reading"]["contradicted"].int >= j["summary"]["kernel"]["contradicted"].int)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("<svg"))
        let text = runTool(["validate"])
        #expect(text.code == 0 && text.out.contains("kernel (threshold):") && text.out.contains("kernel (exact):") && text.out.contains("baselines: claimed"))
    }

    /// Bad tables: exit 1, the line and the column named, no partial output.
    @Test func badTablesNameTheLineAndColumn() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = "model,config,measured_length,source\n"
        let cases: [(String, String)] = [
            ("model,config,source\nA,llama-2-7b,x\n", "line 1, column measured_length: missing column"),
            (header + "A,llama-2-7b,four,x\n", "line 2, column measured_length"),
            (header + "A,llama-2-7b,-1,x\n", "line 2, column measured_length"),
            (header + "A,no-such-config,4096,x\n", "line 2, column config"),
            (header + "A,llama-2-7b,4096,x\nA,llama-2-7b,8192,x\n", "line 3, column model: duplicate of line 2"),
            (header + "A,mamba2-130m,4096,x\n", "line 2, column config: mamba2-130m has no rotary attention layers"),
        ]
        for (i, (text, message)) in cases.enumerated() {
            let path = dir.appendingPathComponent("m\(i).csv").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let out = dir.appendingPathComponent("m\(i).svg").path
            let r = runTool(["validate", "--measurements", path, "--svg", out])
            #expect(r.code == 1 && r.err.contains(message) && r.out.isEmpty, "\(text): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        #expect(runTool(["validate", "--measurements", dir.appendingPathComponent("absent.csv").path]).code == 1)
    }

    /// A config path in the table is read relative to the table's directory, and its reach is the
    /// one `check` gives for the same config.
    @Test func configsRelativeToTheTable() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try BundledExample.text("llama-3.1-8b").write(to: dir.appendingPathComponent("mine.json"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("m.csv").path
        try "model,config,measured_length,source\nmine,mine.json,32768,me\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = runTool(["validate", "--measurements", path, "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let check = try decodeJSON(runTool(["check", "llama-3.1-8b", "--format", "json"]).out)
        #expect(try decodeJSON(r.out)["rows"].array[0]["max_context"].int == check["max_context"].int)
    }
}
