// swift-tools-version: 6.0
// ctxlimits — the theory of long-context language models, with numbers.
//
// Dependency direction (never the other way): Rotary ← Models, {NumericalCore, Rotary} ← Bounds,
// {NumericalCore, Rotary} ← Locality, NumericalCore ← StateCapacity, all of them ← ContextLimits ←
// CtxlimitsCLI ← ctxlimits. Rotary and NumericalCore are independent roots; Charts depends on nothing
// but Foundation. CGSL and CFFTW are imported by NumericalCore only.
import Foundation
import PackageDescription

// The numerical targets are compiled for the instruction set of the machine that builds them
// (AVX2/AVX-512 and hardware fused multiply-add on current x86-64), so that their SIMD types use the
// full vector width and `addingProduct` is one instruction instead of a libm call. Floating-point
// results do not depend on it: Swift never contracts a·b + c into an FMA, and every explicit FMA is
// correctly rounded either way. CTXLIMITS_PORTABLE=1 builds for baseline x86-64 instead (a binary
// to copy to other machines).
#if arch(x86_64)
let nativeISA: [SwiftSetting] = ProcessInfo.processInfo.environment["CTXLIMITS_PORTABLE"] == "1" ? []
    : [.unsafeFlags(["-target-cpu", "native"]), .define("CTXLIMITS_NATIVE_ISA")]
#else
let nativeISA: [SwiftSetting] = []
#endif

let package = Package(
    name: "ctxlimits",
    products: [
        .executable(name: "ctxlimits", targets: ["ctxlimits"]),
        .library(name: "ContextLimits", targets: ["ContextLimits"]),
    ],
    targets: [
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),

        .target(name: "NumericalCore", dependencies: ["CGSL", "CFFTW"], swiftSettings: [.unsafeFlags(["-O"])] + nativeISA),
        .target(name: "Rotary", swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "Models", dependencies: ["Rotary"]),
        // The kernel loops, random streams and pair counting are the project's hot path, and the
        // kernel's threshold walk builds a spectrum per base: optimise them in debug builds (and tests) too.
        .target(name: "Bounds", dependencies: ["NumericalCore", "Rotary"], swiftSettings: [.unsafeFlags(["-O"])] + nativeISA),
        .target(name: "Locality", dependencies: ["NumericalCore", "Rotary"], swiftSettings: [.unsafeFlags(["-O"])] + nativeISA),
        .target(name: "StateCapacity", dependencies: ["NumericalCore"]),
        .target(name: "Charts"),
        .target(name: "ContextLimits", dependencies: ["NumericalCore", "Rotary", "Models", "Bounds", "Locality", "StateCapacity"]),
        .target(name: "CtxlimitsCLI", dependencies: ["ContextLimits", "Charts"]),
        .executableTarget(name: "ctxlimits", dependencies: ["CtxlimitsCLI"]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "NumericalCoreTests", dependencies: ["NumericalCore", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RotaryTests", dependencies: ["Rotary", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "NumericalCore", "Rotary", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BoundsTests", dependencies: ["Bounds", "NumericalCore", "Rotary", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LocalityTests", dependencies: ["Locality", "NumericalCore", "Rotary", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "StateCapacityTests", dependencies: ["StateCapacity", "NumericalCore", "TestSupport"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ContextLimitsTests", dependencies: ["ContextLimits", "Bounds", "TestSupport"]),
        .testTarget(name: "CtxlimitsCLITests", dependencies: ["CtxlimitsCLI", "ContextLimits", "Models", "TestSupport"]),
    ]
)
