// swift-tools-version: 6.1
import PackageDescription

// An example user of the ETOS compiler: it imports the ready-made DIDS module and applies
// the build plugin to a small spec of its own (Sources/ClinicSpec/Clinic-ETOS.xml).
let package = Package(
    name: "ConsumerApp",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "ETOSCompiler", path: "../.."),
    ],
    targets: [
        .target(
            name: "ClinicSpec",
            dependencies: [.product(name: "ETOSRuntime", package: "ETOSCompiler")],
            plugins: [.plugin(name: "ETOSBuildPlugin", package: "ETOSCompiler")]
        ),
        .executableTarget(
            name: "ConsumerApp",
            dependencies: ["ClinicSpec", .product(name: "DIDS", package: "ETOSCompiler")]
        ),
        // The generated DIDS module's public API exactly as a user writes it.
        .executableTarget(
            name: "Probe",
            dependencies: [.product(name: "DIDS", package: "ETOSCompiler")]
        ),
    ]
)
