import Foundation

/// A self-contained HTML page: inline CSS and inline SVG figures, no script and no external
/// resource, so that it can be attached to a discussion and opened anywhere. The markup is also
/// well-formed XML (void elements closed), so that tests can parse it.
public struct HTMLPage: Sendable {
    public let title: String
    private var body: [String] = []
    private var figures = 0

    public init(title: String) { self.title = title }

    /// The tone of a verdict banner: green for a pass, vermillion for a failure (the figures'
    /// verdict colours), grey where there is no verdict.
    public enum Tone: String, Sendable { case good, bad, neutral }

    /// A verdict banner: `good` green, otherwise vermillion.
    public mutating func banner(_ headline: String, detail: [String], good: Bool) {
        banner(headline, detail: detail, tone: good ? .good : .bad)
    }

    public mutating func banner(_ headline: String, detail: [String], tone: Tone) {
        body.append("<div class=\"banner \(tone.rawValue)\"><p class=\"headline\">\(Self.escape(headline))</p>"
                    + detail.map { "<p>\(Self.escape($0))</p>" }.joined() + "</div>")
    }

    public mutating func heading(_ text: String, id: String? = nil) {
        body.append("<h2\(id.map { " id=\"\(Self.escape($0))\"" } ?? "")>\(Self.escape(text))</h2>")
    }

    public mutating func paragraph(_ text: String, className: String? = nil) {
        body.append("<p\(className.map { " class=\"\($0)\"" } ?? "")>\(Self.escape(text))</p>")
    }

    /// Key–value lines as a definition list.
    public mutating func keyValues(_ pairs: [(String, String)]) {
        body.append("<dl>" + pairs.map { "<dt>\(Self.escape($0.0))</dt><dd>\(Self.escape($0.1))</dd>" }.joined() + "</dl>")
    }

    /// A table; `highlight(row)` names a CSS class for a row ("bad", "good") or nil; the cells of
    /// `code` columns (config fields, layer types, rule ids) are set as code.
    public mutating func table(_ columns: [String], _ rows: [[String]], numeric: Set<Int> = [], code: Set<Int> = [],
                               highlight: (Int) -> String? = { _ in nil }) {
        var out = "<div class=\"scroll\"><table><thead><tr>" + columns.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for (i, row) in rows.enumerated() {
            out += "<tr\(highlight(i).map { " class=\"\($0)\"" } ?? "")>"
            out += row.enumerated().map { j, cell in
                let text = code.contains(j) && !cell.isEmpty ? "<code>\(Self.escape(cell))</code>" : Self.escape(cell)
                return "<td\(numeric.contains(j) ? " class=\"num\"" : "")>\(text)</td>"
            }.joined()
            out += "</tr>"
        }
        body.append(out + "</tbody></table></div>")
    }

    public mutating func list(_ items: [String]) {
        body.append("<ul>" + items.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>")
    }

    /// The smallest text a figure may show on screen, in CSS pixels.
    public static let smallestText = 11.0

    /// A figure: the chart's SVG inline, scaled to the page width but never narrower than the width
    /// at which its smallest text is ``smallestText`` px (on a phone it scrolls sideways instead of
    /// shrinking its text below that), with a caption.
    public mutating func figure(_ chart: Chart, caption: String) {
        var chart = chart
        figures += 1
        chart.clipID = "figure-\(figures)-plot"
        let svg = chart.svg()
        let minimum = Self.minimumWidth(svg: svg, canvasWidth: chart.width)
        let sized = svg.replacingOccurrences(of: "<svg ", with: "<svg style=\"min-width:\(Int(minimum.rounded(.up)))px\" ", options: [.anchored])
        body.append("<figure><div class=\"scroll\">\(sized)</div><figcaption>\(Self.escape(caption))</figcaption></figure>")
    }

    /// The displayed width at which the smallest `font-size` of the SVG's `<text>` elements is
    /// ``smallestText`` px: canvasWidth · 11 / (smallest size). O(length of the SVG).
    static func minimumWidth(svg: String, canvasWidth: Double) -> Double {
        var smallest = Double.infinity
        var rest = svg[...]
        while let r = rest.range(of: "<text ") {
            rest = rest[r.upperBound...]
            guard let f = rest.range(of: "font-size=\""), let end = rest[f.upperBound...].firstIndex(of: "\"") else { break }
            if let size = Double(rest[f.upperBound..<end]) { smallest = min(smallest, size) }
        }
        guard smallest.isFinite, smallest > 0 else { return 0 }
        return canvasWidth * smallestText / smallest
    }

    public func rendered() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(Self.escape(title))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <h1>\(Self.escape(title))</h1>
        \(body.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    static let style = """
        body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;color:#222;max-width:1040px;margin:2em auto;padding:0 1em;line-height:1.45}\
        h1{font-size:1.6em;margin-bottom:.3em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}\
        .banner{border-radius:6px;padding:.7em 1em;margin:1em 0}.banner p{margin:.25em 0}.banner .headline{font-size:1.25em;font-weight:bold}\
        .banner.good{background:#e3f4ee;border-left:6px solid #009E73}.banner.bad{background:#fbe9df;border-left:6px solid #D55E00}\
        dl{display:grid;grid-template-columns:minmax(8em,max-content) minmax(0,1fr);gap:.15em 1em}dt{font-weight:bold;overflow-wrap:anywhere}\
        dd{margin:0;min-width:0;overflow-wrap:anywhere}.scroll{overflow-x:auto;max-width:100%}\
        .banner.neutral{background:#f1f1f1;border-left:6px solid #777}code{font-family:"DejaVu Sans Mono",monospace;font-size:.92em}\
        table{border-collapse:collapse;margin:.6em 0;font-size:.92em}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}\
        th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}tr.bad td{background:#fbe9df}tr.good td{background:#eef8f4}\
        figure{margin:1.2em 0}figure svg{width:100%;height:auto;display:block}figcaption{font-size:.9em;color:#555;margin-top:.3em}\
        .note{font-size:.9em;color:#555}footer{margin-top:2.5em;font-size:.85em;color:#666}\
        @media (max-width:640px){body{margin:1em auto;padding:0 .75em}dl{grid-template-columns:minmax(0,1fr)}dt{margin-top:.5em}\
        .banner{padding:.6em .8em}.banner p{overflow-wrap:anywhere}table{font-size:.85em}}
        """

    /// Text for HTML content and attribute values (the XML escapes, so that the page stays
    /// well-formed XML with its inline SVG).
    public static func escape(_ s: String) -> String { SVG.escape(s) }
}
