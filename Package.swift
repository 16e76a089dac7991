// swift-tools-version: 6.0
// ctxlimits — the theory of long-context language models, with numbers.
// Dependency direction (never the other way): Numerics ← Rotary ← Models, Rotary ← Bounds,
// Rotary ← Locality, Numerics ← StateCapacity, all ← ContextLimits ← CtxlimitsCLI ← ctxlimits.
// Charts depends on nothing but Foundation.
import PackageDescription

let package = Package(
    name: "ctxlimits",
    products: [
        .executable(name: "ctxlimits", targets: ["ctxlimits"]),
    ],
    targets: [
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
        .target(name: "Numerics", dependencies: ["CGSL", "CFFTW"]),
        .target(name: "Rotary", dependencies: ["Numerics"]),
        .testTarget(name: "RotaryTests", dependencies: ["Rotary", "TestSupport"], resources: [.copy("Fixtures")]),
        .target(name: "Models", dependencies: ["Rotary"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Numerics", "TestSupport"], resources: [.copy("Fixtures")]),
        .target(name: "Charts"),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        .target(name: "CtxlimitsCLI", dependencies: ["Numerics", "Charts"]),
        .executableTarget(name: "ctxlimits", dependencies: ["CtxlimitsCLI"]),
        .testTarget(name: "CtxlimitsCLITests", dependencies: ["CtxlimitsCLI"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "NumericsTests", dependencies: ["Numerics", "TestSupport"], resources: [.copy("Fixtures")]),
    ]
)
