import Foundation

/// An SVG chart: axes (linear or log10) with nice ticks and real labels, a title, a legend and
/// layers (heat map, bands, lines, labelled scatter points, reference rules). Everything data-
/// dependent is clipped to the plot area, and non-finite points are skipped.
public struct Chart: Sendable {
    public enum LegendPosition: Sendable { case outsideRight, topLeft, topRight, bottomLeft, bottomRight, none }

    public var title: String
    public var subtitle: String?
    public var x: Axis
    public var y: Axis
    public var layers: [Layer]
    public var legend: LegendPosition
    public var width: Double
    public var height: Double

    public init(title: String, subtitle: String? = nil, x: Axis, y: Axis, layers: [Layer] = [],
                legend: LegendPosition = .outsideRight, width: Double = 760, height: Double = 480) {
        self.title = title
        self.subtitle = subtitle
        self.x = x
        self.y = y
        self.layers = layers
        self.legend = legend
        self.width = width
        self.height = height
    }

    public func svg() -> String {
        ChartRenderer(chart: self).render()
    }
}

/// Lays out and draws one chart.
private struct ChartRenderer {
    let chart: Chart
    let xRange: ClosedRange<Double>      // in transformed (scale) coordinates
    let yRange: ClosedRange<Double>
    let xTicks: [Tick]
    let yTicks: [Tick]
    let legendEntries: [(name: String, color: String, kind: LegendKind)]
    let heatMap: HeatMap?
    let plot: (left: Double, top: Double, width: Double, height: Double)

    enum LegendKind { case line(dashed: Bool), swatch(opacity: Double), marker }

    init(chart: Chart) {
        self.chart = chart
        let (xs, ys) = ChartRenderer.extent(of: chart.layers, chart.x.scale, chart.y.scale)
        (xRange, xTicks) = ChartRenderer.resolve(chart.x, data: xs)
        (yRange, yTicks) = ChartRenderer.resolve(chart.y, data: ys)
        var entries: [(String, String, LegendKind)] = []
        var map: HeatMap?
        var index = 0
        for layer in chart.layers {
            switch layer {
            case let .line(s):
                let color = s.color ?? Palette.color(index); index += 1
                if let name = s.name { entries.append((name, color, .line(dashed: s.dashed))) }
            case let .band(b):
                let color = b.color ?? Palette.color(index); index += 1
                if let name = b.name { entries.append((name, color, .swatch(opacity: b.opacity))) }
            case let .scatter(s):
                let color = s.color ?? Palette.color(index); index += 1
                if let name = s.name { entries.append((name, color, .marker)) }
            case let .heatMap(h): map = h
            case .rule: break
            }
        }
        legendEntries = entries
        heatMap = map
        let legendWidth: Double = chart.legend == .outsideRight && !entries.isEmpty
            ? ChartRenderer.legendBoxWidth(entries.map(\.0), chartWidth: chart.width) + 12 : 0
        let colorBarWidth: Double = map == nil ? 0 : 90
        let top: Double = chart.subtitle == nil ? 46 : 64
        let left: Double = 30 + (yTicks.map { SVG.width($0.label, size: 12) }.max() ?? 20) + 18
        plot = (left, top, chart.width - left - 24 - legendWidth - colorBarWidth, chart.height - top - 62)
    }

    // MARK: ranges

    static func extent(of layers: [Layer], _ xs: Scale, _ ys: Scale) -> ([Double], [Double]) {
        var x: [Double] = [], y: [Double] = []
        func add(_ p: Point) {
            let (tx, ty) = (xs.transform(p.x), ys.transform(p.y))
            if tx.isFinite, ty.isFinite { x.append(tx); y.append(ty) }
        }
        for layer in layers {
            switch layer {
            case let .line(s): s.points.forEach(add)
            case let .band(b):
                for i in b.x.indices { add(Point(b.x[i], b.lower[i])); add(Point(b.x[i], b.upper[i])) }
            case let .scatter(s): s.items.forEach { add($0.point) }
            case let .heatMap(h):
                for v in h.x.map(xs.transform) where v.isFinite { x.append(v) }
                for v in h.y.map(ys.transform) where v.isFinite { y.append(v) }
            case .rule: break
            }
        }
        return (x, y)
    }

