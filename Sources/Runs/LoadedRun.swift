import Foundation
import Tensors
import Flows
import Datasets
import Checkpoints
import Configurations

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
    /// The checkpoint file the weights came from.
    public let checkpointPath: String
    /// Things to tell the user that do not stop loading (e.g. a checkpoint without checksums).
    public let notes: [String]
    /// The memory the model and the decoding of the run's image files may take.
    public let limits: ResourceLimits

    /// - Parameter limits: the memory the model may need (checked before anything is allocated).
    /// - Throws: `ExperimentError.notARun` when the folder or checkpoint is missing; checkpoint errors,
    ///   including checksum mismatches and values no training produces (`ModelStateCheck`); `.corruptRun` for a
    ///   checkpoint of another run, or of other settings than `configuration.json` holds (`RunIdentity`).
    public init(folder: RunFolder, checkpoint: CheckpointChoice = .best, limits: ResourceLimits = .standard) throws {
        try self.init(folder: folder, limits: limits) { folder in
            let path = checkpoint == .best ? folder.bestCheckpointPath : folder.latestCheckpointPath
            guard FileManager.default.fileExists(atPath: path) else {
                throw ExperimentError.notARun(path: folder.path, missing: "checkpoints/\(checkpoint.rawValue).safetensors")
            }
            return path
        }
    }

    /// The run with the weights of the checkpoint `checkpointPath` names (called after the configuration is read,
    /// so that a folder without one is reported as such first), verified as any checkpoint of the run.
    init(folder: RunFolder, limits: ResourceLimits = .standard, checkpointPath: (RunFolder) throws -> String) throws {
        self.folder = folder
        self.limits = limits
        let stored = try folder.readStoredConfiguration()
        configuration = stored.configuration
        let path = try checkpointPath(folder)
        self.checkpointPath = path
        try folder.checkSettings(of: configuration)
        try limits.check(configuration)
        var generator = SplitMix64(seed: configuration.training.seed)
        model = try configuration.buildModel(using: &generator)
        let loaded = try Checkpoint.load(from: path)
        let identityNotes = try RunIdentity.check(loaded, at: path, belongsTo: stored, in: folder)
        try loaded.restore(into: model, optimizer: nil)
        try ModelStateCheck.validate(model, optimizer: nil, source: path)
        notes = (loaded.integrity == .unverified ? ["\(path) has no checksums (written before they were added): loaded without verifying its bytes"] : [])
            + identityNotes
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
