/// Colours and type shared by every figure.
public enum Palette {
    /// Okabe & Ito's colour-blind-safe qualitative palette (black moved last), then a brown and
    /// Tol's wine and grey, so that up to ten series never repeat a colour (review M1).
    public static let series = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D31", "#000000", "#882255", "#888888"]
    public static func color(_ index: Int) -> String { series[((index % series.count) + series.count) % series.count] }

    /// One colour per floating-point format, the same in every figure (review G12).
    public static func formatColor(_ name: String) -> String {
        switch name {
        case "fp64": return "#0072B2"
        case "fp32": return "#D55E00"
        case "tf32", "fp16": return "#009E73"
        case "bf16": return "#CC79A7"
        case "fp8-e4m3", "fp8-e5m2": return "#E69F00"
        default: return "#555555"
        }
    }

    /// Verdicts: a bound holds (bluish green, drawn as circles) or fails (vermillion, triangles).
    public static let verdictGood = "#009E73"
    public static let verdictBad = "#D55E00"

    public static let font = "DejaVu Sans, Helvetica, Arial, sans-serif"
    public static let text = "#222222"
    public static let grid = "#E3E3E3"
    public static let frame = "#555555"

    /// Viridis, sampled at 11 points (matplotlib's `_viridis_data` at 0, 0.1, …, 1) and
    /// interpolated linearly in sRGB: perceptually ordered and readable in greyscale.
    private static let viridis: [(Double, Double, Double)] = [
        (0.267004, 0.004874, 0.329415), (0.282623, 0.140926, 0.457517), (0.253935, 0.265254, 0.529983),
        (0.206756, 0.371758, 0.553117), (0.163625, 0.471133, 0.558148), (0.127568, 0.566949, 0.550556),
        (0.134692, 0.658636, 0.517649), (0.266941, 0.748751, 0.440573), (0.477504, 0.821444, 0.318195),
        (0.741388, 0.873449, 0.149561), (0.993248, 0.906157, 0.143936),
    ]

    /// The colour map value at t ∈ [0, 1] (clamped), as `#rrggbb`.
    public static func colormap(_ t: Double) -> String {
        let x = t.isNaN ? 0 : min(max(t, 0), 1) * Double(viridis.count - 1)
        let i = min(Int(x), viridis.count - 2)
        let f = x - Double(i)
        let (a, b) = (viridis[i], viridis[i + 1])
        func channel(_ u: Double, _ v: Double) -> Int { Int(((u + (v - u) * f) * 255).rounded()) }
        return hex(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }

    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let digits = Array("0123456789abcdef")
        return "#" + [r, g, b].map { String([digits[$0 / 16], digits[$0 % 16]]) }.joined()
    }
}