    /// The axis range in scale coordinates and its ticks.
    static func resolve(_ axis: Axis, data: [Double]) -> (ClosedRange<Double>, [Tick]) {
        var low: Double, high: Double
        if let r = axis.range, axis.scale.transform(r.lowerBound).isFinite, axis.scale.transform(r.upperBound).isFinite,
           r.upperBound > r.lowerBound {
            low = axis.scale.transform(r.lowerBound); high = axis.scale.transform(r.upperBound)
        } else if let lo = data.min(), let hi = data.max() {
            low = lo; high = hi
            if high - low < 1e-12 * max(1, abs(low)) { low -= axis.scale == .log10 ? 0.5 : max(1, abs(low) * 0.1); high = low + 2 * (axis.scale == .log10 ? 0.5 : max(1, abs(low) * 0.1)) }
            if axis.range == nil {
                switch axis.scale {
                case .linear:
                    let step = Ticks.niceStep((high - low) / 10)
                    low = (low / step).rounded(.down) * step
                    high = (high / step).rounded(.up) * step
                case .log10:
                    if high - low >= 1 { low = low.rounded(.down); high = high.rounded(.up) }
                    else { let pad = (high - low) * 0.05; low -= pad; high += pad }
                }
            }
        } else {
            (low, high) = (0, 1)
        }
        let ticks: [Tick]
        switch axis.scale {
        case .linear: ticks = Ticks.linear(low, high)
        case .log10: ticks = Ticks.log10(pow(10, low), pow(10, high))
        }
        return (low...high, ticks)
    }

    // MARK: coordinates

