// swift-tools-version:6.0
// LocalisedFlows: normalising flows and localised generative flows (LGFs) in Swift.
//
// Layering (dependencies point left only):
//   CBLAS, CKernels → Tensors ← Networks ← Flows
//   Flows ← Checkpoints ← Configurations ← Runs ← Training ← Benchmarks ← CLI (`lgf`)
//                                         Runs ← Sweeps ← Reports ← CLI;  Figures ← Reports
//   Checkpoints: the safetensors checkpoint format; Configurations: what a run is (settings, defaults, its data);
//   Runs: run folders and trained runs (loading, evaluation); Training: the trainer; Sweeps: many runs as processes;
//   Figures: density and training-curve figures; Reports: tables and figures of a folder of runs.
//   Datasets (file formats, targets, preprocessing) and Plots (PNG) stand alone and feed the layers above Flows;
//   Distributed (one process, or the ranks of an MPI job) stands alone and feeds Runs (shared evaluations) and above.
import PackageDescription

let package = Package(
    name: "LocalisedFlows",
    products: [
        // MARK: - Public API
        // The core: build, train and evaluate flows (`import LocalisedFlows`). Needs OpenBLAS and zlib only.
        .library(
            name: "LocalisedFlows",
            targets: ["LocalisedFlows", "SeededRandom", "Tensors", "Networks", "Flows", "Datasets", "FileSystem", "CKernels"]),
        // Figures drawn with Cairo (density panels, line charts, PNG files).
        .library(name: "LocalisedFlowsPlots", targets: ["Plots"]),
        // Open MPI: process groups, all-reduce, broadcast (data-parallel training).
        .library(name: "LocalisedFlowsDistributed", targets: ["Distributed"]),
        // The experiment layer behind `lgf`: configurations, the trainer, checkpoints, sweeps, reports (needs all of the above).
        .library(name: "LocalisedFlowsExperiments", targets: ["Checkpoints", "Configurations", "Runs", "Training", "Figures", "Sweeps", "Reports"]),
        .executable(name: "lgf", targets: ["CLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // `swift package generate-documentation --target Flows` (the DocC catalogue in Sources/Flows/Flows.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: - Implementation details
        // pkg-config names and Debian packages, so that a bare `swift build` without them says what to install
        // (scripts/install-dependencies does it) instead of only failing to link.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .target(name: "SeededRandom"),
        // Atomic replacement, durable appends, whole-file reads and the wording of counts in messages, once, for Datasets,
        // Plots and the experiment layers.
        .target(name: "FileSystem"),
        // The CPU-specific kernels (matrix products, convolutions, elementwise passes) in C, each function compiled
        // for AVX-512, AVX2 + FMA or the baseline by `__attribute__((target))` and chosen at run time from CPUID:
        // no build flags, which SwiftPM would refuse in a versioned dependency.
        .target(name: "CKernels"),

        // MARK: - Public API
        .target(name: "Tensors", dependencies: ["CBLAS", "CKernels", "SeededRandom"]),
        .target(name: "Networks", dependencies: ["CKernels", "Tensors"]),
        .target(name: "Flows", dependencies: ["Tensors", "Networks"]),
        .target(name: "Datasets", dependencies: ["CZlib", "SeededRandom", "FileSystem"]),
        // The core product's one import and its version (`LocalisedFlows.version`, which `lgf --version` prints).
        .target(name: "LocalisedFlows", dependencies: ["Datasets", "Flows", "Networks", "SeededRandom", "Tensors"]),
        // The colour maps' stops are data (hex colours, sampled from matplotlib's reference tables), compiled in.
        .target(
            name: "Plots", dependencies: ["CCairo", "FileSystem"],
            resources: [.embedInCode("ColorMaps/viridis.txt"), .embedInCode("ColorMaps/magma.txt")]),
        .target(name: "Distributed", dependencies: ["CMPI"]),
        .target(name: "Checkpoints", dependencies: ["Tensors", "Networks", "FileSystem", "CZlib"]),
        .target(
            name: "Configurations",
            dependencies: ["Tensors", "Networks", "Flows", "Datasets", "Checkpoints", "FileSystem", .product(name: "Yams", package: "Yams")]),
        .target(name: "Runs", dependencies: ["Tensors", "Networks", "Flows", "Datasets", "Distributed", "Checkpoints", "Configurations", "FileSystem"]),
        .target(
            name: "Training",
            dependencies: ["Tensors", "Networks", "Flows", "Datasets", "Distributed", "Checkpoints", "Configurations", "Runs", "FileSystem"]),
        .target(name: "Figures", dependencies: ["Tensors", "Flows", "Datasets", "Plots", "FileSystem"]),
        .target(
            name: "Sweeps",
            dependencies: [
                "Tensors", "Networks", "Flows", "Datasets", "Distributed", "FileSystem", "Checkpoints", "Configurations", "Runs",
                .product(name: "Yams", package: "Yams"),
            ]),
        .target(
            name: "Reports",
            dependencies: ["Tensors", "Flows", "Datasets", "Plots", "FileSystem", "Checkpoints", "Configurations", "Runs", "Figures", "Sweeps"]),
        // Measurement code (throughput, product shares, foreign-load detection) stays out of the library product:
        // only the CLI's `bench` commands and their tests use it.
        .target(
            name: "Benchmarks",
            dependencies: ["Tensors", "Networks", "Flows", "Datasets", "Distributed", "Checkpoints", "Configurations", "Runs", "Training"]),
        .executableTarget(
            name: "CLI",
            dependencies: [
                "LocalisedFlows", "Tensors", "Networks", "Flows", "Datasets", "Distributed", "Benchmarks", "FileSystem",
                "Checkpoints", "Configurations", "Runs", "Training", "Figures", "Sweeps", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: ["Tensors", "Networks", "Flows"]),
        .testTarget(name: "FileSystemTests", dependencies: ["FileSystem"]),
        .testTarget(name: "LocalisedFlowsTests", dependencies: ["LocalisedFlows"]),
        .testTarget(name: "TensorsTests", dependencies: ["CKernels", "Tensors", "TestSupport"]),
        .testTarget(name: "NetworksTests", dependencies: ["Networks", "Tensors", "TestSupport"]),
        .testTarget(name: "FlowsTests", dependencies: ["Flows", "Networks", "Tensors", "TestSupport", "Datasets"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "SeededRandom"]),
        .testTarget(name: "PlotsTests", dependencies: ["Plots", "CZlib", "SeededRandom"]),
        .testTarget(
            name: "ExperimentsTests",
            dependencies: [
                "Checkpoints", "Configurations", "Runs", "Training", "Figures", "Sweeps", "Reports",
                "Datasets", "Distributed", "Flows", "Networks", "Plots", "Tensors", "TestSupport", "FileSystem",
            ],
            exclude: ["PositionalCheckpoints", "Fixtures"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "Checkpoints", "Configurations", "Training", "Datasets", "Flows", "Tensors"]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "CLI", "Checkpoints", "Configurations", "Runs", "Training", "Figures", "Sweeps", "Reports",
                "Datasets", "Flows", "LocalisedFlows", "Networks", "Tensors", "TestSupport", "CZlib", "SeededRandom", "FileSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
