import Foundation

/// How data values map onto an axis.
public enum Scale: Sendable, Equatable {
    case linear
    /// Base-10 logarithmic; non-positive values cannot be placed and are skipped.
    case log10
    /// Base-2 logarithmic, ticks at powers of two (2¹⁰, 2¹², …): for data on a power-of-two grid.
    case log2

    func transform(_ v: Double) -> Double {
        switch self {
        case .linear: return v
        case .log10: return v > 0 ? Foundation.log10(v) : .nan
        case .log2: return v > 0 ? Foundation.log2(v) : .nan
        }
    }

    var isLogarithmic: Bool { self != .linear }

    func inverse(_ t: Double) -> Double {
        switch self {
        case .linear: return t
        case .log10: return pow(10, t)
        case .log2: return pow(2, t)
        }
    }
}

/// An axis: title, scale and optionally a fixed range (otherwise the data decide, padded to
/// nice values).
public struct Axis: Sendable {
    public var title: String
    public var scale: Scale
    public var range: ClosedRange<Double>?

    public init(_ title: String, scale: Scale = .linear, range: ClosedRange<Double>? = nil) {
        self.title = title
        self.scale = scale
        self.range = range
    }
}

/// A tick: its data value and its label.
struct Tick: Equatable {
    var value: Double
    var label: String
}

/// Tick placement and labels.
enum Ticks {
    /// "Nice" linear ticks (steps of 1, 2, 2.5 or 5 × 10ᵏ) covering [low, high], about `target` of them
    /// (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
    static func linear(_ low: Double, _ high: Double, target: Int = 6) -> [Tick] {
        guard low.isFinite, high.isFinite, high > low else { return [] }
        let step = niceStep((high - low) / Double(max(target - 1, 1)))
        let first = (low / step).rounded(.up), last = (high / step).rounded(.down)
        guard last >= first, last - first < 1000 else { return [] }
        return stride(from: first, through: last, by: 1).map { k in
            let v = k * step
            return Tick(value: v, label: TickLabel.linear(abs(v) < step * 1e-9 ? 0 : v, step: step))
        }
    }

    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, floor(Foundation.log10(raw)))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// Ticks for a log10 axis over [low, high] (data values, both > 0): every decade when the span
    /// is 1–10 decades, every k-th decade for wider spans, and 1-2-5 subdivisions when the
    /// range spans less than about a decade and a half.
    static func log10(_ low: Double, _ high: Double) -> [Tick] {
        guard low > 0, high > low, low.isFinite, high.isFinite else { return [] }
        let a = Foundation.log10(low), b = Foundation.log10(high)
        let span = b - a
        if span < 1.5 {
            var ticks: [Tick] = []
            for e in Int(floor(a))...Int(ceil(b)) {
                for m in [1.0, 2.0, 5.0] {
                    let v = m * pow(10, Double(e))
                    let t = Foundation.log10(v)
                    if t >= a - 1e-9, t <= b + 1e-9 { ticks.append(Tick(value: v, label: TickLabel.power(mantissa: m, exponent: e))) }
                }
            }
            return ticks.count >= 2 ? ticks : linear(low, high)
        }
        let every = max(1, Int(ceil(span / 8)))
        var ticks: [Tick] = []
        var e = Int(ceil(a - 1e-9))
        while Double(e) <= b + 1e-9 {
            if e % every == 0 { ticks.append(Tick(value: pow(10, Double(e)), label: TickLabel.power(mantissa: 1, exponent: e))) }
            e += 1
        }
        return ticks
    }
}

extension Ticks {
    /// Ticks at powers of two over [low, high] (both > 0): every k-th exponent, so that at most
    /// eight stand, labelled 2ᵏ.
    static func log2(_ low: Double, _ high: Double) -> [Tick] {
        guard low > 0, high > low, low.isFinite, high.isFinite else { return [] }
        let a = Foundation.log2(low), b = Foundation.log2(high)
        let every = max(1, Int(ceil((b - a) / 8)))
        return stride(from: Int(ceil(a - 1e-9)), through: Int(floor(b + 1e-9)), by: 1).filter { $0 % every == 0 }.map {
            Tick(value: pow(2, Double($0)), label: "2" + TickLabel.superscript($0))
        }
    }

    /// Minor ticks of a log axis: m·10ᵏ for m = 2 … 9 inside [low, high], left out where labelled
    /// majors already stand and when the axis spans more than 8 decades (they would blur).
    static func logMinor(_ low: Double, _ high: Double, majors: [Double]) -> [Double] {
        guard low > 0, high > low, low.isFinite, high.isFinite else { return [] }
        let a = Foundation.log10(low), b = Foundation.log10(high)
        guard b - a <= 8 else { return [] }
        var out: [Double] = []
        for e in Int(floor(a))...Int(ceil(b)) {
            for m in 2...9 {
                let v = Double(m) * pow(10, Double(e))
                let t = Foundation.log10(v)
                if t >= a, t <= b, !majors.contains(where: { abs(Foundation.log10($0) - t) < 1e-9 }) { out.append(v) }
            }
        }
        return out
    }
}

/// Tick label text: plain decimals where they are short, m×10ᵏ otherwise, with Unicode
/// superscripts so the labels need no font features.
enum TickLabel {
    static func linear(_ v: Double, step: Double) -> String {
        if v == 0 { return "0" }
        let magnitude = abs(v)
        if magnitude >= 1e7 || magnitude < 1e-3 {
            let e = Int(floor(Foundation.log10(magnitude)))
            let m = v / pow(10, Double(e))
            let digits = max(0, min(6, Int(ceil(-Foundation.log10(step / pow(10, Double(e)))) + 0)))
            return power(mantissa: m, exponent: e, digits: digits, bareUnit: false)
        }
        let decimals = max(0, min(10, Int(ceil(-Foundation.log10(step) - 1e-9))))
        return grouped(fixed(v, decimals: decimals))
    }

    /// Digits of integer parts ≥ 10 000 in groups of three, separated by a narrow no-break space.
    static func grouped(_ s: String) -> String {
        let negative = s.hasPrefix("−")
        let body = negative ? String(s.dropFirst()) : s
        let parts = body.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        guard integer.count > 4 else { return s }
        var groups: [String] = []
        while integer.count > 3 { groups.insert(String(integer.suffix(3)), at: 0); integer.removeLast(3) }
        groups.insert(integer, at: 0)
        return (negative ? "−" : "") + groups.joined(separator: "\u{202F}") + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// m×10ᵉ; with `bareUnit`, a mantissa of ±1 is left out (log axes: "10³").
    static func power(mantissa m: Double, exponent e: Int, digits: Int = 0, bareUnit: Bool = true) -> String {
        let p = "10" + superscript(e)
        if bareUnit, abs(m - 1) < 1e-12 { return p }
        if bareUnit, abs(m + 1) < 1e-12 { return "−" + p }
        return fixed(m, decimals: digits) + "×" + p
    }

    static func fixed(_ v: Double, decimals: Int) -> String {
        let scaled = (v * pow(10, Double(decimals))).rounded()
        var digits = String(Int64(abs(scaled)))
        if decimals > 0 {
            while digits.count <= decimals { digits = "0" + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
            while digits.hasSuffix("0") { digits.removeLast() }
            if digits.hasSuffix(".") { digits.removeLast() }
        }
        return (scaled < 0 ? "−" : "") + digits
    }

    static func superscript(_ n: Int) -> String {
        let map: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵",
                                           "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return String(String(n).map { map[$0]! })
    }
}
