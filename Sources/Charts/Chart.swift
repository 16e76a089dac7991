import Foundation

/// An SVG chart in the project's house style: axes (linear or log10) with tight limits (5 % of the
/// span beyond the data, as matplotlib's margins) and minor ticks on log axes, an optional right-hand
/// axis, a title and subtitle wrapped to the width, a legend inside the axes where a corner is free
/// of data (else outside), direct labels at line ends when more than five lines are named, and
/// labelled scatter points placed with DejaVu Sans metrics beside their point or, when crowded,
/// further out with a leader line; coincident points are drawn once with a combined label.
/// Everything data-dependent is clipped to the plot area; non-finite points are skipped.
///
/// Text sizes scale with the width (15 px ticks on an 800 px canvas: matplotlib's 10 pt on its
/// 6.4 in default at 100 dpi, in proportion). ``layout()`` gives every text box, for overlap tests.
public struct Chart: Sendable {
    public enum LegendPosition: Sendable { case auto, outsideRight, below, topLeft, topRight, bottomLeft, bottomRight, none }

    public var title: String
    public var subtitle: String?
    public var x: Axis
    public var y: Axis
    /// A right-hand axis for the layers marked `secondary`.
    public var y2: Axis?
    public var layers: [Layer]
    public var legend: LegendPosition
    public var width: Double
    public var height: Double
    /// A note under the plot (wrapped), for what the figure cannot show inside the axes.
    public var footnote: String?
    /// The id of the plot's clip path: unique per figure when several SVGs share one HTML page.
    public var clipID = "plot-area"
    /// Fixed numbers for the labels of numbered scatter series (one number per model across every
    /// figure); labels not in it are numbered after the largest, left to right.
    public var numbering: [String: Int] = [:]
    /// Panels drawn under this one in the same SVG, each on its own y-axis (a residual panel under
    /// the main one). Give each the same x-axis and ``minimumLeft`` so that their x-axes align.
    public var panelsBelow: [Chart] = []
    /// The plot's left edge is at least this far from the canvas edge (pixels), so that stacked
    /// panels whose y tick labels differ in width share one x position scale.
    public var minimumLeft: Double = 0

    public init(title: String, subtitle: String? = nil, x: Axis, y: Axis, y2: Axis? = nil, layers: [Layer] = [],
                legend: LegendPosition = .auto, width: Double = 800, height: Double = 540, footnote: String? = nil) {
        self.title = title
        self.subtitle = subtitle
        self.x = x
        self.y = y
        self.y2 = y2
        self.layers = layers
        self.legend = legend
        self.width = width
        self.height = height
        self.footnote = footnote
    }

    public func svg() -> String {
        guard !panelsBelow.isEmpty else { return rendering().svg }
        // One SVG: this panel and each panel below it as nested <svg> elements, stacked.
        var out: [String] = [], y = 0.0
        for (i, panel) in ([self] + panelsBelow).enumerated() {
            var p = panel
            p.panelsBelow = []
            if i > 0 { p.clipID = clipID + "-panel-\(i)" }
            let inner = p.rendering().svg.replacingOccurrences(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" ", with: "<svg x=\"0\" y=\"\(SVG.n(y))\" ",
                                                                options: .anchored)
            out.append(inner)
            y += p.height
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(y))\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(y))\" font-family=\"\(Palette.font)\">"
            + "<title>\(SVG.escape(RichText(title).plain))</title>" + out.joined() + "</svg>"
    }

    /// Every text box the SVG draws (for tests: no overlaps, nothing outside the canvas).
    public func layout() -> ChartLayout {
        guard !panelsBelow.isEmpty else { return rendering().layout }
        var boxes: [ChartLayout.Box] = [], y = 0.0
        for panel in [self] + panelsBelow {
            var p = panel
            p.panelsBelow = []
            boxes += p.rendering().layout.boxes.map { var b = $0; b.y += y; return b }
            y += p.height
        }
        return ChartLayout(boxes: boxes, width: width, height: y)
    }

    /// Labels that find no free spot in the plot are listed under it: later passes make room for
    /// the list (which can grow as the plot shrinks) until it fits.
    func rendering() -> Rendering {
        var reserved: String?
        var result = ChartRenderer(chart: self, reservedNote: nil).render()
        for _ in 0..<4 {
            guard let note = result.unplaced, reserved.map({ noteLines(note) > noteLines($0) }) ?? true else { return result }
            reserved = [reserved, note].compactMap { $0 }.max { noteLines($0) < noteLines($1) }
            result = ChartRenderer(chart: self, reservedNote: reserved).render()
            if result.unplaced == nil || noteLines(result.unplaced!) <= noteLines(reserved!) { return result }
        }
        return result
    }

    /// The lines a note under the plot wraps to (the renderer's width and size for notes).
    func noteLines(_ note: String) -> Int {
        let k = width / 800
        return RichText.wrap(note, width: width - 2 * 12 * k, size: 14.5 * k).count
    }
}

/// The text boxes of a rendered chart, in pixels.
public struct ChartLayout: Sendable {
    public struct Box: Sendable, Equatable {
        public var x: Double, y: Double, width: Double, height: Double
        public var text: String
        public func intersects(_ o: Box, tolerance: Double = 0.5) -> Bool {
            x + width > o.x + tolerance && o.x + o.width > x + tolerance && y + height > o.y + tolerance && o.y + o.height > y + tolerance
        }
    }

    public var boxes: [Box]
    public var width: Double
    public var height: Double

    /// Pairs of text boxes that overlap.
    public var overlaps: [(Box, Box)] {
        var out: [(Box, Box)] = []
        for i in boxes.indices {
            for j in boxes.indices where j > i && boxes[i].intersects(boxes[j]) { out.append((boxes[i], boxes[j])) }
        }
        return out
    }

    /// Boxes that reach outside the canvas (a cut label).
    public var outside: [Box] {
        boxes.filter { $0.x < -0.5 || $0.y < -0.5 || $0.x + $0.width > width + 0.5 || $0.y + $0.height > height + 0.5 }
    }
}

/// The output of one rendering.
struct Rendering {
    var svg: String
    var layout: ChartLayout
    /// The note listing labels that found no spot, when there were any.
    var unplaced: String?
}
