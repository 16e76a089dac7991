import Testing
@testable import Charts

@Suite("Axis ticks and labels")
struct AxisTests {
    @Test func linearTicksAreNice() {
        let ticks = Ticks.linear(0, 1)
        #expect(ticks.map(\.value) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(ticks.map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(Ticks.linear(-3, 7).map(\.label) == ["−2", "0", "2", "4", "6"])
        #expect(Ticks.linear(0, 4e6).map(\.label) == ["0", "1\u{202F}000\u{202F}000", "2\u{202F}000\u{202F}000", "3\u{202F}000\u{202F}000", "4\u{202F}000\u{202F}000"])
        #expect(Ticks.linear(0, 4e7).map(\.label) == ["0", "1×10⁷", "2×10⁷", "3×10⁷", "4×10⁷"])
        #expect(Ticks.linear(0, 5000).map(\.label) == ["0", "1000", "2000", "3000", "4000", "5000"])
    }

    @Test func log2TicksArePowersOfTwo() {
        #expect(Ticks.log2(1024, 1_048_576).map(\.label) == ["2¹⁰", "2¹²", "2¹⁴", "2¹⁶", "2¹⁸", "2²⁰"])
        #expect(Ticks.log2(700, 5000).map(\.value) == [1024, 2048, 4096])
        #expect(Scale.log2.transform(4096) == 12 && Scale.log2.inverse(12) == 4096 && Scale.log2.transform(0).isNaN)
    }

    @Test func logTicksAreDecadesWithSuperscripts() {
        #expect(Ticks.log10(100, 1e5).map(\.label) == ["10²", "10³", "10⁴", "10⁵"])
        #expect(Ticks.log10(1e-3, 1).map(\.label) == ["10⁻³", "10⁻²", "10⁻¹", "10⁰"])
        // Wide spans thin out to every k-th decade.
        #expect(Ticks.log10(1, 1e20).map(\.label) == ["10⁰", "10³", "10⁶", "10⁹", "10¹²", "10¹⁵", "10¹⁸"])
        // Less than a decade and a half: 1-2-5 subdivisions.
        #expect(Ticks.log10(1.5, 12).map(\.label) == ["2", "5", "10"].map { $0 == "10" ? "10¹" : $0 + "×10⁰" })
    }

    @Test func degenerateRangesGiveNoTicks() {
        #expect(Ticks.linear(1, 1).isEmpty)
        #expect(Ticks.linear(.nan, 1).isEmpty)
        #expect(Ticks.log10(-1, 10).isEmpty)
    }
}
