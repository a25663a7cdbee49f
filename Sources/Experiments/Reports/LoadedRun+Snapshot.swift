import Foundation
import Tensors
import Flows

extension LoadedRun {
    /// The run with the weights of one of its per-epoch snapshots (`RunFolder.snapshotPath(epoch:)`).
    /// - Throws: `ExperimentError.notARun` when there is no snapshot of that epoch; checkpoint errors.
    public init(folder: RunFolder, snapshotEpoch epoch: Int) throws {
        self.folder = folder
        configuration = try folder.readConfiguration()
        let path = folder.snapshotPath(epoch: epoch)
        guard FileManager.default.fileExists(atPath: path) else {
            throw ExperimentError.notARun(path: folder.path, missing: (path as NSString).lastPathComponent)
        }
        var generator = SplitMix64(seed: configuration.training.seed)
        model = try ModelBuilder.build(configuration.model, using: &generator)
        try Checkpoint.load(from: path).restore(into: model, optimizer: nil)
        model.setMode(.evaluation)
    }
}
