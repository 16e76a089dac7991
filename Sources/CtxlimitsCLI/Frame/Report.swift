import Foundation
import Charts

/// What an analysis produces: lines of summary, a table, the JSON document and optionally a
/// figure. Commands build one; the tool prints it in the requested format and writes files.
public struct Report: Sendable {
    public var title: String
    /// "key: value" lines printed above the table in table mode.
    public var summary: [(String, String)]
    public var table: DataTable
    /// Notes printed below the table in table mode (assumptions, sources, verdict).
    public var notes: [String]
    public var json: JSONValue
    public var chart: Chart?

    public init(title: String, summary: [(String, String)] = [], table: DataTable, notes: [String] = [],
                json: JSONValue, chart: Chart? = nil) {
        self.title = title
        self.summary = summary
        self.table = table
        self.notes = notes
        self.json = json
        self.chart = chart
    }

    /// The readable form: title, summary, aligned table, notes.
    public func text() -> String {
        var lines = [title, String(repeating: "=", count: title.count)]
        let keyWidth = summary.map { $0.0.count }.max() ?? 0
        for (k, v) in summary { lines.append((k + ":").padding(toLength: keyWidth + 2, withPad: " ", startingAt: 0) + v) }
        if !summary.isEmpty { lines.append("") }
        if !table.rows.isEmpty { lines += TextTable.render(table) }
        if !notes.isEmpty { lines.append(""); lines += notes }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Column-aligned plain text for terminals: numbers right-aligned with 6 significant digits,
/// text left-aligned.
public enum TextTable {
    static func render(_ table: DataTable) -> [String] {
        let cells = table.rows.map { $0.map(format) }
        var widths = table.columns.map(\.count)
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ row: [String], _ numeric: [Bool]) -> String {
            zip(zip(row, widths), numeric).map { pair, isNumber in
                let (text, width) = pair
                let pad = String(repeating: " ", count: width - text.count)
                return isNumber ? pad + text : text + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        let numericColumns = table.columns.indices.map { i in
            table.rows.allSatisfy { row in
                switch row[i] { case .number, .integer, .empty: return true; default: return false }
            }
        }
        var out = [line(table.columns, numericColumns)]
        out.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for row in cells { out.append(line(row, numericColumns)) }
        return out
    }

    /// A cell as the terminal shows it.
    static func format(_ cell: Cell) -> String { format(cell, number: formatNumber) }

    /// A cell as text, its number (if any) written by `number`.
    static func format(_ cell: Cell, number: (Double) -> String) -> String {
        switch cell {
        case let .number(x): return number(x)
        case let .bool(b): return b ? "yes" : "no"
        default: return cell.plain
        }
    }

    /// Six significant digits, exponent form outside [1e-4, 1e7).
    public static func formatNumber(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        if magnitude >= 1e-4 && magnitude < 1e7 {
            let decimals = max(0, 5 - Int(floor(log10(magnitude))))
            var s = String(format: "%.\(decimals)f", x)
            if s.contains(".") { while s.hasSuffix("0") { s.removeLast() }; if s.hasSuffix(".") { s.removeLast() } }
            return s
        }
        return String(format: "%.5e", x).replacingOccurrences(of: #"\.?0+e"#, with: "e", options: .regularExpression)
    }

    /// A number for reading rather than parsing (the report pages): as ``formatNumber(_:)`` in
    /// [1e-4, 1e7), outside it m·10ᵏ with three significant digits as the figures write it
    /// (``Notation/compact(_:digits:)``: 1.19·10⁻⁷, 9.34·10¹⁴), never printf's 1.19209e-07.
    public static func readableNumber(_ x: Double) -> String {
        let magnitude = abs(x)
        guard x.isFinite, magnitude != 0, magnitude < 1e-4 || magnitude >= 1e7 else { return formatNumber(x) }
        return Notation.compact(x, digits: 3)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
