import Foundation

/// Axes: resolving limits and ticks, the grid, spines, ticks and axis titles.
extension Context {
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
}
