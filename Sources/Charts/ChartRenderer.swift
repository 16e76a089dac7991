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

/// The mutable state of one rendering.
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

    // MARK: axes

    mutating func resolveAxes() {
        var xs: [Double] = [], ys: [Double] = [], y2s: [Double] = []
        let sx = chart.x.scale, sy = chart.y.scale, sy2 = chart.y2?.scale ?? .linear
        func add(_ p: Point, secondary: Bool = false) {
            let tx = sx.transform(p.x), ty = (secondary ? sy2 : sy).transform(p.y)
            guard tx.isFinite, ty.isFinite else { return }
            xs.append(tx)
            if secondary { y2s.append(ty) } else { ys.append(ty) }
        }
        for layer in chart.layers {
            switch layer {
            case let .line(s): s.points.forEach { add($0, secondary: s.secondary && chart.y2 != nil) }
            case let .band(b): for i in b.x.indices { add(Point(b.x[i], b.lower[i])); add(Point(b.x[i], b.upper[i])) }
            case let .scatter(s): s.items.forEach { add($0.point) }
            case let .heatMap(h):
                xs += h.x.map(sx.transform).filter(\.isFinite)
                ys += h.y.map(sy.transform).filter(\.isFinite)
            case .rule: break
            }
        }
        x = ResolvedAxis(chart.x, data: xs)
        y = ResolvedAxis(chart.y, data: ys)
        if let a = chart.y2 { y2 = ResolvedAxis(a, data: y2s) }
    }

    // MARK: layout

    var heatMap: HeatMap? {
        for case let .heatMap(h) in chart.layers { return h }
        return nil
    }

    mutating func layOut() {
        // Legend entries and direct labels.
        var named: [(Int, LegendEntry)] = []
        for (i, layer) in chart.layers.enumerated() {
            switch layer {
            case let .line(s): if let n = s.name { named.append((i, LegendEntry(name: RichText(n), color: colors[i]!, kind: .line(dashed: s.dashed, marker: s.marker)))) }
            case let .band(b): if let n = b.name { named.append((i, LegendEntry(name: RichText(n), color: colors[i]!, kind: .swatch(opacity: b.opacity)))) }
            case let .scatter(s): if let n = s.name { named.append((i, LegendEntry(name: RichText(n), color: colors[i]!, kind: .marker(s.shape, hollow: s.hollow)))) }
            case .heatMap, .rule: break
            }
        }
        let namedLines = named.filter { if case .line = chart.layers[$0.0] { return true } else { return false } }
        if namedLines.count > 5, chart.legend == .auto {
            endLabelled = Set(namedLines.map(\.0))
            endLabelWidth = namedLines.map { $0.1.name.width(size: labelSize) }.max()! + 14 * k
        }
        legendEntries = named.filter { !endLabelled.contains($0.0) }.map(\.1)

        let textWidth = chart.width - 2 * pad
        titleLines = RichText.wrap(chart.title, width: textWidth, size: titleSize, bold: true)
        subtitleLines = chart.subtitle.map { RichText.wrap($0, width: textWidth, size: subtitleSize) } ?? []
        footnoteLines = chart.footnote.map { RichText.wrap($0, width: textWidth, size: labelSize) } ?? []
        numbers = Self.numbering(chart, self)
        keyLines = numbers.isEmpty ? [] : RichText.wrap("Key: " + numbers.sorted { $0.value < $1.value }.map { "\($0.value)\u{00A0}\($0.key.replacingOccurrences(of: " ", with: "\u{00A0}"))" }.joined(separator: "\u{00A0}· "),
                                                         width: textWidth, size: noteSize)
        noteLines = keyLines + (reservedNote.map { RichText.wrap($0, width: textWidth, size: noteSize) } ?? [])

        let top = pad + Double(titleLines.count) * titleSize * 1.25 + Double(subtitleLines.count) * subtitleSize * 1.3 + pad
        let yTickWidth = y.ticks.map { RichText($0.label).width(size: tickSize) }.max() ?? 20 * k
        let left = max(chart.minimumLeft, pad + axisTitleSize * 1.2 + 8 * k + yTickWidth + 6 * k)
        let bottomBase = 6 * k + tickSize * 1.2 + 8 * k + axisTitleSize * 1.2 + pad
            + Double(footnoteLines.count) * labelSize * 1.3 + Double(noteLines.count) * noteSize * 1.25
        var right = pad + 8 * k + endLabelWidth
        if let y2 {
            right += 6 * k + (y2.ticks.map { RichText($0.label).width(size: tickSize) }.max() ?? 20 * k) + 8 * k + axisTitleSize * 1.2
        }
        if heatMap != nil { right += 100 * k }
        let entryWidth = legendEntries.isEmpty ? 0 : 44 * k + (legendEntries.map { $0.name.width(size: legendSize) }.max() ?? 0)
        let row = legendSize * 1.35
        let legendHeight = Double(legendEntries.count) * row + 10 * k

        func setPlot(extraRight: Double, extraBottom: Double) {
            plot = (left, top, chart.width - left - right - extraRight, chart.height - top - bottomBase - extraBottom)
        }
        setPlot(extraRight: 0, extraBottom: 0)
        guard !legendEntries.isEmpty, chart.legend != .none else { legendPlace = .none; return }
        let inset = 8 * k
        func corner(_ p: Chart.LegendPosition) -> (Double, Double, Double, Double) {
            switch p {
            case .topLeft: return (plot.left + inset, plot.top + inset, entryWidth, legendHeight)
            case .topRight: return (plot.left + plot.width - entryWidth - inset, plot.top + inset, entryWidth, legendHeight)
            case .bottomLeft: return (plot.left + inset, plot.top + plot.height - legendHeight - inset, entryWidth, legendHeight)
            default: return (plot.left + plot.width - entryWidth - inset, plot.top + plot.height - legendHeight - inset, entryWidth, legendHeight)
            }
        }
        // Below the axes: as many columns as fit the width, filled column by column (as
        // matplotlib's ncol), each as wide as its widest entry.
        func columnWidths(_ columns: Int) -> [Double] {
            let rows = (legendEntries.count + columns - 1) / columns
            return stride(from: 0, to: legendEntries.count, by: rows).map { start in
                44 * k + 12 * k + legendEntries[start..<min(start + rows, legendEntries.count)].map { $0.name.width(size: legendSize) }.max()!
            }
        }
        let belowColumns = (1...max(1, legendEntries.count)).last { legendEntries.isEmpty || columnWidths($0).reduce(0, +) <= chart.width - 2 * pad } ?? 1
        let belowRows = (legendEntries.count + belowColumns - 1) / belowColumns
        legendRows = legendEntries.count
        var choice = chart.legend
        if chart.legend == .auto {
            // Outside: below or on the right, whichever leaves the plot the larger area.
            let belowHeight = Double(belowRows) * row + 16 * k
            let areaBelow = plot.width * max(plot.height - belowHeight, 0)
            let areaRight = max(plot.width - entryWidth - 10 * k, 0) * plot.height
            choice = areaBelow >= areaRight ? .below : .outsideRight
            if entryWidth < plot.width * 0.6, legendHeight < plot.height * 0.6 {
                let occupied = Occupancy(self, includeMarkers: true)
                for candidate in [Chart.LegendPosition.topRight, .topLeft, .bottomRight, .bottomLeft] {
                    let b = corner(candidate)
                    if occupied.isFree(x: b.0 - 4 * k, y: b.1 - 4 * k, width: b.2 + 8 * k, height: b.3 + 8 * k) { choice = candidate; break }
                }
            }
        }
        legendPlace = choice
        legendColumnWidths = [entryWidth]
        switch choice {
        case .outsideRight:
            setPlot(extraRight: entryWidth + 10 * k, extraBottom: 0)
            legendBox = (chart.width - pad - entryWidth, plot.top, entryWidth, legendHeight)
        case .below:
            legendColumnWidths = columnWidths(belowColumns)
            legendRows = belowRows
            let height = Double(belowRows) * row + 10 * k
            setPlot(extraRight: 0, extraBottom: height + 6 * k)
            let width = legendColumnWidths.reduce(0, +)
            legendBox = ((chart.width - width) / 2, plot.top + plot.height + 6 * k + tickSize * 1.2 + 8 * k + axisTitleSize * 1.2 + 6 * k, width, height)
        default:
            let b = corner(choice)
            legendBox = (b.0, b.1, b.2, b.3)
        }
    }

    /// No figure text is smaller than 1.8 % of the canvas width (14.4 px at 800 px).
    var noteSize: Double { 14.5 * k }

    // MARK: coordinates

    func px(_ v: Double) -> Double {
        plot.left + (chart.x.scale.transform(v) - x.range.lowerBound) / (x.range.upperBound - x.range.lowerBound) * plot.width
    }

    func py(_ v: Double, secondary: Bool = false) -> Double {
        let a = secondary ? (y2 ?? y)! : y!
        return plot.top + plot.height - (a.axis.scale.transform(v) - a.range.lowerBound) / (a.range.upperBound - a.range.lowerBound) * plot.height
    }

    func position(_ p: Point, secondary: Bool = false) -> (Double, Double)? {
        let (a, b) = (px(p.x), py(p.y, secondary: secondary && y2 != nil))
        guard a.isFinite, b.isFinite else { return nil }
        let bound = 10 * (chart.width + chart.height)
        return (min(max(a, -bound), bound), min(max(b, -bound), bound))
    }

    func inPlot(_ a: Double, _ b: Double) -> Bool {
        a >= plot.left - 0.5 && a <= plot.left + plot.width + 0.5 && b >= plot.top - 0.5 && b <= plot.top + plot.height + 0.5
    }

    /// Drawable runs of a polyline.
    func runs(_ points: [Point], secondary: Bool = false) -> [[(Double, Double)]] {
        var runs: [[(Double, Double)]] = [], current: [(Double, Double)] = []
        for p in points {
            if let q = position(p, secondary: secondary) { current.append(q) } else if !current.isEmpty { runs.append(current); current = [] }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    // MARK: text

    /// Draws text and records its box. `anchor`: start, middle or end; `rotate` −90 or 90.
    mutating func text(_ t: RichText, x: Double, y: Double, size: Double, anchor: String = "start", bold: Bool = false,
                       color: String = Palette.text, rotate: Double? = nil, record: Bool = true, halo: Bool = false) -> String {
        let w = t.width(size: size, bold: bold)
        let (ascent, descent) = t.verticalExtent(size: size)
        let start = anchor == "middle" ? x - w / 2 : anchor == "end" ? x - w : x
        if record {
            if let rotate {
                // rotated ±90° about (x, y): the run extends vertically
                let along = anchor == "middle" ? -w / 2 : anchor == "end" ? -w : 0
                if rotate < 0 {
                    boxes.append(.init(x: x - ascent, y: y - along - w, width: ascent + descent, height: w, text: t.plain))
                } else {
                    boxes.append(.init(x: x - descent, y: y + along, width: ascent + descent, height: w, text: t.plain))
                }
            } else {
                boxes.append(.init(x: start, y: y - ascent, width: w, height: ascent + descent, text: t.plain))
            }
        }
        var attributes = "x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" font-size=\"\(SVG.n(size))\" text-anchor=\"\(anchor)\" fill=\"\(color)\""
        if bold { attributes += " font-weight=\"bold\"" }
        if t.needsPreservedSpace { attributes += " xml:space=\"preserve\"" }
        if halo { attributes += " stroke=\"#ffffff\" stroke-width=\"\(SVG.n(3.5 * k))\" stroke-linejoin=\"round\" paint-order=\"stroke\"" }
        if let rotate { attributes += " transform=\"rotate(\(SVG.n(rotate)) \(SVG.n(x)) \(SVG.n(y)))\"" }
        return "<text \(attributes)>\(t.svgContent(size: size))</text>"
    }

    // MARK: drawing

    mutating func draw() -> Rendering {
        var out: [String] = []
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVG.n(chart.width))\" height=\"\(SVG.n(chart.height))\" viewBox=\"0 0 \(SVG.n(chart.width)) \(SVG.n(chart.height))\" font-family=\"\(Palette.font)\">")
        out.append("<title>\(SVG.escape(RichText(chart.title).plain))</title>")
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>")
        out.append("<defs><clipPath id=\"\(chart.clipID)\"><rect x=\"\(SVG.n(plot.left))\" y=\"\(SVG.n(plot.top))\" width=\"\(SVG.n(plot.width))\" height=\"\(SVG.n(plot.height))\"/></clipPath></defs>")
        var baseline = pad + titleSize * 0.95
        for line in titleLines {
            out.append(text(RichText(line), x: chart.width / 2, y: baseline, size: titleSize, anchor: "middle", bold: true))
            baseline += titleSize * 1.25
        }
        baseline += subtitleSize * 0.1
        for line in subtitleLines {
            out.append(text(RichText(line), x: chart.width / 2, y: baseline, size: subtitleSize, anchor: "middle", color: "#555555"))
            baseline += subtitleSize * 1.3
        }
        out += grid()
        out.append("<g clip-path=\"url(#\(chart.clipID))\">")
        for (i, layer) in chart.layers.enumerated() {
            switch layer {
            case let .heatMap(h): out += heatCells(h)
            case let .band(b): out += band(b, color: colors[i]!)
            case let .line(s): out += line(s, color: colors[i]!)
            case let .scatter(s): out += markers(s, color: colors[i]!)
            case let .rule(r): out += ruleLine(r)
            }
        }
        out.append("</g>")
        out += axes()
        out += ruleLabels()
        if legendPlace != .none { out += legend() }
        out += endLabels()
        out += scatterLabels()
        if let h = heatMap { out += colorBar(h) }
        var footY = chart.height - pad - Double(footnoteLines.count) * labelSize * 1.3 - Double(noteLines.count) * noteSize * 1.25 + labelSize
        for line in footnoteLines {
            out.append(text(RichText(line), x: pad, y: footY, size: labelSize, color: "#444444"))
            footY += labelSize * 1.3
        }
        let drawnNotes = keyLines + (unplacedNote.map { RichText.wrap($0, width: chart.width - 2 * pad, size: noteSize) } ?? [])
        for line in drawnNotes {
            out.append(text(RichText(plain: line), x: pad, y: footY - labelSize + noteSize, size: noteSize, color: "#444444"))
            footY += noteSize * 1.25
        }
        out.append("</svg>")
        return Rendering(svg: out.joined(separator: "\n") + "\n", layout: ChartLayout(boxes: boxes, width: chart.width, height: chart.height),
                         unplaced: unplacedNote)
    }

    func grid() -> [String] {
        var out: [String] = []
        for t in x.ticks {
            let a = px(t.value)
            guard a >= plot.left - 0.5, a <= plot.left + plot.width + 0.5 else { continue }
            out.append("<line x1=\"\(SVG.n(a))\" y1=\"\(SVG.n(plot.top))\" x2=\"\(SVG.n(a))\" y2=\"\(SVG.n(plot.top + plot.height))\" stroke=\"\(Palette.grid)\" stroke-width=\"1\"/>")
        }
        for t in y.ticks {
            let b = py(t.value)
            guard b >= plot.top - 0.5, b <= plot.top + plot.height + 0.5 else { continue }
            out.append("<line x1=\"\(SVG.n(plot.left))\" y1=\"\(SVG.n(b))\" x2=\"\(SVG.n(plot.left + plot.width))\" y2=\"\(SVG.n(b))\" stroke=\"\(Palette.grid)\" stroke-width=\"1\"/>")
        }
        return out
    }

    mutating func axes() -> [String] {
        var out = ["<rect x=\"\(SVG.n(plot.left))\" y=\"\(SVG.n(plot.top))\" width=\"\(SVG.n(plot.width))\" height=\"\(SVG.n(plot.height))\" fill=\"none\" stroke=\"\(Palette.frame)\" stroke-width=\"1\"/>"]
        let bottom = plot.top + plot.height, major = 5 * k, minorLength = 3 * k
        var lastRight = -Double.infinity
        for t in x.ticks {
            let a = px(t.value)
            guard a >= plot.left - 0.5, a <= plot.left + plot.width + 0.5 else { continue }
            out.append("<line x1=\"\(SVG.n(a))\" y1=\"\(SVG.n(bottom))\" x2=\"\(SVG.n(a))\" y2=\"\(SVG.n(bottom + major))\" stroke=\"\(Palette.frame)\"/>")
            let label = RichText(t.label), w = label.width(size: tickSize)
            // Tick labels that would touch their neighbour are skipped (the tick stays).
            guard a - w / 2 > lastRight + 4 * k, a + w / 2 <= chart.width - 1 else { continue }
            lastRight = a + w / 2
            out.append(text(label, x: a, y: bottom + major + tickSize * 1.0, size: tickSize, anchor: "middle"))
        }
        for v in x.minor {
            let a = px(v)
            out.append("<line x1=\"\(SVG.n(a))\" y1=\"\(SVG.n(bottom))\" x2=\"\(SVG.n(a))\" y2=\"\(SVG.n(bottom + minorLength))\" stroke=\"\(Palette.frame)\"/>")
        }
        var lastTop = Double.infinity
        for t in y.ticks {
            let b = py(t.value)
            guard b >= plot.top - 0.5, b <= bottom + 0.5 else { continue }
            out.append("<line x1=\"\(SVG.n(plot.left - major))\" y1=\"\(SVG.n(b))\" x2=\"\(SVG.n(plot.left))\" y2=\"\(SVG.n(b))\" stroke=\"\(Palette.frame)\"/>")
            guard b + tickSize * 0.5 < lastTop - 2 * k else { continue }
            lastTop = b - tickSize * 0.5
            out.append(text(RichText(t.label), x: plot.left - major - 3 * k, y: b + tickSize * 0.33, size: tickSize, anchor: "end"))
        }
        for v in y.minor {
            let b = py(v)
            out.append("<line x1=\"\(SVG.n(plot.left - minorLength))\" y1=\"\(SVG.n(b))\" x2=\"\(SVG.n(plot.left))\" y2=\"\(SVG.n(b))\" stroke=\"\(Palette.frame)\"/>")
        }
        out.append(text(RichText(chart.x.title), x: plot.left + plot.width / 2, y: bottom + major + tickSize * 1.2 + 8 * k + axisTitleSize * 0.85,
                        size: axisTitleSize, anchor: "middle"))
        out.append(text(RichText(chart.y.title), x: pad + axisTitleSize * 0.85, y: plot.top + plot.height / 2, size: axisTitleSize, anchor: "middle", rotate: -90))
        if let y2 {
            let right = plot.left + plot.width
            var widest = 0.0
            for t in y2.ticks {
                let b = py(t.value, secondary: true)
                guard b >= plot.top - 0.5, b <= bottom + 0.5 else { continue }
                out.append("<line x1=\"\(SVG.n(right))\" y1=\"\(SVG.n(b))\" x2=\"\(SVG.n(right + major))\" y2=\"\(SVG.n(b))\" stroke=\"\(Palette.frame)\"/>")
                widest = max(widest, RichText(t.label).width(size: tickSize))
                out.append(text(RichText(t.label), x: right + major + 3 * k, y: b + tickSize * 0.33, size: tickSize))
            }
            for v in y2.minor {
                let b = py(v, secondary: true)
                out.append("<line x1=\"\(SVG.n(right))\" y1=\"\(SVG.n(b))\" x2=\"\(SVG.n(right + minorLength))\" y2=\"\(SVG.n(b))\" stroke=\"\(Palette.frame)\"/>")
            }
            out.append(text(RichText(y2.axis.title), x: right + major + 3 * k + widest + 8 * k + axisTitleSize * 0.25, y: plot.top + plot.height / 2,
                            size: axisTitleSize, anchor: "middle", rotate: 90))
        }
        return out
    }

    func polyline(_ run: [(Double, Double)]) -> String { run.map { "\(SVG.n($0.0)),\(SVG.n($0.1))" }.joined(separator: " ") }

    func line(_ s: LineSeries, color: String) -> [String] {
        let dash = s.dashed ? " stroke-dasharray=\"\(SVG.n(7 * k)) \(SVG.n(4 * k))\"" : ""
        var out = runs(s.points, secondary: s.secondary).map { run -> String in
            run.count == 1
                ? "<circle cx=\"\(SVG.n(run[0].0))\" cy=\"\(SVG.n(run[0].1))\" r=\"\(SVG.n(s.width * k))\" fill=\"\(color)\"/>"
                : "<polyline points=\"\(polyline(run))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(SVG.n(s.width * k))\" stroke-linejoin=\"round\"\(dash)/>"
        }
        if let shape = s.marker {
            // At most one marker every 16 px along the line: a mark of identity, not of every sample.
            var last: (Double, Double)?
            for p in s.points {
                guard let (a, b) = position(p, secondary: s.secondary) else { continue }
                if let l = last, (a - l.0) * (a - l.0) + (b - l.1) * (b - l.1) < 256 * k * k { continue }
                last = (a, b)
                out.append(Marker.svg(shape, x: a, y: b, radius: 3.5 * k, color: color, hollow: false))
            }
        }
        return out
    }

    func band(_ b: Band, color: String) -> [String] {
        var out: [String] = [], upper: [(Double, Double)] = [], lower: [(Double, Double)] = []
        func flush() {
            if upper.count >= 2 {
                out.append("<polygon points=\"\(polyline(upper + lower.reversed()))\" fill=\"\(color)\" fill-opacity=\"\(SVG.n(b.opacity))\" stroke=\"none\"/>")
            }
            upper = []; lower = []
        }
        for i in b.x.indices {
            if let u = position(Point(b.x[i], b.upper[i])), let l = position(Point(b.x[i], b.lower[i])) { upper.append(u); lower.append(l) } else { flush() }
        }
        flush()
        return out
    }

    func markers(_ s: ScatterSeries, color: String) -> [String] {
        var drawn: [(Double, Double)] = []
        return s.items.compactMap { item in
            guard let (a, b) = position(item.point) else { return nil }
            // Coincident markers of one series are drawn once.
            if drawn.contains(where: { abs($0.0 - a) < 0.5 && abs($0.1 - b) < 0.5 }) { return nil }
            drawn.append((a, b))
            return Marker.svg(s.shape, x: a, y: b, radius: s.radius * k, color: color, hollow: s.hollow)
        }
    }

    func ruleLine(_ r: Rule) -> [String] {
        switch r.orientation {
        case .vertical:
            let a = px(r.value)
            guard a.isFinite else { return [] }
            return ["<line x1=\"\(SVG.n(a))\" y1=\"\(SVG.n(plot.top))\" x2=\"\(SVG.n(a))\" y2=\"\(SVG.n(plot.top + plot.height))\" stroke=\"\(r.color)\" stroke-width=\"\(SVG.n(1.3 * k))\" stroke-dasharray=\"\(SVG.n(3 * k)) \(SVG.n(3 * k))\"/>"]
        case .horizontal:
            let b = py(r.value)
            guard b.isFinite else { return [] }
            return ["<line x1=\"\(SVG.n(plot.left))\" y1=\"\(SVG.n(b))\" x2=\"\(SVG.n(plot.left + plot.width))\" y2=\"\(SVG.n(b))\" stroke=\"\(r.color)\" stroke-width=\"\(SVG.n(1.3 * k))\" stroke-dasharray=\"\(SVG.n(3 * k)) \(SVG.n(3 * k))\"/>"]
        }
    }

    /// Rule labels: at the top of a vertical rule (right of it, or left when no room), at the right
    /// end of a horizontal one (above, or below near the top); placed where no text is yet.
    mutating func ruleLabels() -> [String] {
        var out: [String] = []
        let size = labelSize, occupancy = Occupancy(self, includeMarkers: true)
        for case let .rule(r) in chart.layers {
            guard let label = r.label else { continue }
            let t = RichText(label), w = t.width(size: size)
            var candidates: [(Double, Double, String)] = []
            switch r.orientation {
            case .vertical:
                let a = px(r.value)
                guard a >= plot.left, a <= plot.left + plot.width else { continue }
                var b = plot.top + size + 4 * k
                while b < plot.top + plot.height - 2 * k {
                    candidates.append((a + 4 * k, b, "start"))
                    candidates.append((a - 4 * k, b, "end"))
                    b += size * 1.3
                }
            case .horizontal:
                let b = py(r.value)
                guard b >= plot.top, b <= plot.top + plot.height else { continue }
                for shift in stride(from: 0.0, through: 1.0, by: 0.05) {
                    let right = plot.left + plot.width - 4 * k - shift * max(plot.width - w - 8 * k, 0)
                    candidates.append((right, b - 6 * k, "end"))
                    candidates.append((right, b + size + 2 * k, "end"))
                }
            }
            // First a spot clear of all ink; failing that, one clear of text only, drawn over a white
            // halo so that the lines it crosses do not strike it through.
            for clearOfInk in [true, false] {
                var placed = false
                for (a, b, anchor) in candidates {
                    let x0 = anchor == "end" ? a - w : a
                    let box = ChartLayout.Box(x: x0, y: b - size * 0.8, width: w, height: size * 1.05, text: label)
                    guard box.x >= plot.left, box.x + box.width <= plot.left + plot.width, box.y >= plot.top, box.y + box.height <= plot.top + plot.height,
                          !boxes.contains(where: { $0.intersects(box) }),
                          !clearOfInk || occupancy.isFree(x: box.x, y: box.y, width: box.width, height: box.height, ignoringRules: true)
                    else { continue }
                    out.append(text(t, x: a, y: b, size: size, anchor: anchor, color: r.color, halo: !clearOfInk))
                    placed = true
                    break
                }
                if placed { break }
            }
        }
        return out
    }

    mutating func legend() -> [String] {
        let row = legendSize * 1.35

        var out = legendPlace == .below ? [] : ["<rect x=\"\(SVG.n(legendBox.x))\" y=\"\(SVG.n(legendBox.y))\" width=\"\(SVG.n(legendBox.width))\" height=\"\(SVG.n(legendBox.height))\" fill=\"#ffffff\" fill-opacity=\"0.92\" stroke=\"#cccccc\"/>"]
        for (i, entry) in legendEntries.enumerated() {
            let column = i / legendRows, line = i % legendRows
            let cy = legendBox.y + 5 * k + row * (Double(line) + 0.5)
            let x0 = legendBox.x + 7 * k + legendColumnWidths.prefix(column).reduce(0, +)
            switch entry.kind {
            case let .line(dashed, marker):
                out.append("<line x1=\"\(SVG.n(x0))\" y1=\"\(SVG.n(cy))\" x2=\"\(SVG.n(x0 + 26 * k))\" y2=\"\(SVG.n(cy))\" stroke=\"\(entry.color)\" stroke-width=\"\(SVG.n(2 * k))\"\(dashed ? " stroke-dasharray=\"\(SVG.n(7 * k)) \(SVG.n(4 * k))\"" : "")/>")
                if let marker { out.append(Marker.svg(marker, x: x0 + 13 * k, y: cy, radius: 3.5 * k, color: entry.color, hollow: false)) }
            case let .swatch(opacity):
                out.append("<rect x=\"\(SVG.n(x0))\" y=\"\(SVG.n(cy - 6 * k))\" width=\"\(SVG.n(26 * k))\" height=\"\(SVG.n(12 * k))\" fill=\"\(entry.color)\" fill-opacity=\"\(SVG.n(opacity))\"/>")
            case let .marker(shape, hollow):
                out.append(Marker.svg(shape, x: x0 + 13 * k, y: cy, radius: 4.5 * k, color: entry.color, hollow: hollow))
            }
            out.append(text(entry.name, x: x0 + 34 * k, y: cy + legendSize * 0.35, size: legendSize))
        }
        return out
    }

    /// Labels of lines named at their right end (more than five named lines): beside the axes, at
    /// the height where each line leaves the plot, pushed apart so they do not touch.
    mutating func endLabels() -> [String] {
        guard !endLabelled.isEmpty else { return [] }
        var items: [(y: Double, y0: Double, name: RichText, color: String)] = []
        for i in endLabelled.sorted() {
            guard case let .line(s) = chart.layers[i], let name = s.name else { continue }
            guard let last = runs(s.points, secondary: s.secondary).last?.last(where: { inPlot($0.0, $0.1) }) ?? runs(s.points).last?.last else { continue }
            let b = min(max(last.1, plot.top + labelSize * 0.5), plot.top + plot.height - labelSize * 0.2)
            items.append((b, last.1, RichText(name), colors[i]!))
        }
        items.sort { $0.y < $1.y }
        // baseline-to-baseline distance: the descent of the upper label, the ascent of the lower
        // one (both taller with sub- or superscripts) and a small gap
        func gap(_ upper: Int, _ lower: Int) -> Double {
            items[upper].name.verticalExtent(size: labelSize).descent + items[lower].name.verticalExtent(size: labelSize).ascent + 0.13 * labelSize
        }
        for i in items.indices.dropFirst() where items[i].y < items[i - 1].y + gap(i - 1, i) { items[i].y = items[i - 1].y + gap(i - 1, i) }
        if let overflow = items.last.map({ $0.y - (plot.top + plot.height) }), overflow > 0 {
            for i in items.indices { items[i].y -= overflow }
            for i in items.indices.reversed().dropFirst() where items[i].y > items[i + 1].y - gap(i, i + 1) { items[i].y = items[i + 1].y - gap(i, i + 1) }
        }
        var out: [String] = []
        let x0 = plot.left + plot.width + 4 * k
        for item in items {
            out.append("<line x1=\"\(SVG.n(plot.left + plot.width))\" y1=\"\(SVG.n(item.y0))\" x2=\"\(SVG.n(x0 + 4 * k))\" y2=\"\(SVG.n(item.y))\" stroke=\"\(item.color)\" stroke-width=\"\(SVG.n(k))\"/>")
            out.append(text(item.name, x: x0 + 6 * k, y: item.y + labelSize * 0.35, size: labelSize, color: item.color))
        }
        return out
    }

    // MARK: point labels

    /// Point labels. Points of all series that fall within two pixels of each other form one
    /// group with one label naming them all (wrapped to a third of the plot width). Each label
    /// goes to the first free position on rings of growing distance around its point (free: inside
    /// the plot, clear of other text, markers, lines and rules), with a leader line beyond the
    /// nearest ring; failing that, to the nearest free spot of the plot; a label with no free spot
    /// at all is listed under the figure.
    mutating func scatterLabels() -> [String] {
        struct Group { var x: Double; var y: Double; var names: [String]; var radius: Double; var numbered: Bool; var point: Point }
        var groups: [Group] = []
        for case let .scatter(s) in chart.layers {
            for item in s.items {
                guard let name = item.label, let (a, b) = position(item.point), inPlot(a, b) else { continue }
                let label = s.numbered ? String(numbers[name]!) : name
                if let g = groups.firstIndex(where: { abs($0.x - a) < 2 * k && abs($0.y - b) < 2 * k }) {
                    if !groups[g].names.contains(label) { groups[g].names.append(label) }
                } else {
                    groups.append(Group(x: a, y: b, names: [label], radius: s.radius * k, numbered: s.numbered, point: item.point))
                }
            }
        }
        guard !groups.isEmpty else { return [] }
        // Every marker drawn (labelled or not): a leader may pass through none but its own.
        var markers: [(x: Double, y: Double, r: Double)] = []
        for case let .scatter(s) in chart.layers {
            for item in s.items { if let (a, b) = position(item.point), inPlot(a, b) { markers.append((a, b, s.radius * k)) } }
        }
        let occupancy = Occupancy(self, includeMarkers: true)
        var out: [String] = [], unplaced: [String] = []
        let size = labelSize, lineHeight = size * 1.2
        for g in groups {
            let names = g.numbered ? g.names.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) } : g.names
            let lines = RichText.wrap(names.joined(separator: g.numbered ? "," : ", "), width: max(plot.width / 3, 120 * k), size: size).map { RichText(plain: $0) }
            let w = lines.map { $0.width(size: size) }.max()!, h = Double(lines.count) * lineHeight
            func fits(_ bx: Double, _ by: Double) -> Bool {
                let box = ChartLayout.Box(x: bx - 1, y: by - 1, width: w + 2, height: h + 2, text: "")
                guard box.x >= plot.left + 1, box.x + box.width <= plot.left + plot.width - 1,
                      box.y >= plot.top + 1, box.y + box.height <= plot.top + plot.height - 1 else { return false }
                guard !boxes.contains(where: { $0.intersects(box) }) else { return false }
                if legendPlace != .outsideRight, legendPlace != .none,
                   box.intersects(ChartLayout.Box(x: legendBox.x, y: legendBox.y, width: legendBox.width, height: legendBox.height, text: "")) { return false }
                guard !leaders.contains(where: { Self.segment($0.0, $0.1, hits: box) }) else { return false }
                // never over the labelled marker itself (its cells are exempt from the occupancy test)
                let nx = min(max(g.x, box.x), box.x + box.width) - g.x, ny = min(max(g.y, box.y), box.y + box.height) - g.y
                guard nx * nx + ny * ny > (g.radius + 2 * k) * (g.radius + 2 * k) else { return false }
                return occupancy.isFree(x: box.x, y: box.y, width: box.width, height: box.height, except: (g.x, g.y, g.radius + 1))
            }
            /// The leader from the marker's edge to the nearest point of a box at (bx, by), nil when
            /// it would cross text already placed.
            func leader(_ bx: Double, _ by: Double) -> ((Double, Double), (Double, Double))? {
                let tx = min(max(g.x, bx), bx + w), ty = min(max(g.y, by), by + h)
                let dx = tx - g.x, dy = ty - g.y, len = max((dx * dx + dy * dy).squareRoot(), 1e-9)
                let start = (g.x + dx / len * (g.radius + 1), g.y + dy / len * (g.radius + 1))
                let box = ChartLayout.Box(x: bx, y: by, width: w, height: h, text: "")
                let others = boxes + [box]
                for b in others where b != box && Self.segment(start, (tx, ty), hits: b) { return nil }
                // leaders that cross each other, or run through another marker, make the reader
                // guess which label is whose
                for l in leaders where Self.segments(start, (tx, ty), cross: l.0, l.1) { return nil }
                for m in markers where abs(m.x - g.x) > 0.5 || abs(m.y - g.y) > 0.5 {
                    if Self.distance(from: (m.x, m.y), toSegment: start, (tx, ty)) < m.r + 1.5 * k { return nil }
                }
                return (start, (tx, ty))
            }
            var spot: (Double, Double, ((Double, Double), (Double, Double))?)?
            let gap = g.radius + 3 * k
            search: for ring in [1.0, 2.2, 3.6, 5.5, 8, 11, 15, 20] {
                let d = gap * ring + (ring > 1 ? 6 * k : 0)
                let candidates: [(Double, Double)] = [
                    (g.x + d, g.y - h / 2), (g.x - d - w, g.y - h / 2),
                    (g.x + d * 0.7, g.y - d * 0.7 - h), (g.x - d * 0.7 - w, g.y - d * 0.7 - h),
                    (g.x + d * 0.7, g.y + d * 0.7), (g.x - d * 0.7 - w, g.y + d * 0.7),
                    (g.x - w / 2, g.y - d - h), (g.x - w / 2, g.y + d),
                ]
                for (bx, by) in candidates where fits(bx, by) {
                    if ring == 1 { spot = (bx, by, nil); break search }
                    if let l = leader(bx, by) { spot = (bx, by, l); break search }
                }
            }
            if spot == nil {
                // The nearest free spot anywhere in the plot, on a coarse grid.
                var best: (Double, Double, Double)?
                let step = 6 * k
                var by = plot.top + 2
                while by + h < plot.top + plot.height - 2 {
                    var bx = plot.left + 2
                    while bx + w < plot.left + plot.width - 2 {
                        let cx = bx + w / 2, cy = by + h / 2
                        let dist = (cx - g.x) * (cx - g.x) + (cy - g.y) * (cy - g.y)
                        if (best == nil || dist < best!.2), fits(bx, by), leader(bx, by) != nil { best = (bx, by, dist) }
                        bx += step
                    }
                    by += step
                }
                if let best { spot = (best.0, best.1, leader(best.0, best.1)) }
            }
            guard let (bx, by, line) = spot else {
                // where to find them: the point's coordinates
                unplaced.append(g.names.joined(separator: ", ") + " at (" + Notation.compact(g.point.x) + ", " + Notation.compact(g.point.y) + ")")
                continue
            }
            if let line {
                leaders.append(line)
                out.append("<line x1=\"\(SVG.n(line.0.0))\" y1=\"\(SVG.n(line.0.1))\" x2=\"\(SVG.n(line.1.0))\" y2=\"\(SVG.n(line.1.1))\" stroke=\"#888888\" stroke-width=\"\(SVG.n(0.8 * k))\"/>")
            }
            for (i, l) in lines.enumerated() {
                out.append(text(l, x: bx, y: by + Double(i) * lineHeight + size * 0.85, size: size))
            }
        }
        if !unplaced.isEmpty { unplacedNote = "Not labelled in the plot (crowded): " + unplaced.joined(separator: "; ") + "." }
        return out
    }

    /// The distance from point p to the segment a–b. O(1).
    static func distance(from p: (Double, Double), toSegment a: (Double, Double), _ b: (Double, Double)) -> Double {
        let dx = b.0 - a.0, dy = b.1 - a.1, length2 = dx * dx + dy * dy
        let t = length2 == 0 ? 0 : min(1, max(0, ((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2))
        let ex = a.0 + t * dx - p.0, ey = a.1 + t * dy - p.1
        return (ex * ex + ey * ey).squareRoot()
    }

    /// Whether segments a–b and c–d cross (proper intersection; touching ends do not count).
    static func segments(_ a: (Double, Double), _ b: (Double, Double), cross c: (Double, Double), _ d: (Double, Double)) -> Bool {
        func side(_ p: (Double, Double), _ q: (Double, Double), _ r: (Double, Double)) -> Double {
            (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
        }
        let d1 = side(c, d, a), d2 = side(c, d, b), d3 = side(a, b, c), d4 = side(a, b, d)
        return d1 * d2 < 0 && d3 * d4 < 0
    }

    /// Whether segment p–q passes through the box (Liang–Barsky clipping).
    static func segment(_ p: (Double, Double), _ q: (Double, Double), hits b: ChartLayout.Box) -> Bool {
        var t0 = 0.0, t1 = 1.0
        let dx = q.0 - p.0, dy = q.1 - p.1
        for (pp, qq) in [(-dx, p.0 - b.x), (dx, b.x + b.width - p.0), (-dy, p.1 - b.y), (dy, b.y + b.height - p.1)] {
            if pp == 0 {
                if qq < 0 { return false }
            } else {
                let r = qq / pp
                if pp < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
                if t0 > t1 { return false }
            }
        }
        return true
    }

    // MARK: heat map

    func valueRange(_ h: HeatMap) -> ClosedRange<Double> {
        if let r = h.valueRange, h.valueScale.transform(r.lowerBound).isFinite, h.valueScale.transform(r.upperBound).isFinite, r.upperBound > r.lowerBound {
            return h.valueScale.transform(r.lowerBound)...h.valueScale.transform(r.upperBound)
        }
        let finite = h.values.joined().map(h.valueScale.transform).filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return 0...1 }
        return hi > lo ? lo...hi : (lo - 0.5)...(lo + 0.5)
    }

    func edges(_ centres: [Double], _ scale: Scale) -> [Double] {
        let t = centres.map(scale.transform)
        guard t.count >= 2 else { return t.isEmpty ? [] : [t[0] - 0.5, t[0] + 0.5].map(scale.inverse) }
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
                out.append("<rect x=\"\(SVG.n(min(x0, x1)))\" y=\"\(SVG.n(min(y0, y1)))\" width=\"\(SVG.n(abs(x1 - x0) + 0.5))\" height=\"\(SVG.n(abs(y1 - y0) + 0.5))\" fill=\"\(Palette.colormap(t))\"/>")
            }
        }
        return out
    }

    mutating func colorBar(_ h: HeatMap) -> [String] {
        let range = valueRange(h)
        let x0 = plot.left + plot.width + 18 * k, barWidth = 14 * k
        var out: [String] = []
        let steps = 64
        for s in 0..<steps {
            let t = (Double(s) + 0.5) / Double(steps)
            let b = plot.top + plot.height * (1 - Double(s + 1) / Double(steps))
            out.append("<rect x=\"\(SVG.n(x0))\" y=\"\(SVG.n(b))\" width=\"\(SVG.n(barWidth))\" height=\"\(SVG.n(plot.height / Double(steps) + 0.5))\" fill=\"\(Palette.colormap(t))\"/>")
        }
        out.append("<rect x=\"\(SVG.n(x0))\" y=\"\(SVG.n(plot.top))\" width=\"\(SVG.n(barWidth))\" height=\"\(SVG.n(plot.height))\" fill=\"none\" stroke=\"\(Palette.frame)\"/>")
        let (lo, hi) = (h.valueScale.inverse(range.lowerBound), h.valueScale.inverse(range.upperBound))
        let ticks = h.valueScale == .log10 ? Ticks.log10(lo, hi) : Ticks.linear(lo, hi, target: 5)
        var widest = 0.0
        for t in ticks {
            let b = plot.top + plot.height * (1 - (h.valueScale.transform(t.value) - range.lowerBound) / (range.upperBound - range.lowerBound))
            out.append("<line x1=\"\(SVG.n(x0 + barWidth))\" y1=\"\(SVG.n(b))\" x2=\"\(SVG.n(x0 + barWidth + 4 * k))\" y2=\"\(SVG.n(b))\" stroke=\"\(Palette.frame)\"/>")
            widest = max(widest, RichText(t.label).width(size: tickSize * 0.85))
            out.append(text(RichText(t.label), x: x0 + barWidth + 6 * k, y: b + tickSize * 0.3, size: tickSize * 0.85))
        }
        out.append(text(RichText(h.colorBarTitle), x: x0 + barWidth + 10 * k + widest + axisTitleSize * 0.3, y: plot.top + plot.height / 2,
                        size: axisTitleSize * 0.9, anchor: "middle", rotate: 90))
        return out
    }
}

