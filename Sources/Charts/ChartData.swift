extension Chart {
    /// Every plotted series in long form, so that a reader can redraw the figure: one row per
    /// point of a line or scatter series, per sample of a band (y = lower, y_upper = upper edge),
    /// per reference rule (x for a vertical one, y for a horizontal one) and per heat-map cell.
    /// Labels are plain text (markup removed).
    public func seriesTable() -> DataTable {
        var t = DataTable(columns: ["series", "kind", "x", "y", "y_upper", "value", "label"])
        func name(_ n: String?, _ i: Int) -> Cell { .text(n.map { RichText($0).plain } ?? "series \(i + 1)") }
        for (i, layer) in layers.enumerated() {
            switch layer {
            case let .line(s):
                for p in s.points { t.append([name(s.name, i), .text(s.secondary ? "line (right axis)" : "line"), .number(p.x), .number(p.y), .empty, .empty, .empty]) }
            case let .band(b):
                for j in b.x.indices { t.append([name(b.name, i), .text("band"), .number(b.x[j]), .number(b.lower[j]), .number(b.upper[j]), .empty, .empty]) }
            case let .scatter(s):
                for item in s.items {
                    t.append([name(s.name, i), .text("point"), .number(item.point.x), .number(item.point.y), .empty, .empty, item.label.map(Cell.text) ?? .empty])
                }
            case let .rule(r):
                let label = r.label.map { Cell.text(RichText($0).plain) } ?? .empty
                switch r.orientation {
                case .vertical: t.append([name(nil, i), .text("vertical rule"), .number(r.value), .empty, .empty, .empty, label])
                case .horizontal: t.append([name(nil, i), .text("horizontal rule"), .empty, .number(r.value), .empty, .empty, label])
                }
            case let .heatMap(h):
                for (j, yv) in h.y.enumerated() {
                    for (k, xv) in h.x.enumerated() { t.append([.text(RichText(h.colorBarTitle).plain), .text("cell"), .number(xv), .number(yv), .empty, .number(h.values[j][k]), .empty]) }
                }
            }
        }
        for panel in panelsBelow { for row in panel.seriesTable().rows { t.append(row) } }
        return t
    }
}
