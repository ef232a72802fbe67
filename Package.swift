// swift-tools-version: 6.1
import PackageDescription

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let collections: Target.Dependency = .product(name: "DequeModule", package: "swift-collections")
let systemPackage: Target.Dependency = .product(name: "SystemPackage", package: "swift-system")
let propertyBased: Target.Dependency = .product(name: "PropertyBased", package: "swift-property-based")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")
let xmlHash: Target.Dependency = .product(name: "SWXMLHash", package: "SWXMLHash")

/// The upcoming-language features every Swift target builds with.
let upcoming: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "augment",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "augment", targets: ["AugmentCLI"]),
        .executable(name: "augment-bench", targets: ["AugmentBench"]),
        .library(name: "Augment", targets: ["Augment"]),
        .library(name: "Codecs", targets: ["Codecs"]),
        .library(name: "ProcessPool", targets: ["ProcessPool"]),
        .library(name: "Labels", targets: ["Labels"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // The data set's YAML (`--data data.yaml`: kpt_shape, flip_idx), as Ultralytics reads it.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Pascal VOC annotations (`--labels voc`): a real XML parser (Foundation's XMLParser underneath).
        .package(url: "https://github.com/drmohundro/SWXMLHash", from: "8.1.1"),
    ],
    targets: [
        // C shim over the system libpng and libjpeg(-turbo), and TurboJPEG's lossless transforms (Debian's
        // libturbojpeg0-dev): every setjmp/longjmp stays in here.
        .target(
            name: "CCodecs",
            cSettings: [.unsafeFlags(["-O2"])],
            linkerSettings: [
                .linkedLibrary("png16"), .linkedLibrary("jpeg"), .linkedLibrary("turbojpeg"), .linkedLibrary("z"),
            ]
        ),
        // Pure Swift: the pixel buffer, geometric transforms, seeded random parameters, pipelines.
        .target(name: "Augment"),
        // Label geometry (boxes, polygons, oriented boxes, keypoints through an Affine) and the YOLO text, Pascal VOC
        // XML and COCO JSON formats; no I/O.
        .target(name: "Labels", dependencies: ["Augment", xmlHash]),
        // The Swift API over CCodecs: decode/encode PNG and JPEG into/from PixelBuffer.
        .target(name: "Codecs", dependencies: ["CCodecs", "Augment"]),
        // Contact sheets: a canvas, a 5x7 font, thumbnails, labels and masks drawn over tiles; no I/O.
        .target(name: "Preview", dependencies: ["Augment", "Labels"]),
        // The concurrent.futures contract over worker processes; knows nothing of images.
        .target(name: "ProcessPool", dependencies: [collections, systemPackage]),
        // The `augment` command.
        .executableTarget(
            name: "AugmentCLI",
            dependencies: ["Codecs", "Augment", "Labels", "Preview", "ProcessPool", argumentParser, collections, yams],
            // The tests' fault hook (AUGMENT_TEST_FAULT) exists in debug builds only, never in a release binary.
            swiftSettings: [.define("AUGMENT_FAULT_INJECTION", .when(configuration: .debug))]
        ),
        // Release-mode benchmark of the transforms (and codecs) on a 1080p buffer: `swift run -c release augment-bench`.
        .executableTarget(name: "AugmentBench", dependencies: ["Augment", "Codecs", "Labels"]),
        // Release-mode codec benchmark: decode + encode a folder with given options (PNG level/filter/strategy sweep).
        .executableTarget(name: "CodecBench", dependencies: ["Codecs", "Augment"]),
        // A worker executable that only the pool tests spawn (echo, sleep, crash, hang).
        .executableTarget(name: "PoolTestWorker", dependencies: ["ProcessPool"]),
        // A JPEG's DCT coefficients through libjpeg, for the tests of the lossless transforms.
        .target(name: "JPEGCoefficients", path: "Tests/Support/JPEGCoefficients",
                linkerSettings: [.linkedLibrary("jpeg")]),
        // jpegtran and the coefficients' reader, for the tests of the lossless transforms.
        .target(name: "JPEGReference", dependencies: ["Augment", "JPEGCoefficients"],
                path: "Tests/Support/JPEGReference"),
        // Small helpers the test targets share: SHA-256 of pixels, a SplitMix64 generator.
        .target(name: "TestSupport", path: "Tests/Support/TestSupport"),
        .testTarget(name: "CodecsTests", dependencies: ["Codecs", "Augment", "JPEGReference", "TestSupport"], resources: []),
        .testTarget(name: "AugmentTests", dependencies: ["Augment", propertyBased]),
        // What the tests read about processes from /proc, shared by the pool's and the end-to-end tests.
        .target(name: "ProcessProbe", path: "Tests/Support/ProcessProbe"),
        .testTarget(name: "ProcessPoolTests", dependencies: ["ProcessPool", "PoolTestWorker", "ProcessProbe", systemPackage]),
        .testTarget(name: "AugmentCLITests",
                    dependencies: ["AugmentCLI", "Codecs", "Augment", "Labels", "Preview", "ProcessProbe", "JPEGReference",
                                   "TestSupport"]),
        .testTarget(name: "LabelsTests", dependencies: ["Labels", "Augment", "TestSupport", propertyBased]),
    ]
)

let cTargets: Set<String> = ["CCodecs", "JPEGCoefficients"]
for target in package.targets where target.type != .system && !cTargets.contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + upcoming
}