/// Markers by shape.
enum Marker {
    static func svg(_ shape: MarkerShape, x: Double, y: Double, radius r: Double, color: String, hollow: Bool) -> String {
        let fill = hollow ? "none" : color   // hollow: what lies beneath (a coincident point) shows through
        let stroke = hollow ? color : "#ffffff"
        let width = hollow ? max(1.4, r * 0.35) : max(0.8, r * 0.2)
        let style = "fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(SVG.n(width))\""
        func poly(_ pts: [(Double, Double)]) -> String {
            "<polygon points=\"\(pts.map { "\(SVG.n(x + $0.0 * r)),\(SVG.n(y + $0.1 * r))" }.joined(separator: " "))\" \(style)/>"
        }
        switch shape {
        case .circle: return "<circle cx=\"\(SVG.n(x))\" cy=\"\(SVG.n(y))\" r=\"\(SVG.n(r))\" \(style)/>"
        case .square: return poly([(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)])
        case .diamond: return poly([(0, -1.25), (1.1, 0), (0, 1.25), (-1.1, 0)])
        case .triangle: return poly([(0, -1.25), (1.15, 0.85), (-1.15, 0.85)])
        case .triangleDown: return poly([(0, 1.25), (1.15, -0.85), (-1.15, -0.85)])
        case .cross:
            let c = hollow ? color : color
            let w = max(1.5, r * 0.45)
            return "<path d=\"M\(SVG.n(x - r)) \(SVG.n(y - r))L\(SVG.n(x + r)) \(SVG.n(y + r))M\(SVG.n(x - r)) \(SVG.n(y + r))L\(SVG.n(x + r)) \(SVG.n(y - r))\" stroke=\"\(c)\" stroke-width=\"\(SVG.n(w))\" fill=\"none\"/>"
        }
    }
}

