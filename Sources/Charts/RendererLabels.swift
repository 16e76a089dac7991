import Foundation

/// Labels: text with measured boxes, rule labels, the legend, line-end labels and point labels.
extension Context {
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


    /// What a rule label must stay clear of, in the order the spots are tried.
    enum LabelClearance { case allInk, linesAndMarkers, textOnly }

    /// Rule labels: near the top of a vertical rule (right of it, or left when no room), along a
    /// horizontal one from its right end leftwards (above or below it); placed where no text is
    /// yet, at the first candidate spot of the strictest ``LabelClearance`` that has one.
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
            // First a spot clear of all ink; failing that, one that crosses no line or marker (only
            // the edges of shaded bands); failing that, one clear of text only. Both fallbacks are
            // drawn over a white halo so that what they cross does not strike them through.
            for clearance in [LabelClearance.allInk, .linesAndMarkers, .textOnly] {
                var placed = false
                for (a, b, anchor) in candidates {
                    let x0 = anchor == "end" ? a - w : a
                    let box = ChartLayout.Box(x: x0, y: b - size * 0.8, width: w, height: size * 1.05, text: label)
                    guard box.x >= plot.left, box.x + box.width <= plot.left + plot.width, box.y >= plot.top, box.y + box.height <= plot.top + plot.height,
                          !boxes.contains(where: { $0.intersects(box) }),
                          clearance == .textOnly || occupancy.isFree(x: box.x, y: box.y, width: box.width, height: box.height, ignoringRules: true,
                                                                    ignoringBands: clearance == .linesAndMarkers)
                    else { continue }
                    out.append(text(t, x: a, y: b, size: size, anchor: anchor, color: r.color, halo: clearance != .allInk))
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
        // Numbered labels placed so far: two numbers side by side read as one ("2 57"), so a
        // numbered label keeps most of an em from every other one on its line.
        var numberBoxes: [ChartLayout.Box] = []
        let numberGap = 0.8 * size
        for g in groups {
            let names = g.numbered ? g.names.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) } : g.names
            let lines = RichText.wrap(names.joined(separator: g.numbered ? "," : ", "), width: max(plot.width / 3, 120 * k), size: size).map { RichText(plain: $0) }
            let w = lines.map { $0.width(size: size) }.max()!, h = Double(lines.count) * lineHeight
            func fits(_ bx: Double, _ by: Double) -> Bool {
                let box = ChartLayout.Box(x: bx - 1, y: by - 1, width: w + 2, height: h + 2, text: "")
                guard box.x >= plot.left + 1, box.x + box.width <= plot.left + plot.width - 1,
                      box.y >= plot.top + 1, box.y + box.height <= plot.top + plot.height - 1 else { return false }
                guard !boxes.contains(where: { $0.intersects(box) }) else { return false }
                if g.numbered {
                    let spaced = ChartLayout.Box(x: box.x - numberGap, y: box.y, width: box.width + 2 * numberGap, height: box.height, text: "")
                    guard !numberBoxes.contains(where: { $0.intersects(spaced) }) else { return false }
                }
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
            if g.numbered { numberBoxes.append(ChartLayout.Box(x: bx, y: by, width: w, height: h, text: "")) }
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
}
