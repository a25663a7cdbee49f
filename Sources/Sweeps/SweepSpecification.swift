import Flows
import Networks
import Tensors
import Configurations

/// What `lgf sweep` runs: datasets × models × hyperparameter points × seeds, each combination an ordinary
/// `lgf train` run. Read from YAML or JSON by `SweepSpecification.read(path:)`; the format is documented in
/// `presets/README.md`.
public struct SweepSpecification: Sendable, Equatable {
    /// Where one dataset of the sweep comes from, and the name runs and reports use for it.
    public struct DataEntry: Sendable, Equatable, Codable {
        /// The dataset's name in run folders and tables.
        public var label: String
        public var source: DataSource
        /// The dataset whose published figures (Cornish et al. 2020, Table 1) the report puts beside this one, if any.
        public var reference: String?
        /// A file's columns to condition on (`lgf train --context-columns`), for conditional runs p(x | c).
        public var contextColumns: [String]? = nil
        /// A file's categorical context columns (`lgf train --categorical-context`).
        public var categoricalContext: [String]? = nil
    }

    /// One model family with settings and a grid of its own (the paper searched different sizes for
    /// the baselines and the LGFs).
    public struct ModelEntry: Sendable, Equatable {
        public var kind: ModelName
        public var settings: [String: SweepValue]
        public var grid: SweepGrid
    }

    /// The sweep's name (the specification file's base name unless given).
    public var name: String
    public var datasets: [DataEntry]
    public var models: [ModelEntry]
    /// Every point is trained once per seed.
    public var seeds: [UInt64]
    /// Hyperparameters for every run (model settings and grid values win over them).
    public var settings: [String: SweepValue]
    /// A grid crossed with every model's own grid.
    public var grid: SweepGrid
    /// Threads of each training process (`BLAS.threadCount`); keep jobs (or MPI ranks) × threads ≤ cores.
    public var threads: Int
    /// The matrix kernel of each training process (`--matrix-kernel`); nil leaves `lgf train`'s default.
    public var matrixKernel: MatrixKernelChoice? = nil
    /// Whether each training process fuses its narrow networks (`--layer-fusion`); nil leaves `lgf train`'s default.
    public var layerFusion: LayerFusion? = nil
    /// The 3 × 3 convolutions of each training process (`--convolution-algorithm`); nil leaves `lgf train`'s default.
    public var convolutionAlgorithm: ConvolutionAlgorithm? = nil

    /// The most runs a sweep may list: far beyond any sweep that finishes (the paper's largest search is a few hundred
    /// runs), and small enough that listing them takes seconds, not hours or all the memory.
    public static let maximumRuns = 100_000

    /// How many runs `runs` lists, computed without listing them: datasets × Σ over models of (grid points × the
    /// model's grid points) × seeds, in `Double`.
    public var runCount: Double {
        Double(datasets.count) * models.reduce(0) { $0 + grid.pointCount * $1.grid.pointCount } * Double(seeds.count)
    }

    /// Every run, in order: dataset, model, hyperparameter point, seed.
    /// - Throws: `SweepError.invalidSpecification` when a setting or grid value does not decode.
    public func runs(path: String = "specification") throws -> [SweepRun] {
        var runs: [SweepRun] = []
        var seen: Set<String> = []
        for data in datasets {
            for model in models {
                for point in grid.crossed(with: model.grid) {
                    let values = settings.merging(model.settings) { $1 }.merging(point) { $1 }
                    let label = SweepGrid.label(of: point)
                    for seed in seeds {
                        var overrides = try ConfigurationOverrides.decoding(values, path: path, context: model.kind.rawValue)
                        overrides.seed = seed
                        let id = [data.label, model.kind.rawValue, label, "seed\(seed)"].filter { !$0.isEmpty }.joined(separator: "_")
                        guard seen.insert(id).inserted else {
                            throw SweepError.invalidSpecification(path: path, key: "datasets", reason: "two runs would share the folder \(id); give the datasets distinct names")
                        }
                        runs.append(SweepRun(id: id, dataset: data, model: model.kind, configurationLabel: label, seed: seed,
                                             overrides: overrides, threads: threads, matrixKernel: matrixKernel, layerFusion: layerFusion,
                                             convolutionAlgorithm: convolutionAlgorithm))
                    }
                }
            }
        }
        return runs
    }
}