/// Where the plot holds data ink: lines, rules, markers and band edges rasterised onto a grid of
/// 3-px cells, queried in O(1) per rectangle through a summed-area table.
struct Occupancy {
    let cell: Double
    let left: Double, top: Double
    let columns: Int, rows: Int
    private var sum: [Int32]          // (rows + 1) × (columns + 1)
    private var ruleSum: [Int32]
    private var markers: [(Double, Double, Double)] = []

    init(_ ctx: Context, includeMarkers: Bool) {
        cell = 3
        left = ctx.plot.left; top = ctx.plot.top
        columns = max(1, Int((ctx.plot.width / cell).rounded(.up)) + 1)
        rows = max(1, Int((ctx.plot.height / cell).rounded(.up)) + 1)
        var grid = [Int32](repeating: 0, count: columns * rows), rules = [Int32](repeating: 0, count: columns * rows)
        let (l, t, c, r) = (left, top, columns, rows)
        let size = cell
        func mark(_ a: Double, _ b: Double, into g: inout [Int32]) {
            let i = Int(((a - l) / size).rounded(.down)), j = Int(((b - t) / size).rounded(.down))
            guard i >= 0, j >= 0, i < c, j < r else { return }
            g[j * c + i] = 1
        }
        func segment(_ p: (Double, Double), _ q: (Double, Double), into g: inout [Int32]) {
            let steps = max(1, Int((max(abs(q.0 - p.0), abs(q.1 - p.1)) / (size * 0.7)).rounded(.up)))
            guard steps < 100_000 else { return }
            for s in 0...steps {
                let f = Double(s) / Double(steps)
                mark(p.0 + (q.0 - p.0) * f, p.1 + (q.1 - p.1) * f, into: &g)
            }
        }
        var markers: [(Double, Double, Double)] = []
        for layer in ctx.chart.layers {
            switch layer {
            case let .line(s):
                for run in ctx.runs(s.points, secondary: s.secondary) {
                    if run.count == 1 { mark(run[0].0, run[0].1, into: &grid) }
                    for (p, q) in zip(run, run.dropFirst()) { segment(p, q, into: &grid) }
                }
            case let .band(b):
                let upper = ctx.runs(zip(b.x, b.upper).map { Point($0, $1) }), lower = ctx.runs(zip(b.x, b.lower).map { Point($0, $1) })
                for run in upper + lower { for (p, q) in zip(run, run.dropFirst()) { segment(p, q, into: &grid) } }
            case let .scatter(s) where includeMarkers:
                for item in s.items {
                    guard let (a, b) = ctx.position(item.point) else { continue }
                    markers.append((a, b, s.radius * ctx.k + 1.5))
                    let rr = s.radius * ctx.k + 1
                    for dx in stride(from: -rr, through: rr, by: size / 2) {
                        for dy in stride(from: -rr, through: rr, by: size / 2) { mark(a + dx, b + dy, into: &grid) }
                    }
                }
            case let .rule(r):
                switch r.orientation {
                case .vertical:
                    let a = ctx.px(r.value)
                    if a.isFinite { segment((a, ctx.plot.top), (a, ctx.plot.top + ctx.plot.height), into: &rules) }
                case .horizontal:
                    let b = ctx.py(r.value)
                    if b.isFinite { segment((ctx.plot.left, b), (ctx.plot.left + ctx.plot.width, b), into: &rules) }
                }
            case let .heatMap(h):
                // A heat map covers its whole extent.
                _ = h
                for j in 0..<r { for i in 0..<c { grid[j * c + i] = 1 } }
            default: break
            }
        }
        self.markers = markers
        sum = Occupancy.integral(grid, columns, rows)
        ruleSum = Occupancy.integral(rules, columns, rows)
    }

