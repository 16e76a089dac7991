/// Small helpers for writing SVG text.
enum SVG {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate with two decimals, so that output is stable across platforms.
    static func n(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// The rendered width of plain text in DejaVu Sans at `size` px (``FontMetrics``).
    static func width(_ s: String, size: Double) -> Double { RichText.width(s, size: size) }
}
