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

    static func text(_ s: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
                     weight: String? = nil, rotate: Double? = nil, fill: String = Palette.text) -> String {
        var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\""
        if let weight { attributes += " font-weight=\"\(weight)\"" }
        if let rotate { attributes += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        return "<text \(attributes)>\(escape(s))</text>"
    }

    /// The average advance of a character in DejaVu Sans, in ems (measured on mixed text).
    static let characterWidth = 0.62

    /// An approximate rendered width of `s` in a sans-serif font of the given size.
    static func width(_ s: String, size: Double) -> Double {
        Double(s.count) * size * characterWidth
    }
}