    static func integral(_ g: [Int32], _ c: Int, _ r: Int) -> [Int32] {
        var s = [Int32](repeating: 0, count: (r + 1) * (c + 1))
        for j in 0..<r {
            var rowSum: Int32 = 0
            for i in 0..<c {
                rowSum += g[j * c + i]
                s[(j + 1) * (c + 1) + i + 1] = s[j * (c + 1) + i + 1] + rowSum
            }
        }
        return s
    }

    func count(_ s: [Int32], x: Double, y: Double, width: Double, height: Double) -> Int32 {
        let i0 = max(0, Int(((x - left) / cell).rounded(.down))), j0 = max(0, Int(((y - top) / cell).rounded(.down)))
        let i1 = min(columns, Int(((x + width - left) / cell).rounded(.up))), j1 = min(rows, Int(((y + height - top) / cell).rounded(.up)))
        guard i1 > i0, j1 > j0 else { return 0 }
        let c = columns + 1
        return s[j1 * c + i1] - s[j0 * c + i1] - s[j1 * c + i0] + s[j0 * c + i0]
    }

    /// No ink in the rectangle (optionally ignoring rules, or one marker: the labelled point's own).
    func isFree(x: Double, y: Double, width: Double, height: Double, ignoringRules: Bool = false, except own: (Double, Double, Double)? = nil) -> Bool {
        if !ignoringRules, count(ruleSum, x: x, y: y, width: width, height: height) > 0 { return false }
        guard let own else { return count(sum, x: x, y: y, width: width, height: height) == 0 }
        // Cells of the own marker do not count.
        let total = count(sum, x: x, y: y, width: width, height: height)
        guard total > 0 else { return true }
        let ox = max(x, own.0 - own.2), oy = max(y, own.1 - own.2)
        let ow = min(x + width, own.0 + own.2) - ox, oh = min(y + height, own.1 + own.2) - oy
        guard ow > 0, oh > 0 else { return false }
        return total <= count(sum, x: ox, y: oy, width: ow, height: oh)
    }
}
