import Foundation
import Flows
import Datasets
import Configurations
import Runs

/// Figure 1 of the paper: the baseline MAF (80,080 parameters) and LGF-MAF (80,810) trained on two
/// rectangles, whose support no single continuous bijection of a Gaussian can match; the optimum test
/// log-likelihood is −log 4 = −1.386.
public struct TwoRectanglesDemo {
    /// The paper trains for 300 epochs.
    public static let paperEpochs = 300

    public let output: String
    public let epochs: Int
    public let seed: UInt64

    public init(output: String, epochs: Int, seed: UInt64) {
        self.output = output
        self.epochs = epochs
        self.seed = seed
    }

    /// The run folder of each model.
    public func folder(for kind: ModelKind) -> RunFolder {
        RunFolder(path: (output as NSString).appendingPathComponent(kind.rawValue))
    }

    /// The two runs' configurations: the paper's Figure-1 settings with `epochs`.
    public func configuration(for kind: ModelKind) -> ExperimentConfiguration {
        var (model, training) = PaperDefaults.configuration(dataset: TwoDimensionalTarget.twoUniforms.rawValue, dimension: 2, kind: kind)
        model.dimension = 2
        training.maximumEpochs = epochs
        training.seed = seed
        return ExperimentConfiguration(data: .catalogue(name: TwoDimensionalTarget.twoUniforms.rawValue, dataDirectory: nil), model: model, training: training)
    }

    /// Trains one model (resuming if its folder already holds an unfinished run of the same configuration).
    public func train(_ kind: ModelKind, log: TrainingLog?) throws -> TrainingSummary {
        let configuration = configuration(for: kind)
        let folder = folder(for: kind)
        let dataset = try configuration.data.load(seed: seed)
        let trainer = try Trainer(configuration: configuration, dataset: dataset, run: folder, log: log)
        let resuming = try folder.hasCheckpoints && folder.readConfigurationIfPresent() == configuration
        if folder.hasCheckpoints && !resuming { throw ExperimentError.runFolderInUse(path: folder.path) }
        return try trainer.train(resuming: resuming)
    }
}
