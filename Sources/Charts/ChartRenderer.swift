import Foundation

/// One axis resolved: its range in scale coordinates, major ticks and minor tick values.
struct ResolvedAxis {
    var axis: Axis
    var range: ClosedRange<Double>
    var ticks: [Tick]
    var minor: [Double]

    /// Tight limits: the data range plus 5 % of its span on each side (in scale coordinates), or
    /// the axis's own range.
    init(_ axis: Axis, data: [Double]) {
        self.axis = axis
        var low: Double, high: Double
        if let r = axis.range, axis.scale.transform(r.lowerBound).isFinite, axis.scale.transform(r.upperBound).isFinite, r.upperBound > r.lowerBound {
            low = axis.scale.transform(r.lowerBound); high = axis.scale.transform(r.upperBound)
        } else if let lo = data.min(), let hi = data.max() {
            low = lo; high = hi
            if high - low < 1e-12 * max(1, abs(low)) {
                let pad = axis.scale.isLogarithmic ? 0.5 : max(0.5, abs(low) * 0.1)
                low -= pad; high += pad
            } else {
                let pad = (high - low) * 0.05
                low -= pad; high += pad
            }
        } else {
            (low, high) = (0, 1)
        }
        range = low...high
        switch axis.scale {
        case .linear:
            ticks = Ticks.linear(low, high)
            minor = []
        case .log10:
            ticks = Ticks.log10(pow(10, low), pow(10, high))
            minor = Ticks.logMinor(pow(10, low), pow(10, high), majors: ticks.map(\.value))
        case .log2:
            ticks = Ticks.log2(pow(2, low), pow(2, high))
            minor = []
        }
    }
}

/// Lays out and draws one chart (see ``Chart``).
struct ChartRenderer {
    let chart: Chart
    /// Font scale: sizes are given for an 800 px wide canvas.
    let k: Double
    let reservedNote: String?

    init(chart: Chart, reservedNote: String?) {
        self.chart = chart
        k = chart.width / 800
        self.reservedNote = reservedNote
    }

    func render() -> Rendering {
        var ctx = Context(chart: chart, k: k, reservedNote: reservedNote)
        ctx.resolveAxes()
        ctx.layOut()
        return ctx.draw()
    }
}

/// A legend entry.
struct LegendEntry {
    enum Kind { case line(dashed: Bool, marker: MarkerShape?), swatch(opacity: Double), marker(MarkerShape, hollow: Bool) }
    var name: RichText
    var color: String
    var kind: Kind
}

/// The mutable state of one rendering. Its work is split by concern: RendererAxes.swift (limits,
/// ticks, grid, spines), RendererLayout.swift (plot, legend and note placement; coordinates),
/// RendererDrawing.swift (the SVG, series, markers, rules), RendererLabels.swift (text boxes, rule
/// and point labels, legend), RendererHeatMap.swift, and Occupancy.swift (where data ink lies).
struct Context {
    let chart: Chart
    let k: Double
    var x: ResolvedAxis!
    var y: ResolvedAxis!
    var y2: ResolvedAxis?
    var plot = (left: 0.0, top: 0.0, width: 0.0, height: 0.0)
    var titleLines: [String] = []
    var subtitleLines: [String] = []
    var footnoteLines: [String] = []
    var legendEntries: [LegendEntry] = []
    var legendPlace: Chart.LegendPosition = .none
    var legendBox = (x: 0.0, y: 0.0, width: 0.0, height: 0.0)
    /// Lines labelled at their right end instead of in the legend (more than five named lines).
    var endLabelled: Set<Int> = []
    var endLabelWidth = 0.0
    var boxes: [ChartLayout.Box] = []
    var colors: [Int: String] = [:]
    /// The note of unplaced labels this pass reserves room for (from the first pass).
    let reservedNote: String?
    var noteLines: [String] = []
    var unplacedNote: String?
    /// Leader lines drawn so far (later labels keep clear of them).
    var leaders: [((Double, Double), (Double, Double))] = []
    /// Widths of the legend's columns (one column unless it sits below the plot).
    var legendColumnWidths: [Double] = []
    /// Entries per column.
    var legendRows = 1
    /// Numbers of the labels of numbered series, by label.
    var numbers: [String: Int] = [:]
    var keyLines: [String] = []

    /// Numbers 1, 2, … for the distinct labels of numbered series, left to right.
    static func numbering(_ chart: Chart, _ ctx: Context) -> [String: Int] {
        var items: [(String, Double, Double)] = []
        for case let .scatter(s) in chart.layers where s.numbered {
            for item in s.items { if let l = item.label { items.append((l, chart.x.scale.transform(item.point.x), -chart.y.scale.transform(item.point.y))) } }
        }
        var out: [String: Int] = [:]
        for (label, _, _) in items { if let n = chart.numbering[label] { out[label] = n } }
        var next = (chart.numbering.values.max() ?? 0) + 1
        for (label, _, _) in items.sorted(by: { ($0.1, $0.2) < ($1.1, $1.2) }) where out[label] == nil {
            out[label] = next
            next += 1
        }
        return out
    }

    // matplotlib's proportions: its 640 px default figure sets ticks, axis labels and legend in
    // 10 pt (13.9 px, 2.2 % of the width) and the title in 12 pt; on the 800 px house canvas that
    // is 17.4 px and 20.8 px. Inline labels and the subtitle are a step smaller.
    var tickSize: Double { 17 * k }
    var axisTitleSize: Double { 17 * k }
    var titleSize: Double { 20 * k }
    var subtitleSize: Double { 14.5 * k }
    var legendSize: Double { 16 * k }
    var labelSize: Double { 14.5 * k }
    var pad: Double { 12 * k }

    init(chart: Chart, k: Double, reservedNote: String?) {
        self.chart = chart
        self.k = k
        self.reservedNote = reservedNote
        var index = 0
        for (i, layer) in chart.layers.enumerated() {
            switch layer {
            case let .line(s): colors[i] = s.color ?? Palette.color(index); index += 1
            case let .band(b): colors[i] = b.color ?? Palette.color(index); index += 1
            case let .scatter(s): colors[i] = s.color ?? Palette.color(index); index += 1
            case .heatMap, .rule: break
            }
        }
    }
}
