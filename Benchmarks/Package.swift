// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so `swift test` never builds them.
let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "ETOSCompiler", path: ".."),
    ],
    targets: [
        // Validates a DIDS v2.0 CSV with the generated DIDS module (the compiled path).
        .executableTarget(
            name: "dids-validate",
            dependencies: [.product(name: "DIDS", package: "ETOSCompiler")]
        ),
    ]
)
