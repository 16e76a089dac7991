import Foundation

/// Where the plot holds data ink: lines, rules, markers and band edges rasterised onto a grid of
/// 3-px cells, queried in O(1) per rectangle through a summed-area table.
struct Occupancy {
    let cell: Double
    let left: Double, top: Double
    let columns: Int, rows: Int
    private var sum: [Int32]          // (rows + 1) × (columns + 1)
    private var ruleSum: [Int32]
    private var sumWithoutBands: [Int32]
    private var markers: [(Double, Double, Double)] = []

    init(_ ctx: Context, includeMarkers: Bool) {
        cell = 3
        left = ctx.plot.left; top = ctx.plot.top
        columns = max(1, Int((ctx.plot.width / cell).rounded(.up)) + 1)
        rows = max(1, Int((ctx.plot.height / cell).rounded(.up)) + 1)
        var grid = [Int32](repeating: 0, count: columns * rows), rules = grid, bands = grid
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
                for run in upper + lower { for (p, q) in zip(run, run.dropFirst()) { segment(p, q, into: &bands) } }
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
        sumWithoutBands = Occupancy.integral(grid, columns, rows)
        sum = Occupancy.integral(zip(grid, bands).map { max($0, $1) }, columns, rows)
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

    /// No ink in the rectangle (optionally ignoring rules, or band edges, or one marker: the
    /// labelled point's own).
    func isFree(x: Double, y: Double, width: Double, height: Double, ignoringRules: Bool = false, ignoringBands: Bool = false,
                except own: (Double, Double, Double)? = nil) -> Bool {
        if !ignoringRules, count(ruleSum, x: x, y: y, width: width, height: height) > 0 { return false }
        let ink = ignoringBands ? sumWithoutBands : sum
        guard let own else { return count(ink, x: x, y: y, width: width, height: height) == 0 }
        // Cells of the own marker do not count.
        let total = count(ink, x: x, y: y, width: width, height: height)
        guard total > 0 else { return true }
        let ox = max(x, own.0 - own.2), oy = max(y, own.1 - own.2)
        let ow = min(x + width, own.0 + own.2) - ox, oh = min(y + height, own.1 + own.2) - oy
        guard ow > 0, oh > 0 else { return false }
        return total <= count(ink, x: ox, y: oy, width: ow, height: oh)
    }
}
