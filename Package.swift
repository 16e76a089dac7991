// swift-tools-version: 6.0
// ctxlimits — the theory of long-context language models, with numbers.
//
// Dependency direction (never the other way): Numerics ← Rotary ← Models, Rotary ← Bounds,
// Rotary ← Locality, Numerics ← StateCapacity, all of them ← ContextLimits ← CtxlimitsCLI ← ctxlimits.
// Charts depends on nothing but Foundation. CGSL and CFFTW are imported by Numerics only.
import PackageDescription

let package = Package(
    name: "ctxlimits",
    products: [
        .executable(name: "ctxlimits", targets: ["ctxlimits"]),
        .library(name: "ContextLimits", targets: ["ContextLimits"]),
    ],
    targets: [
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),

        .target(name: "Numerics", dependencies: ["CGSL", "CFFTW"]),
        .target(name: "Rotary", dependencies: ["Numerics"]),
        .target(name: "Models", dependencies: ["Rotary"]),
        // The kernel loops are the project's hot path: optimise them in debug builds (and tests) too.
        .target(name: "Bounds", dependencies: ["Numerics", "Rotary"], swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "Locality", dependencies: ["Numerics", "Rotary"], swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "StateCapacity", dependencies: ["Numerics"]),
        .target(name: "Charts"),
        .target(name: "ContextLimits", dependencies: ["Numerics", "Rotary", "Models", "Bounds", "Locality", "StateCapacity"]),
        .target(name: "CtxlimitsCLI", dependencies: ["ContextLimits", "Charts"]),
        .executableTarget(name: "ctxlimits", dependencies: ["CtxlimitsCLI"]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "NumericsTests", dependencies: ["Numerics", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RotaryTests", dependencies: ["Rotary", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Numerics", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BoundsTests", dependencies: ["Bounds", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LocalityTests", dependencies: ["Locality", "Numerics", "Rotary", "TestSupport"]),
        .testTarget(name: "StateCapacityTests", dependencies: ["StateCapacity", "Numerics", "TestSupport"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        .testTarget(name: "CtxlimitsCLITests", dependencies: ["CtxlimitsCLI", "Models", "TestSupport"]),
    ]
)
