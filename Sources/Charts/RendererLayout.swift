import Foundation

/// Layout: where the plot, legend, key and notes go, and data coordinates to pixels.
extension Context {
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
        keyLines = numbers.isEmpty ? [] : RichText.wrap("Key: " + numbers.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map { "\($0.value)\u{00A0}\($0.key.replacingOccurrences(of: " ", with: "\u{00A0}"))" }.joined(separator: "\u{00A0}· "),
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
}
