import Foundation
import Testing
@testable import Models

@Suite("Measurement tables (CSV)")
struct MeasurementTableTests {
    let header = "model,config,measured_length,source"

    func error(_ text: String) -> MeasurementError? {
        do { _ = try MeasurementTable.parse(text); return nil } catch { return error }
    }

    @Test func readsQuotedFieldsLineEndingsAndOptionalColumns() throws {
        let text = "\u{FEFF}model,config,measured_length,claimed_length,source,note,extra\r\n"
            + "\"Llama, 8B\",llama-3.1-8b,32768,131072,RULER,\"said \"\"hi\"\"\nover two lines\",x\r\n"
            + "\n"
            + "Mixtral,mixtral-8x7b-v0.1,32768,,RULER,,\n"
        let rows = try MeasurementTable.parse(text)
        #expect(rows.count == 2)
        #expect(rows[0] == MeasuredLength(model: "Llama, 8B", config: "llama-3.1-8b", measuredLength: 32768, claimedLength: 131072,
                                         source: "RULER", note: "said \"hi\"\nover two lines", line: 2))
        #expect(rows[1].claimedLength == nil && rows[1].line == 5 && rows[1].note.isEmpty)
    }

    @Test func badTablesNameTheLineAndTheColumn() {
        let cases: [(String, Int, String?, String)] = [
            ("model,config,source\nA,b,x\n", 1, "measured_length", "missing column"),
            ("\(header)\nA,b,4k,x\n", 2, "measured_length", "not a positive whole number"),
            ("\(header)\nA,b,0,x\n", 2, "measured_length", "not a positive whole number"),
            ("\(header)\nA,b,-4096,x\n", 2, "measured_length", "not a positive whole number"),
            ("\(header)\nA,b,4096.5,x\n", 2, "measured_length", "not a positive whole number"),
            ("\(header)\nA,,4096,x\n", 2, "config", "is empty"),
            ("\(header)\nA,b,4096,x\nA,b,8192,y\n", 3, "model", "duplicate of line 2"),
            ("\(header)\nA,b,4096\n", 2, nil, "3 fields for 4 columns"),
            ("\(header)\nA,\"b,4096,x\n", 2, nil, "not closed"),
            ("\(header)\nA,b\"c,4096,x\n", 2, nil, "quote inside an unquoted field"),
            ("\(header)\n", 2, nil, "no rows"),
            ("", 1, nil, "empty"),
            ("model,model,config,measured_length,source\n", 1, "model", "appears twice"),
            ("\(header)\nA,b,99999999999999999999,x\n", 2, "measured_length", "not a positive whole number"),
        ]
        for (text, line, column, problem) in cases {
            let e = error(text)
            #expect(e?.line == line && e?.column == column && e?.problem.contains(problem) == true, "\(text.debugDescription): \(String(describing: e))")
        }
    }

    @Test func sizesAreBounded() {
        let rows = (0...MeasurementTable.maxRows).map { "m\($0),c,4096,s" }.joined(separator: "\n")
        #expect(error("\(header)\n\(rows)\n")?.problem.contains("more than") == true)
        #expect(error(String(repeating: "x", count: MeasurementTable.maxBytes + 1))?.problem.contains("bytes") == true)
    }

    @Test func theBundledRulerTableReadsAndMatchesItsFile() throws {
        let rows = try MeasurementTable.bundled("ruler")
        #expect(rows.count >= 25 && rows.allSatisfy { ConfigSource.bundledNames.contains($0.config) })
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples/measurements/ruler.csv").standardized
        #expect(BundledExamples.measurements["ruler"] == (try String(contentsOf: file, encoding: .utf8)).trimmingCharacters(in: .newlines),
                "run scripts/embed_examples.py")
        #expect(throws: MeasurementError.self) { try MeasurementTable.bundled("nope") }
    }
}
