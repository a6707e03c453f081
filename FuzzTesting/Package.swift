// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets, kept apart so the sanitizer flags never reach the main build.
// Build and run with scripts/fuzz.sh.
let package = Package(
    name: "FuzzTesting",
    dependencies: [
        .package(name: "ETOSCompiler", path: ".."),
    ],
    targets: [
        // libFuzzer's driver entry, shared by the executables.
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzSpreadsheet", dependencies: ["FuzzDriver", .product(name: "ETOSCompilerCore", package: "ETOSCompiler")]),
        .executableTarget(name: "FuzzFormat", dependencies: ["FuzzDriver", .product(name: "ETOSCompilerCore", package: "ETOSCompiler")]),
        .executableTarget(name: "FuzzRuleSentence", dependencies: ["FuzzDriver", .product(name: "ETOSCompilerCore", package: "ETOSCompiler")]),
        .target(name: "FuzzDIDS", dependencies: [.product(name: "ETOSRuntime", package: "ETOSCompiler")]),
        .executableTarget(name: "FuzzSubmission", dependencies: ["FuzzDriver", "FuzzDIDS"]),
        .executableTarget(name: "FuzzPattern", dependencies: ["FuzzDriver", .product(name: "ETOSRuntime", package: "ETOSCompiler")]),
    ]
)
