// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ETOSCompiler",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "etosc", targets: ["etosc"]),
        .library(name: "DIDS", targets: ["DIDS"]),
        .library(name: "ETOSRuntime", targets: ["ETOSRuntime"]),
        .library(name: "ETOSCompilerCore", targets: ["ETOSSpreadsheet", "ETOSFrontend", "ETOSModel", "ETOSCodegen"]),
        .plugin(name: "ETOSBuildPlugin", targets: ["ETOSBuildPlugin"]),
        .plugin(name: "ETOSGenerateCommand", targets: ["ETOSGenerateCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `swift package generate-documentation --target DIDS` (and ETOSRuntime); used by no target.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // C shim over Debian's libxml2 (no logic here).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // C shim over zlib, for reading .xlsx archives as streams (no logic here).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // What the spec model and the runtime both speak of: finding levels, value kinds,
        // comparisons and calendar units (no logic beyond naming them).
        .target(name: "ETOSVocabulary"),
        // The typed spec, diagnostics and JSON IR.
        .target(name: "ETOSModel", dependencies: ["ETOSVocabulary"]),
        // SpreadsheetML 2003 → Workbook of located cells.
        .target(name: "ETOSSpreadsheet", dependencies: ["CLibXML2", "CZlib", "ETOSModel"]),
        // Workbook → spec model + diagnostics.
        .target(name: "ETOSFrontend", dependencies: ["ETOSSpreadsheet", "ETOSModel"]),
        // Two spec models → the change specification between them (pure).
        .target(name: "ETOSDiff", dependencies: ["ETOSModel"]),
        // Spec model → generated files: Swift, Markdown, exports, change specifications (pure).
        .target(name: "ETOSCodegen", dependencies: ["ETOSModel", "ETOSDiff"]),
        // One inline C function: the processor's prefetch hint (no logic here).
        .target(name: "CPrefetch"),
        // One C function: a CSV record's end found 64 bytes a step with SIMD compares (no logic beyond it).
        .target(name: "CRecordScan"),
        // What generated code calls at run time.
        .target(name: "ETOSRuntime", dependencies: ["CPrefetch", "CRecordScan", "ETOSVocabulary"]),
        // Evaluates rules from the model with the runtime's checks (tests, cross-checks).
        .target(name: "ETOSInterpreter", dependencies: ["ETOSModel", "ETOSRuntime"]),
        // A validation run as documents people read: a self-contained HTML page, an xlsx workbook.
        .target(name: "ETOSReports", dependencies: ["ETOSModel", "ETOSRuntime", "CZlib"]),
        // Writes sample submissions and conformance packs for a spec.
        .target(name: "ETOSSampling", dependencies: ["ETOSModel", "ETOSRuntime", "ETOSInterpreter"]),
        // The command-line commands but `validate`, shared by etosc and etos-codegen.
        .target(
            name: "ETOSCommandLine",
            dependencies: [
                "ETOSSpreadsheet", "ETOSFrontend", "ETOSModel", "ETOSCodegen", "ETOSDiff", "ETOSInterpreter", "ETOSRuntime", "ETOSSampling",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The generator the plugins run: etosc's code-generating commands, linking no generated module.
        .executableTarget(
            name: "etos-codegen",
            dependencies: ["ETOSCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The command-line compiler; `validate` runs the bundled specs' generated modules.
        .executableTarget(
            name: "etosc",
            dependencies: [
                "ETOSCommandLine", "ETOSModel", "ETOSInterpreter", "ETOSReports", "ETOSRuntime", "DIDS", "DIDSV1", "IPEDS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The DIDS v2.0 module, generated at build time from Spec/DIDS-v2.0-ETOS.xml.
        .target(
            name: "DIDS",
            dependencies: ["ETOSRuntime"],
            plugins: ["ETOSBuildPlugin"]
        ),
        // The DIDS v1.0 module, generated the same way; linked by etosc, used by the tests.
        .target(
            name: "DIDSV1",
            dependencies: ["ETOSRuntime"],
            plugins: ["ETOSBuildPlugin"]
        ),
        // The relational example's module (Spec/IPEDS-v1.0-ETOS.xml), generated the same way;
        // linked by etosc, used by the tests.
        .target(
            name: "IPEDS",
            dependencies: ["ETOSRuntime"],
            plugins: ["ETOSBuildPlugin"]
        ),
        .plugin(
            name: "ETOSBuildPlugin",
            capability: .buildTool(),
            dependencies: ["etos-codegen"]
        ),
        .plugin(
            name: "ETOSGenerateCommand",
            capability: .command(
                intent: .custom(verb: "etos-generate", description: "Regenerate Generated/ from the ETOS files in Spec/"),
                permissions: [.writeToPackageDirectory(reason: "Writes the generated Swift snapshot and Markdown docs into Generated/")]
            ),
            dependencies: ["etos-codegen"]
        ),
        .testTarget(name: "ETOSSpreadsheetTests", dependencies: ["ETOSSpreadsheet"], exclude: ["Fixtures"]),
        .testTarget(name: "ETOSFrontendTests", dependencies: ["ETOSFrontend", "ETOSSpreadsheet", "ETOSModel", "ETOSInterpreter", "ETOSRuntime", "ETOSSampling"]),
        .testTarget(name: "ETOSCodegenTests", dependencies: ["ETOSCodegen", "ETOSFrontend", "ETOSSpreadsheet", "ETOSModel"], exclude: ["Golden"]),
        .testTarget(name: "ETOSRuntimeTests", dependencies: ["ETOSRuntime"]),
        .testTarget(name: "ETOSDiffTests", dependencies: ["ETOSDiff", "ETOSModel"]),
        .testTarget(name: "ETOSReportsTests", dependencies: ["ETOSReports", "ETOSFrontend", "ETOSSpreadsheet", "ETOSModel", "ETOSRuntime"]),
        .testTarget(name: "DIDSTests", dependencies: ["DIDS", "ETOSRuntime", "ETOSFrontend", "ETOSInterpreter", "ETOSSampling", "ETOSModel"]),
        .testTarget(name: "DIDSV1Tests", dependencies: ["DIDSV1"]),
        .testTarget(name: "IPEDSTests", dependencies: ["IPEDS", "ETOSRuntime", "ETOSFrontend", "ETOSInterpreter", "ETOSSampling", "ETOSModel"]),
        .testTarget(name: "EtoscTests", dependencies: ["etosc"]),
    ]
)
