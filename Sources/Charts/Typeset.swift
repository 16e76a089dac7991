import Foundation

/// Text as figures set it: measured with the advance widths of DejaVu Sans (the font the SVG names
/// first), with a small markup for mathematics: `_{…}` a subscript, `^{…}` a superscript (one
/// character needs no braces: `L_0`, `b^*`), and a real minus sign (U+2212) for a hyphen that
/// stands before a digit after a space, an opening bracket or brace, "=" or at the start.
///
/// Complexity: O(length) for parsing, measuring and rendering.
public struct RichText: Sendable, Equatable {
    enum Shift: Sendable, Equatable { case base, sub, sup }
    struct Run: Sendable, Equatable { var text: String; var shift: Shift }

    let runs: [Run]

    /// The relative size and baseline offset (in ems, down positive) of shifted runs.
    static let scriptScale = 0.7
    static let subOffset = 0.25, supOffset = -0.38

    /// Text without markup (names from data: model names, file names), a minus sign kept as written.
    public init(plain: String) { runs = [Run(text: plain, shift: .base)] }

    /// `\_` and `\^` are a literal underscore and caret.
    public init(_ markup: String) {
        var runs: [Run] = []
        var current = ""
        var chars = Array(RichText.minusSigns(markup))[...]
        func flush() { if !current.isEmpty { runs.append(Run(text: current, shift: .base)); current = "" } }
        while let c = chars.popFirst() {
            if c == "\\", let next = chars.first, next == "_" || next == "^" {
                current.append(chars.removeFirst())
            } else if (c == "_" || c == "^"), let next = chars.first, next != " " {
                var script = ""
                if next == "{" {
                    chars.removeFirst()
                    while let d = chars.popFirst(), d != "}" { script.append(d) }
                } else {
                    script.append(chars.removeFirst())
                }
                flush()
                runs.append(Run(text: script, shift: c == "_" ? .sub : .sup))
            } else {
                current.append(c)
            }
        }
        flush()
        self.runs = runs
    }

    /// `name` as markup that typesets it literally (a layer type such as `sliding_attention`, a
    /// config id): underscores and carets escaped, so that a name is never set as mathematics.
    public static func literal(_ name: String) -> String {
        name.replacingOccurrences(of: "_", with: "\\_").replacingOccurrences(of: "^", with: "\\^")
    }

    /// The plain text (markup removed), for titles and tooltips.
    public var plain: String { runs.map(\.text).joined() }

    /// Hyphens that mean minus, as U+2212.
    static func minusSigns(_ s: String) -> String {
        var out = ""
        var previous: Character?
        let chars = Array(s)
        for (i, c) in chars.enumerated() {
            let next = i + 1 < chars.count ? chars[i + 1] : nil
            if c == "-", let n = next, n.isNumber || n == ".", previous == nil || " (=[/≈≤≥,:{".contains(previous!) {
                out.append("−")
            } else {
                out.append(c)
            }
            previous = c
        }
        return out
    }

    /// The advance width of `s` in DejaVu Sans at `size` px.
    public static func width(_ s: String, size: Double, bold: Bool = false) -> Double {
        let table = bold ? FontMetrics.bold : FontMetrics.regular
        let fallback = bold ? FontMetrics.boldFallback : FontMetrics.regularFallback
        return s.unicodeScalars.reduce(0) { $0 + (table[$1.value] ?? fallback) } * size
    }

    /// Height above and below the baseline at `size` px: superscripts raise the top, subscripts
    /// lower the bottom (DejaVu Sans ascent 0.78 and descent 0.24 of the size otherwise).
    public func verticalExtent(size: Double) -> (ascent: Double, descent: Double) {
        let hasSup = runs.contains { $0.shift == .sup }, hasSub = runs.contains { $0.shift == .sub }
        return (size * (hasSup ? 0.98 : 0.78), size * (hasSub ? 0.42 : 0.24))
    }

    /// The rendered width at `size` px.
    public func width(size: Double, bold: Bool = false) -> Double {
        runs.reduce(0) { $0 + Self.width($1.text, size: $1.shift == .base ? size : size * Self.scriptScale, bold: bold) }
    }

    /// Whether the `<text>` element needs `xml:space="preserve"`: librsvg drops a space at a tspan's
    /// edge (even a no-break space), which would glue "10⁻¹² of" into "10⁻¹²of"; Chromium keeps it
    /// either way. Labels never hold runs of spaces, so preserving changes nothing else.
    var needsPreservedSpace: Bool { runs.count > 1 }

    /// `<text>` content: tspans with dy offsets for the scripts (portable across renderers).
    func svgContent(size: Double) -> String {
        var out = ""
        var offset = 0.0
        for run in runs {
            let target: Double
            switch run.shift {
            case .base: target = 0
            case .sub: target = Self.subOffset * size
            case .sup: target = Self.supOffset * size
            }
            let dy = target - offset
            offset = target
            let escaped = SVG.escape(run.text)
            if run.shift == .base && dy == 0 {
                out += escaped
            } else {
                let sizeAttribute = run.shift == .base ? "" : " font-size=\"\(SVG.n(size * Self.scriptScale))\""
                out += "<tspan dy=\"\(SVG.n(dy))\"\(sizeAttribute)>\(escaped)</tspan>"
            }
        }
        return out
    }

    /// Greedy line breaks at spaces so that no line is wider than `width` px (a word longer than
    /// the width gets a line of its own).
    public static func wrap(_ markup: String, width: Double, size: Double, bold: Bool = false) -> [String] {
        var lines: [String] = [], current = ""
        for word in markup.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if RichText(candidate).width(size: size, bold: bold) <= width || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

/// Numbers in figure text: 10⁴, 5·10⁵, 1.74·10⁶, 0.35, 65 536.
public enum Notation {
    /// `x` with about `digits` significant digits: plain for 10⁻³ ≤ |x| < 10⁵, else m·10ᵏ (an exact
    /// power of ten as 10ᵏ); a real minus sign.
    public static func compact(_ x: Double, digits: Int = 3) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "−∞") }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        let sign = x < 0 ? "−" : ""
        if magnitude >= 1e-3, magnitude < 1e5 {
            let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
            return sign + TickLabel.grouped(TickLabel.fixed(magnitude, decimals: decimals))
        }
        var e = Int(floor(log10(magnitude)))
        var m = magnitude / pow(10, Double(e))
        let rounded = (m * pow(10, Double(digits - 1))).rounded() / pow(10, Double(digits - 1))
        if rounded >= 10 { e += 1; m = rounded / 10 } else { m = rounded }
        let power = "10" + TickLabel.superscript(e)
        if abs(m - 1) < 1e-12 { return sign + power }
        return sign + TickLabel.fixed(m, decimals: digits - 1) + "·" + power
    }
}
