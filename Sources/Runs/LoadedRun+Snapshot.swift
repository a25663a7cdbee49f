import Foundation
import Configurations

extension LoadedRun {
    /// The run with the weights of one of its per-epoch snapshots (`RunFolder.snapshotPath(epoch:)`).
    /// - Throws: `ExperimentError.notARun` when there is no snapshot of that epoch; checkpoint errors.
    public init(folder: RunFolder, snapshotEpoch epoch: Int) throws {
        try self.init(folder: folder) { folder in
            let path = folder.snapshotPath(epoch: epoch)
            guard FileManager.default.fileExists(atPath: path) else {
                throw ExperimentError.notARun(path: folder.path, missing: (path as NSString).lastPathComponent)
            }
            return path
        }
    }
}
