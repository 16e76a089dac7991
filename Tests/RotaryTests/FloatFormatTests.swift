import Foundation
import Testing
import TestSupport
@testable import Rotary

@Suite("Floating-point formats: exact round-to-nearest-even")
struct FloatFormatTests {
    static let reference = Fixture.load("formats.json", from: .module)

    /// Against PyTorch's own conversions (Fixtures/make_format_reference.py): float32, float16,
    /// bfloat16, float8_e4m3fn, float8_e5m2, on edge cases and 20 000 random values.
    @Test(arguments: ["fp32", "fp16", "bf16", "fp8-e4m3", "fp8-e5m2"])
    func matchesPyTorch(name: String) throws {
        let format = try #require(FloatFormat.named(name))
        let inputs = Self.reference[name == "fp32" ? "inputs" : "inputs32"].array.map(Self.value)
        let expected = Self.reference["rounded"][name].array.map(Self.value)
        #expect(inputs.count > 20_000)
        var mismatches = 0
        for (x, want) in zip(inputs, expected) {
            let got = format.round(x)
            let same = (got.isNaN && want.isNaN) || (got == want && got.sign == want.sign)
            if !same { mismatches += 1; if mismatches < 5 { Issue.record("\(name): round(\(x)) = \(got), PyTorch \(want)") } }
        }
        #expect(mismatches == 0)
    }

    static func value(_ f: Fixture) -> Double {
        if case let .string(s) = f { return s == "nan" ? .nan : (s == "inf" ? .infinity : -.infinity) }
        return f.double
    }

    /// Memory counts whole stored words: tf32 computes with 19 bits but lives in fp32's 32.
    @Test func storageBits() {
        #expect(FloatFormat.all.map(\.storageBits) == [64, 32, 32, 16, 16, 8, 8])
        #expect(FloatFormat.all.map(\.name) == ["fp64", "fp32", "tf32", "fp16", "bf16", "fp8-e4m3", "fp8-e5m2"])
    }

    @Test func tiesGoToEven() {
        // bf16 near 1: spacing 2^-7. 1 + 2^-8 is a tie between 1 (even) and 1 + 2^-7 (odd).
        #expect(FloatFormat.bf16.round(1 + 0x1p-8) == 1)
        #expect(FloatFormat.bf16.round(1 + 3 * 0x1p-8) == 1 + 0x1p-6)
        #expect(FloatFormat.fp16.round(2049) == 2048 && FloatFormat.fp16.round(2051) == 2052)
        #expect(FloatFormat.tf32.round(1 + 0x1p-11) == 1 && FloatFormat.tf32.round(1 + 3 * 0x1p-11) == 1 + 0x1p-9)
        // bf16's integers end at 256: 257 is a tie that rounds to 256, 259 to 260.
        #expect(FloatFormat.bf16.round(257) == 256 && FloatFormat.bf16.round(259) == 260)
    }

    @Test func subnormalsOverflowAndInfinities() {
        #expect(FloatFormat.fp16.round(0x1p-24) == 0x1p-24)               // smallest subnormal
        #expect(FloatFormat.fp16.round(0x1p-25) == 0)                     // tie → even (0)
        #expect(FloatFormat.fp16.round(0x1.8p-25) == 0x1p-24)
        #expect(FloatFormat.fp16.round(65519) == 65504 && FloatFormat.fp16.round(65520) == .infinity)
        #expect(FloatFormat.fp8E5M2.round(61439) == 57344 && FloatFormat.fp8E5M2.round(61440) == .infinity)
        #expect(FloatFormat.fp8E4M3.round(1e6) == 448 && FloatFormat.fp8E4M3.round(-.infinity) == -448)
        #expect(!FloatFormat.fp8E4M3.hasInfinity && FloatFormat.fp8E4M3.round(.nan).isNaN)
        #expect(FloatFormat.fp8E4M3.minSubnormal == 0x1p-9 && FloatFormat.fp8E5M2.minSubnormal == 0x1p-16)
        #expect(FloatFormat.bf16.round(-0.0).sign == .minus)
        #expect(FloatFormat.tf32.maxFinite == Double(Float.greatestFiniteMagnitude) - (0x1p127 * (0x1p-10 - 0x1p-23)))
    }

    @Test func constants() {
        #expect(FloatFormat.fp32.machineEpsilon == Double(Float.ulpOfOne))
        #expect(1 / FloatFormat.fp32.machineEpsilon == 8_388_608)
        #expect(1 / FloatFormat.bf16.machineEpsilon == 128 && 1 / FloatFormat.fp16.machineEpsilon == 1024)
        #expect(1 / FloatFormat.fp8E4M3.machineEpsilon == 8 && 1 / FloatFormat.fp8E5M2.machineEpsilon == 4)
        #expect(FloatFormat.fp64.unitRoundoff == 0x1p-53)
        #expect(FloatFormat.named("bfloat16") == .bf16 && FloatFormat.named("nope") == nil)
        #expect(FloatFormat.bf16.ulp(300) == 2 && FloatFormat.fp32.ulp(1) == 0x1p-23)
    }
}
