/// CSV text as RFC 4180 describes it: a header row, fields quoted only when they contain a
/// comma, a double quote, CR or LF (inner quotes doubled), and `\n` line endings.
public enum CSV {
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func render(_ table: DataTable) -> String {
        var lines = [table.columns.map(quote).joined(separator: ",")]
        for row in table.rows { lines.append(row.map { quote($0.plain) }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
