import Foundation
import Tensors
import Flows
import Datasets

/// Which checkpoint of a run to load.
public enum CheckpointChoice: String, Sendable, CaseIterable {
    /// The best model by validation (what evaluation and sampling use by default).
    case best
    /// The state after the last completed epoch.
    case latest
}

/// A run's configuration and a model restored from one of its checkpoints, in evaluation mode.
public struct LoadedRun {
    public let folder: RunFolder
    public let configuration: ExperimentConfiguration
    public let model: FlowDensity

    /// - Throws: `ExperimentError.notARun` when the folder or checkpoint is missing; checkpoint errors.
    public init(folder: RunFolder, checkpoint: CheckpointChoice = .best) throws {
        self.folder = folder
        configuration = try folder.readConfiguration()
        let path = checkpoint == .best ? folder.bestCheckpointPath : folder.latestCheckpointPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw ExperimentError.notARun(path: folder.path, missing: "checkpoints/\(checkpoint.rawValue).safetensors")
        }
        var generator = SplitMix64(seed: configuration.training.seed)
        model = try ModelBuilder.build(configuration.model, using: &generator)
        try Checkpoint.load(from: path).restore(into: model, optimizer: nil)
        model.setMode(.evaluation)
    }

    /// The run's own dataset (2-D targets redrawn from the run's seed, user files prepared as recorded, so the splits are the same).
    public func dataset() throws -> Dataset { try configuration.loadDataset() }

    /// A table of the model's dimension as a tensor. - Throws: `.dimensionMismatch` naming the source.
    public func tensor(of table: DataTable, source: String) throws -> Tensor {
        guard table.columnCount == model.dimension else {
            throw ExperimentError.dimensionMismatch(source: source, expected: model.dimension, actual: table.columnCount)
        }
        return table.tensor()
    }
}
