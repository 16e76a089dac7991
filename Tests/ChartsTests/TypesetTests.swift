import Foundation
import Testing
import TestSupport
@testable import Charts

@Suite("Figure text: markup, widths, numbers")
struct TypesetTests {
    @Test func markupMakesScriptsAndKeepsEscapes() {
        let t = RichText("T_{train} = 2^{16}, b^*, a\\_b")
        #expect(t.plain == "Ttrain = 216, b*, a_b")
        #expect(t.runs.map(\.shift) == [.base, .sub, .base, .sup, .base, .sup, .base])
        #expect(RichText("x_ y").runs.count == 1, "an underscore before a space is literal")
        #expect(RichText(plain: "qwen_2^x").plain == "qwen_2^x")
    }

    /// Names from data are typeset as written: an underscore in a layer type is not a subscript.
    @Test func literalNamesAreNotMathematics() {
        #expect(RichText(RichText.literal("sliding_attention")).plain == "sliding_attention")
        #expect(RichText(RichText.literal("a^b_c")).plain == "a^b_c")
        #expect(RichText("sliding_attention").plain != "sliding_attention")
    }

    @Test func hyphensBeforeDigitsBecomeMinusSigns() {
        #expect(RichText("-1.48 at m = -3, (-0.5), llama-3.1-8b, 10^{-12}").plain == "−1.48 at m = −3, (−0.5), llama-3.1-8b, 10−12")
    }

    /// RichText.width (advance widths of DejaVu Sans, no kerning) against the width headless
    /// Chromium gives the same strings (make_text_widths.py): within 2 %, the size of DejaVu's
    /// kerning on these strings, far below the 1-2 px margins labels keep.
    @Test func widthsMatchABrowsersMeasurement() {
        let fixture = Fixture.load("text_widths.json", from: .module)
        for c in fixture["cases"].array {
            let text = c["text"].string, bold = c["bold"].bool
            let ours = RichText(plain: text).width(size: c["size"].double, bold: bold)
            #expect(isClose(ours, c["width"].double, .approximation(0.02)), "\(text) bold=\(bold): \(ours) vs \(c["width"].double)")
        }
    }

    @Test func scriptsAreNarrowerAndTaller() {
        let plain = RichText(plain: "10-12").width(size: 20), marked = RichText("10^{-12}").width(size: 20)
        #expect(marked < plain && marked > 0.7 * plain)
        #expect(RichText("L_{0}").verticalExtent(size: 10).descent > RichText("L0").verticalExtent(size: 10).descent)
        #expect(RichText("L^{0}").verticalExtent(size: 10).ascent > RichText("L0").verticalExtent(size: 10).ascent)
    }

    @Test func wrappingKeepsLinesWithinTheWidth() {
        let text = "the relative upper bound U(r) = mean_{j}|S_{j}(r)| and the Men et al. kernel K(r), each divided by its value at r = 0"
        let lines = RichText.wrap(text, width: 300, size: 14)
        #expect(lines.count > 1)
        #expect(lines.joined(separator: " ") == text)
        for line in lines { #expect(RichText(line).width(size: 14) <= 300) }
        #expect(RichText.wrap("unbreakable-word-longer-than-the-width", width: 10, size: 14).count == 1)
    }

    /// Spaces beside a script survive librsvg (which drops them at a tspan edge otherwise).
    @Test func textWithScriptsPreservesSpaces() {
        #expect(RichText("10^{-12} of the peak").needsPreservedSpace)
        #expect(!RichText("plain words").needsPreservedSpace)
        let svg = Chart(title: "t", subtitle: "below 10^{-12} of the peak", x: Axis("x"), y: Axis("y"),
                        layers: [.line(LineSeries("a", [Point(0, 0), Point(1, 1)]))]).svg()
        #expect(svg.contains("xml:space=\"preserve\""))
        #expect(svg.contains("> of the peak"))
    }

    /// Plain between 10⁻³ and 10⁵ (digits grouped by a narrow no-break space), else m·10ᵏ.
    @Test(arguments: [
        (1e4, "10\u{202F}000"), (5e5, "5·10⁵"), (1e6, "10⁶"), (1.74e6, "1.74·10⁶"), (0.35, "0.35"), (65536, "65\u{202F}536"),
        (-1.48, "−1.48"), (0, "0"), (1e-4, "10⁻⁴"), (9.9996e5, "10⁶"),
    ])
    func compactNotation(value: Double, expected: String) {
        #expect(Notation.compact(value) == expected)
    }
}
