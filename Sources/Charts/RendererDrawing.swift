import Foundation

/// Drawing: the SVG document, series, bands, markers and rules.
extension Context {
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