    func px(_ v: Double) -> Double {
        plot.left + (chart.x.scale.transform(v) - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plot.width
    }

    func py(_ v: Double) -> Double {
        plot.top + plot.height
            - (chart.y.scale.transform(v) - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plot.height
    }

    /// Pixel coordinates of a point, nil when it cannot be drawn. Far-away points are clamped so
    /// that clipped lines still leave the frame in the right direction without huge numbers.
    func position(_ p: Point) -> (Double, Double)? {
        let (x, y) = (px(p.x), py(p.y))
        guard x.isFinite, y.isFinite else { return nil }
        let bound = 10 * (chart.width + chart.height)
        return (min(max(x, -bound), bound), min(max(y, -bound), bound))
    }

    // MARK: drawing

    func render() -> String {
        var out: [String] = []
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVG.n(chart.width))\" height=\"\(SVG.n(chart.height))\" viewBox=\"0 0 \(SVG.n(chart.width)) \(SVG.n(chart.height))\" font-family=\"\(Palette.font)\">")
        out.append("<title>\(SVG.escape(chart.title))</title>")
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>")
        out.append("<defs><clipPath id=\"plot-area\"><rect x=\"\(SVG.n(plot.left))\" y=\"\(SVG.n(plot.top))\" width=\"\(SVG.n(plot.width))\" height=\"\(SVG.n(plot.height))\"/></clipPath></defs>")
        out.append(SVG.text(chart.title, x: chart.width / 2, y: 26, size: 16, anchor: "middle", weight: "bold"))
        if let subtitle = chart.subtitle {
            out.append(SVG.text(subtitle, x: chart.width / 2, y: 46, size: 12, anchor: "middle", fill: "#555555"))
        }
        out += grid()
        out.append("<g clip-path=\"url(#plot-area)\">")
        var index = 0
        for layer in chart.layers {
            switch layer {
            case let .heatMap(h): out += heatCells(h)
            case let .band(b): out += band(b, color: b.color ?? Palette.color(index)); index += 1
            case let .line(s): out += line(s, color: s.color ?? Palette.color(index)); index += 1
            case let .scatter(s): out += markers(s, color: s.color ?? Palette.color(index)); index += 1
            case let .rule(r): out += rule(r)
            }
        }
        out.append("</g>")
        out += scatterLabels()
        out += axes()
        if let heatMap { out += colorBar(heatMap) }
        out += legend()
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    func grid() -> [String] {
        var out: [String] = []
        for t in xTicks {
            let x = px(t.value)
            out.append("<line x1=\"\(SVG.n(x))\" y1=\"\(SVG.n(plot.top))\" x2=\"\(SVG.n(x))\" y2=\"\(SVG.n(plot.top + plot.height))\" stroke=\"\(Palette.grid)\" stroke-width=\"1\"/>")
        }
        for t in yTicks {
            let y = py(t.value)
            out.append("<line x1=\"\(SVG.n(plot.left))\" y1=\"\(SVG.n(y))\" x2=\"\(SVG.n(plot.left + plot.width))\" y2=\"\(SVG.n(y))\" stroke=\"\(Palette.grid)\" stroke-width=\"1\"/>")
        }
        return out
    }

    func axes() -> [String] {
        var out = ["<rect x=\"\(SVG.n(plot.left))\" y=\"\(SVG.n(plot.top))\" width=\"\(SVG.n(plot.width))\" height=\"\(SVG.n(plot.height))\" fill=\"none\" stroke=\"\(Palette.frame)\" stroke-width=\"1\"/>"]
        let bottom = plot.top + plot.height
        for t in xTicks {
            let x = px(t.value)
            out.append("<line x1=\"\(SVG.n(x))\" y1=\"\(SVG.n(bottom))\" x2=\"\(SVG.n(x))\" y2=\"\(SVG.n(bottom + 5))\" stroke=\"\(Palette.frame)\"/>")
            out.append(SVG.text(t.label, x: x, y: bottom + 19, anchor: "middle"))
        }
        for t in yTicks {
            let y = py(t.value)
            out.append("<line x1=\"\(SVG.n(plot.left - 5))\" y1=\"\(SVG.n(y))\" x2=\"\(SVG.n(plot.left))\" y2=\"\(SVG.n(y))\" stroke=\"\(Palette.frame)\"/>")
            out.append(SVG.text(t.label, x: plot.left - 8, y: y + 4, anchor: "end"))
        }
        out.append(SVG.text(axisTitle(chart.x), x: plot.left + plot.width / 2, y: bottom + 44, size: 13, anchor: "middle"))
        let yTitleX = plot.left - 12 - (yTicks.map { SVG.width($0.label, size: 12) }.max() ?? 20) - 8
        out.append(SVG.text(axisTitle(chart.y), x: max(14, yTitleX), y: plot.top + plot.height / 2, size: 13, anchor: "middle", rotate: -90))
        return out
    }

    func axisTitle(_ axis: Axis) -> String {
        axis.scale == .log10 && !axis.title.contains("log") ? axis.title + " (log scale)" : axis.title
    }

    /// Splits points into runs of drawable points.
    func runs(_ points: [Point]) -> [[(Double, Double)]] {
        var runs: [[(Double, Double)]] = [], current: [(Double, Double)] = []
        for p in points {
            if let q = position(p) { current.append(q) } else if !current.isEmpty { runs.append(current); current = [] }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    func polyline(_ run: [(Double, Double)]) -> String {
        run.map { "\(SVG.n($0.0)),\(SVG.n($0.1))" }.joined(separator: " ")
    }

    func line(_ s: LineSeries, color: String) -> [String] {
        let dash = s.dashed ? " stroke-dasharray=\"6 4\"" : ""
        return runs(s.points).map { run in
            run.count == 1
                ? "<circle cx=\"\(SVG.n(run[0].0))\" cy=\"\(SVG.n(run[0].1))\" r=\"\(SVG.n(s.width))\" fill=\"\(color)\"/>"
                : "<polyline points=\"\(polyline(run))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(SVG.n(s.width))\" stroke-linejoin=\"round\"\(dash)/>"
        }
    }

    func band(_ b: Band, color: String) -> [String] {
        // Split where either edge is undrawable, then close each piece as upper → reversed lower.
        var out: [String] = [], upper: [(Double, Double)] = [], lower: [(Double, Double)] = []
        func flush() {
            if upper.count >= 2 {
                out.append("<polygon points=\"\(polyline(upper + lower.reversed()))\" fill=\"\(color)\" fill-opacity=\"\(SVG.n(b.opacity))\" stroke=\"none\"/>")
            }
            upper = []; lower = []
        }
        for i in b.x.indices {
            if let u = position(Point(b.x[i], b.upper[i])), let l = position(Point(b.x[i], b.lower[i])) {
                upper.append(u); lower.append(l)
            } else { flush() }
        }
        flush()
        return out
    }

    func markers(_ s: ScatterSeries, color: String) -> [String] {
        s.items.compactMap { item in
            guard let (x, y) = position(item.point) else { return nil }
            return "<circle cx=\"\(SVG.n(x))\" cy=\"\(SVG.n(y))\" r=\"\(SVG.n(s.radius))\" fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"1\"/>"
        }
    }

    /// Labels go beside their point, at the first of eight positions that stays inside the plot
    /// and overlaps no label already placed (greedy, in data order); a label with no such
    /// position is omitted.
    func scatterLabels() -> [String] {
        var placed = ruleLabelBoxes()
        var out: [String] = []
        let size = 11.0
        for case let .scatter(s) in chart.layers {
            for item in s.items {
                guard let label = item.label, let (x, y) = position(item.point),
                      x >= plot.left, x <= plot.left + plot.width, y >= plot.top, y <= plot.top + plot.height else { continue }
                let w = SVG.width(label, size: size), h = size
                let offsets: [(Double, Double)] = [(6, -6), (6, 6 + h), (-6 - w, -6), (-6 - w, 6 + h),
                                                   (-w / 2, -8), (-w / 2, 10 + h), (8, h / 2 - 1), (-8 - w, h / 2 - 1)]
                var chosen: (Double, Double)?
                for (dx, dy) in offsets {
                    let box = (x + dx, y + dy - h, w, h + 2)
                    let inside = box.0 >= plot.left && box.0 + box.2 <= plot.left + plot.width
                        && box.1 >= plot.top && box.1 + box.3 <= plot.top + plot.height
                    let free = placed.allSatisfy { p in
                        box.0 + box.2 <= p.0 || p.0 + p.2 <= box.0 || box.1 + box.3 <= p.1 || p.1 + p.3 <= box.1
                    }
                    if inside && free { chosen = (dx, dy); placed.append(box); break }
                }
                // A label that fits nowhere free is left out rather than drawn over another.
                guard let (dx, dy) = chosen else { continue }
                out.append(SVG.text(label, x: x + dx, y: y + dy, size: size))
            }
        }
        return out
    }

    /// The boxes (x, y, width, height) that rule labels occupy, so point labels avoid them.
    func ruleLabelBoxes() -> [(Double, Double, Double, Double)] {
        chart.layers.compactMap { layer -> (Double, Double, Double, Double)? in
            guard case let .rule(r) = layer, let label = r.label else { return nil }
            let w = SVG.width(label, size: 11), h = 13.0
            switch r.orientation {
            case .vertical:
                let x = px(r.value)
                guard x.isFinite else { return nil }
                let right = x + 4 + w <= plot.left + plot.width
                return (right ? x + 4 : x - 4 - w, plot.top + 14 - 11, w, h)
            case .horizontal:
                let y = py(r.value)
                guard y.isFinite else { return nil }
                let above = y - 4 - 11 >= plot.top
                return (plot.left + plot.width - 4 - w, (above ? y - 4 : y + 14) - 11, w, h)
            }
        }
    }

    func rule(_ r: Rule) -> [String] {
        var out: [String] = []
        switch r.orientation {
        case .vertical:
            let x = px(r.value)
            guard x.isFinite else { return [] }
            out.append("<line x1=\"\(SVG.n(x))\" y1=\"\(SVG.n(plot.top))\" x2=\"\(SVG.n(x))\" y2=\"\(SVG.n(plot.top + plot.height))\" stroke=\"\(r.color)\" stroke-width=\"1.2\" stroke-dasharray=\"3 3\"/>")
            if let label = r.label {
                let w = SVG.width(label, size: 11)
                let right = x + 4 + w <= plot.left + plot.width
                out.append(SVG.text(label, x: right ? x + 4 : x - 4, y: plot.top + 14, size: 11, anchor: right ? "start" : "end", fill: r.color))
            }
        case .horizontal:
            let y = py(r.value)
            guard y.isFinite else { return [] }
            out.append("<line x1=\"\(SVG.n(plot.left))\" y1=\"\(SVG.n(y))\" x2=\"\(SVG.n(plot.left + plot.width))\" y2=\"\(SVG.n(y))\" stroke=\"\(r.color)\" stroke-width=\"1.2\" stroke-dasharray=\"3 3\"/>")
            if let label = r.label {
                let above = y - 4 - 11 >= plot.top
                out.append(SVG.text(label, x: plot.left + plot.width - 4, y: above ? y - 4 : y + 14, size: 11, anchor: "end", fill: r.color))
            }
        }
        return out
    }

    // MARK: heat map

    func valueRange(_ h: HeatMap) -> ClosedRange<Double> {
        if let r = h.valueRange, h.valueScale.transform(r.lowerBound).isFinite, h.valueScale.transform(r.upperBound).isFinite,
           r.upperBound > r.lowerBound {
            return h.valueScale.transform(r.lowerBound)...h.valueScale.transform(r.upperBound)
        }
        let finite = h.values.joined().map(h.valueScale.transform).filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return 0...1 }
        return hi > lo ? lo...hi : (lo - 0.5)...(lo + 0.5)
    }

    /// Cell edges in scale coordinates: midpoints between centres, extended by half a cell.
    func edges(_ centres: [Double], _ scale: Scale) -> [Double] {
        let t = centres.map(scale.transform)
        guard t.count >= 2 else { return t.isEmpty ? [] : [t[0] - 0.5, t[0] + 0.5] }
        var e = [t[0] - (t[1] - t[0]) / 2]
        for i in 0..<(t.count - 1) { e.append((t[i] + t[i + 1]) / 2) }
        e.append(t[t.count - 1] + (t[t.count - 1] - t[t.count - 2]) / 2)
        return e.map(scale.inverse)
    }

    func heatCells(_ h: HeatMap) -> [String] {
        let range = valueRange(h)
        let xe = edges(h.x, chart.x.scale), ye = edges(h.y, chart.y.scale)
        var out: [String] = []
        for j in h.y.indices {
            for i in h.x.indices {
                let v = h.valueScale.transform(h.values[j][i])
                guard v.isFinite else { continue }
                let x0 = px(xe[i]), x1 = px(xe[i + 1]), y0 = py(ye[j]), y1 = py(ye[j + 1])
                guard x0.isFinite, x1.isFinite, y0.isFinite, y1.isFinite else { continue }
                let t = (v - range.lowerBound) / (range.upperBound - range.lowerBound)
                // Cells overlap by half a pixel to avoid hairline seams in renderers.
                out.append("<rect x=\"\(SVG.n(min(x0, x1)))\" y=\"\(SVG.n(min(y0, y1)))\" width=\"\(SVG.n(abs(x1 - x0) + 0.5))\" height=\"\(SVG.n(abs(y1 - y0) + 0.5))\" fill=\"\(Palette.colormap(t))\"/>")
            }
        }
        return out
    }

    func colorBar(_ h: HeatMap) -> [String] {
        let range = valueRange(h)
        let x = plot.left + plot.width + 18, barWidth = 14.0
        var out: [String] = []
        let steps = 64
        for k in 0..<steps {
            let t = (Double(k) + 0.5) / Double(steps)
            let y = plot.top + plot.height * (1 - Double(k + 1) / Double(steps))
            out.append("<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(barWidth))\" height=\"\(SVG.n(plot.height / Double(steps) + 0.5))\" fill=\"\(Palette.colormap(t))\"/>")
        }
        out.append("<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(plot.top))\" width=\"\(SVG.n(barWidth))\" height=\"\(SVG.n(plot.height))\" fill=\"none\" stroke=\"\(Palette.frame)\"/>")
        let (lo, hi) = (h.valueScale.inverse(range.lowerBound), h.valueScale.inverse(range.upperBound))
        let ticks = h.valueScale == .log10 ? Ticks.log10(lo, hi) : Ticks.linear(lo, hi, target: 5)
        for t in ticks {
            let y = plot.top + plot.height * (1 - (h.valueScale.transform(t.value) - range.lowerBound) / (range.upperBound - range.lowerBound))
            out.append("<line x1=\"\(SVG.n(x + barWidth))\" y1=\"\(SVG.n(y))\" x2=\"\(SVG.n(x + barWidth + 4))\" y2=\"\(SVG.n(y))\" stroke=\"\(Palette.frame)\"/>")
            out.append(SVG.text(t.label, x: x + barWidth + 6, y: y + 4, size: 11))
        }
        out.append(SVG.text(h.colorBarTitle, x: x + barWidth + 52, y: plot.top + plot.height / 2, size: 12, anchor: "middle", rotate: 90))
        return out
    }

    // MARK: legend

    /// The legend box width: as wide as the longest name, but at most 40 % of the chart.
    static func legendBoxWidth(_ names: [String], chartWidth: Double) -> Double {
        min(0.4 * chartWidth, 44 + (names.map { SVG.width($0, size: 12) }.max() ?? 0))
    }

    /// `name`, shortened with an ellipsis to fit `width` pixels.
    static func fitted(_ name: String, width: Double) -> String {
        guard SVG.width(name, size: 12) > width else { return name }
        let keep = max(1, Int(width / (12 * SVG.characterWidth)) - 1)
        return String(name.prefix(keep)) + "…"
    }

    func legend() -> [String] {
        guard !legendEntries.isEmpty, chart.legend != .none else { return [] }
        let rowHeight = 18.0
        let boxWidth = Self.legendBoxWidth(legendEntries.map(\.name), chartWidth: chart.width)
        let boxHeight = rowHeight * Double(legendEntries.count) + 8
        let (x0, y0): (Double, Double)
        switch chart.legend {
        case .outsideRight: (x0, y0) = (plot.left + plot.width + (heatMap == nil ? 12 : 102), plot.top)
        case .topLeft: (x0, y0) = (plot.left + 8, plot.top + 8)
        case .topRight: (x0, y0) = (plot.left + plot.width - boxWidth - 8, plot.top + 8)
        case .bottomLeft: (x0, y0) = (plot.left + 8, plot.top + plot.height - boxHeight - 8)
        case .bottomRight, .none: (x0, y0) = (plot.left + plot.width - boxWidth - 8, plot.top + plot.height - boxHeight - 8)
        }
        var out = ["<rect x=\"\(SVG.n(x0))\" y=\"\(SVG.n(y0))\" width=\"\(SVG.n(boxWidth))\" height=\"\(SVG.n(boxHeight))\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#cccccc\"/>"]
        for (k, entry) in legendEntries.enumerated() {
            let y = y0 + 4 + rowHeight * (Double(k) + 0.5)
            switch entry.kind {
            case let .line(dashed):
                out.append("<line x1=\"\(SVG.n(x0 + 6))\" y1=\"\(SVG.n(y))\" x2=\"\(SVG.n(x0 + 30))\" y2=\"\(SVG.n(y))\" stroke=\"\(entry.color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")/>")
            case let .swatch(opacity):
                out.append("<rect x=\"\(SVG.n(x0 + 6))\" y=\"\(SVG.n(y - 6))\" width=\"24\" height=\"12\" fill=\"\(entry.color)\" fill-opacity=\"\(SVG.n(max(opacity, 0.3)))\"/>")
            case .marker:
                out.append("<circle cx=\"\(SVG.n(x0 + 18))\" cy=\"\(SVG.n(y))\" r=\"4\" fill=\"\(entry.color)\"/>")
            }
            out.append(SVG.text(Self.fitted(entry.name, width: boxWidth - 42), x: x0 + 36, y: y + 4, size: 12))
        }
        return out
    }
}
