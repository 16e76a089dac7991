import Foundation
import Testing
@testable import Charts

/// The renderer places text where it fits: these charts are built to crowd it.
@Suite("Chart layout: no text over text, nothing cut")
struct LayoutTests {
    func expectClean(_ chart: Chart, _ comment: Comment? = nil) {
        let layout = chart.layout()
        #expect(layout.overlaps.isEmpty, "\(layout.overlaps.map { "\($0.0.text) / \($0.1.text)" })")
        #expect(layout.outside.isEmpty, "\(layout.outside.map(\.text))")
    }

    /// Thirty points on a line, every one named: labels go to free spots (with leaders) or to a
    /// numbered key, never over each other.
    @Test func crowdedScatterLabelsNeverOverlap() {
        let items = (0..<30).map { i in ScatterSeries.Item(Point(Double(i % 6), Double(i / 6)), label: "model-\(i)-instruct") }
        for numbered in [false, true] {
            let chart = Chart(title: "crowded", x: Axis("x"), y: Axis("y"), layers: [.scatter(ScatterSeries("models", items, numbered: numbered))])
            expectClean(chart)
            let svg = chart.svg()
            if numbered { #expect(svg.contains("Key:")) }
        }
    }

    /// Points that coincide get one label naming them all.
    @Test func coincidentPointsShareOneLabel() {
        let items = ["a", "b", "c"].map { ScatterSeries.Item(Point(1, 1), label: $0) } + [ScatterSeries.Item(Point(2, 2), label: "d")]
        let chart = Chart(title: "t", x: Axis("x"), y: Axis("y"), layers: [.scatter(ScatterSeries(nil, items))])
        let texts = chart.layout().boxes.map(\.text)
        #expect(texts.contains("a,b,c") || texts.contains("a, b, c"), "\(texts)")
        expectClean(chart)
    }

    /// More than five named lines are labelled at their right ends, pushed apart even when they
    /// end at the same height and carry subscripts.
    @Test func endLabelsArePushedApart() {
        let lines = (0..<8).map { i in Layer.line(LineSeries("bound_{\(i)} of series \(i)", (0..<10).map { Point(Double($0), 1 + 0.001 * Double(i)) })) }
        let chart = Chart(title: "eight lines ending together", x: Axis("x"), y: Axis("y"), layers: lines)
        expectClean(chart)
        #expect(chart.layout().boxes.filter { $0.text.hasPrefix("bound") }.count == 8)
    }

    /// The legend goes to the corner the data leave free, else below the plot.
    @Test func legendAvoidsTheData() {
        let rising = (0...20).map { Point(Double($0), Double($0)) }
        let chart = Chart(title: "t", x: Axis("x"), y: Axis("y"),
                          layers: [.line(LineSeries("rising", rising)), .line(LineSeries("rising faster", rising.map { Point($0.x, 1.5 * $0.y) }))])
        let svg = chart.svg()
        let layout = chart.layout()
        let entry = layout.boxes.first { $0.text == "rising faster" }!
        let title = layout.boxes.first { $0.text == "t" }!
        // data run from bottom left to top right: the legend sits in the top-left corner
        #expect(entry.x < chart.width / 2 && entry.y < chart.height / 2 && entry.y > title.y, "\(entry)")
        #expect(svg.contains("rising faster"))
        expectClean(chart)
    }

    /// Rule labels, a long wrapped subtitle and a footnote at a small width.
    @Test func narrowChartWithRulesAndNotes() {
        let chart = Chart(title: "A long title that has to fit into a narrow figure of 420 px",
                          subtitle: "and a subtitle that is even longer, so that it wraps onto a second and perhaps a third line under the title",
                          x: Axis("context length L (tokens)", scale: .log10), y: Axis("value"),
                          layers: [.line(LineSeries("a", (0...30).map { Point(pow(10, Double($0) / 5), Double($0)) })),
                                   .rule(Rule(.vertical, at: 1000, label: "1000 tokens")),
                                   .rule(Rule(.horizontal, at: 10, label: "ten"))],
                          width: 420, height: 360, footnote: "A footnote that explains what the figure cannot show, wrapped to the width.")
        expectClean(chart)
    }

    @Test func seriesTableHasEveryPlottedValue() {
        let chart = Chart(title: "t", x: Axis("x"), y: Axis("y"), layers: [
            .line(LineSeries("T_{extra}", [Point(1, 2), Point(3, 4)])),
            .band(Band("band", x: [1, 2], lower: [0, 1], upper: [2, 3])),
            .scatter(ScatterSeries("pts", [.init(Point(5, 6), label: "p")])),
            .rule(Rule(.vertical, at: 7, label: "seven")),
        ])
        let t = chart.seriesTable()
        #expect(t.columns == ["series", "kind", "x", "y", "y_upper", "value", "label"])
        #expect(t.rows.count == 2 + 2 + 1 + 1)
        #expect(t.rows[0][0].plain == "Textra" && t.rows[1][3] == .number(4))
        #expect(t.rows[3][4] == .number(3) && t.rows[4][6] == .text("p") && t.rows[5][2] == .number(7))
    }
    /// A rule label whose every spot touches a shaded band's edge goes where it crosses no line
    /// (the band's edge only), not over the line that runs along the rule on the right.
    @Test func ruleLabelCrossesBandEdgesBeforeLines() throws {
        let xs = (0...40).map { Double($0) / 4 }
        // The band's lower edge zig-zags across the rule everywhere; the line zig-zags across it
        // for x ≥ 4 only.
        let band = Band("spread", x: xs, lower: xs.indices.map { $0 % 2 == 0 ? 0.35 : 0.62 }, upper: xs.indices.map { $0 % 2 == 0 ? 0.75 : 0.9 })
        let line = LineSeries("measured", xs.enumerated().map { i, x in Point(x, x < 4 ? 0.2 : (i % 2 == 0 ? 0.45 : 0.55)) })
        let chart = Chart(title: "t", x: Axis("x"), y: Axis("rate", range: 0...1),
                          layers: [.band(band), .line(line), .rule(Rule(.horizontal, at: 0.5, label: "1/2: no consistency"))])
        expectClean(chart)
        let label = try #require(chart.layout().boxes.first { $0.text == "1/2: no consistency" })
        // x = 4 lies at 40 % of the plot: the label ends left of it.
        #expect(label.x + label.width < chart.width * 0.45, "\(label)")
    }

    /// Numbered labels never sit side by side like one number ("2 57"): on a shared line they keep
    /// at least half a line height apart.
    @Test func numberedLabelsKeepApart() {
        let items = (0..<24).map { i in ScatterSeries.Item(Point(Double(i % 12) * 0.35, 5 + Double(i / 12) * 0.3), label: "model-\(i)") }
        var chart = Chart(title: "a row of models", x: Axis("x", range: 0...10), y: Axis("y", range: 0...10),
                          layers: [.scatter(ScatterSeries("models", items, numbered: true))])
        chart.numbering = Dictionary(uniqueKeysWithValues: (0..<24).map { ("model-\($0)", 100 + $0) })
        expectClean(chart)
        let numbers = chart.layout().boxes.filter { b in
            !b.text.isEmpty && b.text.allSatisfy { $0.isNumber || $0 == "," } && b.text.split(separator: ",").allSatisfy { Int($0)! >= 100 }
        }
        #expect(numbers.count >= 12, "\(numbers.map(\.text))")
        for (i, a) in numbers.enumerated() {
            for b in numbers[(i + 1)...] where a.y < b.y + b.height && b.y < a.y + a.height {
                let gap = max(b.x - (a.x + a.width), a.x - (b.x + b.width))
                #expect(gap >= 0.5 * a.height, "'\(a.text)' and '\(b.text)' \(gap) px apart")
            }
        }
    }
}
