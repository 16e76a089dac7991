/// One cell of a result table.
public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case empty

    /// The machine-readable form: numbers in Swift's shortest round-trip form
    /// (`Double.description`, which Python's `float()` reads back exactly; NaN and ±∞ print as
    /// `nan`, `inf`, `-inf`), booleans as `true`/`false`.
    public var plain: String {
        switch self {
        case let .text(s): return s
        case let .number(x): return x.description
        case let .integer(n): return String(n)
        case let .bool(b): return b ? "true" : "false"
        case .empty: return ""
        }
    }
}

/// A rectangular table with named columns: what every analysis produces for `--format csv`
/// and for the readable table on the terminal.
public struct DataTable: Sendable, Equatable {
    public var columns: [String]
    public private(set) var rows: [[Cell]] = []

    public init(columns: [String]) {
        self.columns = columns
    }

    /// Appends a row; it must have one cell per column.
    public mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "row has \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }
}
