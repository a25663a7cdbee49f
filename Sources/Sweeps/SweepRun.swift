import Flows
import Networks
import Tensors
import Configurations

/// One planned training run of a sweep: an ordinary `lgf train` run in the folder `<sweep>/<id>`.
public struct SweepRun: Sendable, Equatable, Codable {
    /// The run's folder name, e.g. `2uniforms_lgf-maf_learning-rate-0.001_seed2`.
    public var id: String
    public var dataset: SweepSpecification.DataEntry
    public var model: ModelName
    /// The hyperparameter point's name (empty when the sweep has no grid).
    public var configurationLabel: String
    public var seed: UInt64
    /// Everything the run sets over the paper's defaults, the seed included: written to the file that
    /// `lgf train --config` reads, so the run's configuration is resolved exactly as `lgf train` does it.
    public var overrides: ConfigurationOverrides
    /// Threads of the training process (`BLAS.threadCount`).
    public var threads: Int
    /// The training process's `--matrix-kernel`, when the specification sets one.
    public var matrixKernel: MatrixKernelChoice? = nil
    /// The training process's `--layer-fusion`, when the specification sets one.
    public var layerFusion: LayerFusion? = nil
    /// The training process's `--convolution-algorithm`, when the specification sets one.
    public var convolutionAlgorithm: ConvolutionAlgorithm? = nil

    /// `--threads`, and `--matrix-kernel`, `--layer-fusion` and `--convolution-algorithm` where set: the arguments
    /// both starts share.
    private var computeArguments: [String] {
        let chosen: [(String, String?)] = [("--matrix-kernel", matrixKernel?.rawValue), ("--layer-fusion", layerFusion?.rawValue),
                                           ("--convolution-algorithm", convolutionAlgorithm?.rawValue)]
        return ["--threads", String(threads)] + chosen.flatMap { flag, value in value.map { [flag, $0] } ?? [] }
    }

    /// The arguments after the executable for a fresh start: `train --dataset … --model … --config … --output …`.
    public func trainArguments(folder: String, configurationFile: String) -> [String] {
        ["train"] + experimentArguments + ["--config", configurationFile, "--output", folder] + computeArguments
    }

    /// The flags that choose the run's data and model (`--dataset …` or `--train-file …`, `--model …`): with its
    /// `overrides`, what `lgf train` resolves the run's configuration from.
    public var experimentArguments: [String] {
        var arguments: [String] = []
        switch dataset.source {
        case .catalogue(let name, let directory):
            arguments += ["--dataset", name] + (directory.map { ["--data-dir", $0] } ?? [])
        case .files(let train, let validation, let test):
            arguments += ["--train-file", train] + (validation.map { ["--validation-file", $0] } ?? []) + (test.map { ["--test-file", $0] } ?? [])
            arguments += (dataset.contextColumns.map { ["--context-columns", $0.joined(separator: ",")] } ?? [])
                + (dataset.categoricalContext.map { ["--categorical-context", $0.joined(separator: ",")] } ?? [])
        case .imageFile(let path):
            arguments += ["--data", path]
        }
        return arguments + ["--model", model.rawValue]
    }

    /// The arguments that continue the run from its latest checkpoint.
    public func resumeArguments(folder: String) -> [String] {
        ["train", "--output", folder, "--resume"] + computeArguments
    }
}
