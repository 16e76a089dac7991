import Foundation

/// The heat map: cells and colour bar.
extension Context {
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
