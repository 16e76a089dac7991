/// A data point. Points with a non-finite coordinate (or a non-positive one on a log axis)
/// are never drawn: lines break there and scatter points are left out.
public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// The shape of a marker: verdicts and series are told by shape as well as colour, so that a
/// reader with a colour-vision deficiency (or a greyscale print) can tell them apart.
public enum MarkerShape: String, Sendable, CaseIterable {
    case circle, square, triangle, diamond, triangleDown, cross
}

/// A polyline through points in the given order.
public struct LineSeries: Sendable {
    public var name: String?
    public var points: [Point]
    public var color: String?
    public var dashed: Bool
    public var width: Double
    /// Markers at the points, for sparse samples.
    public var marker: MarkerShape?
    /// Drawn against the secondary (right) y-axis.
    public var secondary: Bool

    public init(_ name: String?, _ points: [Point], color: String? = nil, dashed: Bool = false, width: Double = 2,
                marker: MarkerShape? = nil, secondary: Bool = false) {
        self.name = name
        self.points = points
        self.color = color
        self.dashed = dashed
        self.width = width
        self.marker = marker
        self.secondary = secondary
    }
}

/// A shaded region between two curves sampled at the same x values.
public struct Band: Sendable {
    public var name: String?
    public var x: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public var color: String?
    public var opacity: Double

    public init(_ name: String?, x: [Double], lower: [Double], upper: [Double], color: String? = nil, opacity: Double = 0.25) {
        precondition(x.count == lower.count && x.count == upper.count, "band arrays differ in length")
        self.name = name
        self.x = x
        self.lower = lower
        self.upper = upper
        self.color = color
        self.opacity = opacity
    }
}

/// Markers, each with an optional text label placed beside it (labels are plain text, not markup:
/// they are names from data). Points that fall on the same spot are drawn once, with one label
/// naming them all.
public struct ScatterSeries: Sendable {
    public struct Item: Sendable {
        public var point: Point
        public var label: String?
        public init(_ point: Point, label: String? = nil) {
            self.point = point
            self.label = label
        }
    }

    public var name: String?
    public var items: [Item]
    public var color: String?
    public var radius: Double
    public var shape: MarkerShape
    /// An outline only (for a series drawn over another one).
    public var hollow: Bool
    /// Label points with numbers, keyed under the figure (for many points: a number fits where a
    /// name does not).
    public var numbered: Bool

    public init(_ name: String?, _ items: [Item], color: String? = nil, radius: Double = 4, shape: MarkerShape = .circle, hollow: Bool = false,
                numbered: Bool = false) {
        self.name = name
        self.items = items
        self.color = color
        self.radius = radius
        self.shape = shape
        self.hollow = hollow
        self.numbered = numbered
    }
}

/// A grid of values drawn as coloured cells, with a colour bar. `x` and `y` are the cell
/// centres; `values[j][i]` belongs to (x[i], y[j]).
public struct HeatMap: Sendable {
    public var x: [Double]
    public var y: [Double]
    public var values: [[Double]]
    public var colorBarTitle: String
    public var valueScale: Scale
    /// The value range mapped onto the colour map; the finite data range when nil.
    public var valueRange: ClosedRange<Double>?

    public init(x: [Double], y: [Double], values: [[Double]], colorBarTitle: String,
                valueScale: Scale = .linear, valueRange: ClosedRange<Double>? = nil) {
        precondition(values.count == y.count && values.allSatisfy { $0.count == x.count }, "heat map shape mismatch")
        self.x = x
        self.y = y
        self.values = values
        self.colorBarTitle = colorBarTitle
        self.valueScale = valueScale
        self.valueRange = valueRange
    }
}

/// A straight reference line across the plot, with a label.
public struct Rule: Sendable {
    public enum Orientation: Sendable { case vertical, horizontal }
    public var orientation: Orientation
    public var value: Double
    public var label: String?
    public var color: String

    public init(_ orientation: Orientation, at value: Double, label: String? = nil, color: String = "#555555") {
        self.orientation = orientation
        self.value = value
        self.label = label
        self.color = color
    }
}

/// What a chart draws, bottom to top in the order given.
public enum Layer: Sendable {
    case heatMap(HeatMap)
    case band(Band)
    case line(LineSeries)
    case scatter(ScatterSeries)
    case rule(Rule)
}
