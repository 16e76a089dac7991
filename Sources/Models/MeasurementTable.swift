import Foundation

/// One measured effective context length: a model, the config it was measured with, and the
/// longest context at which a benchmark found it working.
public struct MeasuredLength: Sendable, Equatable {
    /// The model as the source names it.
    public let model: String
    /// The config the model was measured with: a bundled example, a path, a cache id.
    public let config: String
    /// The longest length at which the model was measured effective, in tokens.
    public let measuredLength: Int
    /// The context the model claims, when the table gives it (else the config's advertised one).
    public let claimedLength: Int?
    /// Where the number comes from.
    public let source: String
    /// How the row was produced, when that matters.
    public let note: String
    /// The line of the table (1 = the header).
    public let line: Int
}

/// A bad measurements table: the line and the column of the problem.
public struct MeasurementError: Error, CustomStringConvertible, Sendable, Equatable {
    public let line: Int
    public let column: String?
    public let problem: String

    public init(line: Int, column: String?, _ problem: String) {
        self.line = line
        self.column = column
        self.problem = problem
    }

    public var description: String {
        "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": " + problem
    }
}

/// A table of measured effective lengths, CSV with a header naming at least the columns
/// `model,config,measured_length,source` (also read: `claimed_length`, `note`; others are
/// ignored). Fields follow RFC 4180: separated by commas, quoted with `"` when they hold a comma,
/// a quote (doubled) or a line break. Lines that are empty are skipped.
public enum MeasurementTable {
    public static let requiredColumns = ["model", "config", "measured_length", "source"]
    /// At most this many rows: each costs a reach search of its config.
    public static let maxRows = 2000
    /// At most this many bytes of text.
    public static let maxBytes = 4 << 20

    /// The bundled tables, by name (`ruler`).
    public static var bundledNames: [String] { BundledExamples.measurements.keys.sorted() }

    /// The bundled table `name`, parsed.
    public static func bundled(_ name: String) throws(MeasurementError) -> [MeasuredLength] {
        guard let text = BundledExamples.measurements[name] else {
            throw MeasurementError(line: 0, column: nil, "no bundled measurements named '\(name)' (bundled: \(bundledNames.joined(separator: ", ")))")
        }
        return try parse(text)
    }

    /// Parses and checks a table: every row has the required fields, a whole positive
    /// measured (and claimed) length, and no (model, config) pair appears twice.
    ///
    /// - Complexity: O(n) in the length of the text.
    public static func parse(_ text: String) throws(MeasurementError) -> [MeasuredLength] {
        guard text.utf8.count <= maxBytes else {
            throw MeasurementError(line: 0, column: nil, "the table is \(text.utf8.count) bytes; at most \(maxBytes) are read")
        }
        let records = try split(text)
        guard let header = records.first else { throw MeasurementError(line: 1, column: nil, "the table is empty (expected a header \(requiredColumns.joined(separator: ",")))") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            guard index[name] == nil else { throw MeasurementError(line: header.line, column: name, "the column appears twice in the header") }
            index[name] = i
        }
        for name in requiredColumns where index[name] == nil {
            throw MeasurementError(line: header.line, column: name, "missing column (the header needs \(requiredColumns.joined(separator: ",")))")
        }
        guard records.count - 1 <= maxRows else {
            throw MeasurementError(line: records[maxRows + 1].line, column: nil, "more than \(maxRows) rows")
        }
        var out: [MeasuredLength] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw MeasurementError(line: record.line, column: nil, "\(record.fields.count) fields for \(names.count) columns")
            }
            func field(_ name: String) -> String? { index[name].map { record.fields[$0].trimmingCharacters(in: .whitespaces) } }
            func required(_ name: String) throws(MeasurementError) -> String {
                guard let v = field(name), !v.isEmpty else { throw MeasurementError(line: record.line, column: name, "is empty") }
                return v
            }
            func length(_ name: String, _ text: String) throws(MeasurementError) -> Int {
                guard let n = Int(text), n > 0 else {
                    throw MeasurementError(line: record.line, column: name, "'\(text)' is not a positive whole number of tokens")
                }
                guard n <= 1 << 40 else { throw MeasurementError(line: record.line, column: name, "\(n) tokens is more than 2^40") }
                return n
            }
            let model = try required("model"), config = try required("config")
            let measured = try length("measured_length", try required("measured_length"))
            let claimed = try field("claimed_length").flatMap { v throws(MeasurementError) in v.isEmpty ? nil : try length("claimed_length", v) }
            let key = model + "\u{0}" + config
            if let first = seen[key] {
                throw MeasurementError(line: record.line, column: "model", "duplicate of line \(first) (\(model), \(config))")
            }
            seen[key] = record.line
            out.append(MeasuredLength(model: model, config: config, measuredLength: measured, claimedLength: claimed,
                                   source: try required("source"), note: field("note") ?? "", line: record.line))
        }
        guard !out.isEmpty else { throw MeasurementError(line: header.line + 1, column: nil, "the table has a header but no rows") }
        return out
    }

    private struct Record { var line: Int; var fields: [String] }

    /// RFC 4180 records with the line each starts on (a line ends in CRLF, LF or a lone CR); empty lines skipped.
    private static func split(_ text: String) throws(MeasurementError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1, start = 1
        var quoted = false, afterQuote = false, any = false
        var chars = Array(text.unicodeScalars)[...]
        if chars.first == "\u{FEFF}" { chars.removeFirst() }        // a byte-order mark from spreadsheet exports
        func endRecord() {
            fields.append(field)
            if any || fields.count > 1 || !field.isEmpty { records.append(Record(line: start, fields: fields)) }
            fields = []; field = ""; any = false; afterQuote = false
        }
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { chars.removeFirst(); field.unicodeScalars.append(c) } else { quoted = false; afterQuote = true }
                } else {
                    if c == "\n" || (c == "\r" && chars.first != "\n") { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !afterQuote else {
                    throw MeasurementError(line: line, column: nil, "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
                quoted = true; any = true
            case ",":
                fields.append(field); field = ""; afterQuote = false; any = true
            case "\r":                       // CRLF, or a lone CR (old Mac line endings): one line break
                if chars.first == "\n" { chars.removeFirst() }
                endRecord(); line += 1; start = line
            case "\n":
                endRecord(); line += 1; start = line
            default:
                guard !afterQuote else { throw MeasurementError(line: line, column: nil, "text after a closing quote") }
                field.unicodeScalars.append(c)
            }
        }
        guard !quoted else { throw MeasurementError(line: start, column: nil, "a quoted field is not closed") }
        endRecord()
        return records
    }
}
