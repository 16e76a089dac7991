import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Charts

/// Parses SVG text as XML and collects element names and attributes.
final class SVGProbe: NSObject, XMLParserDelegate {
    var elements: [(String, [String: String])] = []
    var texts: [String] = []
    private var inText = false

    static func parse(_ svg: String) -> SVGProbe? {
        let probe = SVGProbe()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = probe
        return parser.parse() ? probe : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        if name == "text" { inText = true; texts.append("") }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { inText = false }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { texts[texts.count - 1] += string }
    }
}

@Suite("SVG charts")
struct ChartTests {
    func sampleChart() -> Chart {
        let xs = (0...40).map { pow(10, Double($0) / 10) }
        return Chart(
            title: "Kernel <min> & \"friends\"",
            subtitle: "a subtitle",
            x: Axis("context length L", scale: .log10),
            y: Axis("value"),
            layers: [
                .band(Band("band", x: xs, lower: xs.map { log10($0) - 0.5 }, upper: xs.map { log10($0) + 0.5 })),
                .line(LineSeries("line with gap", xs.map { Point($0, $0 == 100 ? .nan : log10($0)) })),
                .line(LineSeries("dashed", xs.map { Point($0, 4 - log10($0)) }, dashed: true)),
                .scatter(ScatterSeries("models", [.init(Point(4096, 2), label: "Llama-2"), .init(Point(-5, 1), label: "bad"),
                                                   .init(Point(131072, .infinity), label: "inf")])),
                .rule(Rule(.vertical, at: 8192, label: "8K")),
                .rule(Rule(.horizontal, at: 1, label: "y = 1")),
            ])
    }

    @Test func svgIsValidXMLWithTitleTicksAndLegend() throws {
        let svg = sampleChart().svg()
        let probe = try #require(SVGProbe.parse(svg))
        #expect(probe.elements.first?.0 == "svg")
        #expect(probe.texts.contains("Kernel <min> & \"friends\""))
        #expect(probe.texts.contains("10²") && probe.texts.contains("10⁴"))
        #expect(probe.texts.contains("context length L"))
        #expect(probe.texts.contains("line with gap") && probe.texts.contains("models"))
        #expect(probe.texts.contains("Llama-2"))
        #expect(!probe.texts.contains("bad") && !probe.texts.contains("inf"))
    }

    /// A panel below is one SVG twice as tall: the main panel's boxes where they were, the lower
    /// panel's shifted by the main panel's height, its series in the data table, and with the same
    /// minimum left margin both plots start at the same x.
    @Test func panelsStackInOneSVG() throws {
        var main = sampleChart(), lower = sampleChart()
        lower.title = "Residual"
        main.minimumLeft = 140
        lower.minimumLeft = 140
        let alone = main.layout()
        main.panelsBelow = [lower]
        let svg = main.svg()
        let probe = try #require(SVGProbe.parse(svg))
        #expect(probe.elements.first?.1["height"] == "1080" && probe.elements.filter { $0.0 == "svg" }.count == 3)
        #expect(probe.texts.contains("Residual"))
        let stacked = main.layout()
        #expect(stacked.height == 1080 && Array(stacked.boxes.prefix(alone.boxes.count)) == alone.boxes)
        #expect(stacked.boxes.contains { $0.text == "Residual" && $0.y > 540 })
        #expect(stacked.overlaps.isEmpty && stacked.outside.isEmpty)
        #expect(main.seriesTable().rows.count == 2 * sampleChart().seriesTable().rows.count)
        let clips = probe.elements.filter { $0.0 == "clipPath" }.compactMap { $0.1["id"] }
        #expect(Set(clips).count == 2, "each panel its own clip path")
    }

    /// A figure on a page is never displayed narrower than where its smallest text is 11 px.
    @Test func pageFiguresKeepTheirTextReadable() {
        let chart = sampleChart()
        let smallest = chart.svg().ranges(of: "font-size=\"").compactMap { r in Double(chart.svg()[r.upperBound...].prefix { $0 != "\"" }) }.min()!
        #expect(abs(HTMLPage.minimumWidth(svg: chart.svg(), canvasWidth: chart.width) - chart.width * 11 / smallest) < 1e-9)
        var page = HTMLPage(title: "t")
        page.figure(chart, caption: "c")
        #expect(page.rendered().contains("<div class=\"scroll\"><svg style=\"min-width:"))
    }

    @Test func nonFinitePointsAreNeverWritten() throws {
        let svg = sampleChart().svg()
        #expect(!svg.lowercased().contains("nan") && !svg.contains("inf\""))
        let probe = try #require(SVGProbe.parse(svg))
        // The NaN at x = 100 splits the first line into two polylines.
        let polylines = probe.elements.filter { $0.0 == "polyline" && $0.1["stroke-dasharray"] == nil }
        #expect(polylines.count == 2)
        for (_, attributes) in probe.elements {
            for key in ["x", "y", "cx", "cy", "x1", "y1", "x2", "y2", "width", "height"] {
                if let v = attributes[key], !v.hasSuffix("%") { #expect(Double(v)?.isFinite == true, "\(key)=\(v)") }
            }
        }
    }

    @Test func heatMapDrawsCellsAndColorBar() throws {
        let xs = [1.0, 10, 100], ys = [0.0, 1, 2, 3]
        let chart = Chart(title: "heat", x: Axis("x", scale: .log10), y: Axis("y"),
                          layers: [.heatMap(HeatMap(x: xs, y: ys, values: ys.map { y in xs.map { $0 * (y + 1) } },
                                                    colorBarTitle: "value", valueScale: .log10))])
        let probe = try #require(SVGProbe.parse(chart.svg()))
        let fills = Set(probe.elements.filter { $0.0 == "rect" }.compactMap { $0.1["fill"] })
        // Each of the 12 cells gets the viridis colour of its value, normalised on the log scale
        // over [1, 400] (the data range), as the colour bar shows.
        for y in ys {
            for x in xs {
                let t = log10(x * (y + 1)) / log10(400)
                #expect(fills.contains(Palette.colormap(t)), "cell (\(x), \(y)): \(Palette.colormap(t))")
            }
        }
        #expect(probe.texts.contains("value"))
    }

    @Test func emptyChartStillRenders() throws {
        let chart = Chart(title: "empty", x: Axis("x"), y: Axis("y", scale: .log10))
        #expect(SVGProbe.parse(chart.svg()) != nil)
    }

    @Test func colormapEnds() {
        #expect(Palette.colormap(0) == "#440154")
        #expect(Palette.colormap(1) == "#fde725")
        #expect(Palette.colormap(.nan) == "#440154")
    }
}
