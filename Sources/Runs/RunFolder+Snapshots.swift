import Foundation
import Checkpoints

extension RunFolder {
    /// The checkpoint kept after `epoch` when training keeps per-epoch snapshots (`--snapshot-epochs`).
    public func snapshotPath(epoch: Int) -> String {
        (checkpointsPath as NSString).appendingPathComponent(String(format: "epoch-%04d.safetensors", epoch))
    }

    /// The epochs that have a snapshot, in order.
    public func snapshotEpochs() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpointsPath)) ?? []   // no folder: no snapshots
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("epoch-"), name.hasSuffix(".safetensors") else { return nil }
            return Int(name.dropFirst("epoch-".count).dropLast(".safetensors".count))
        }.sorted()
    }

    /// Copies the latest checkpoint (just written for `epoch`) to the epoch's snapshot and removes snapshots
    /// older than the last `keeping` epochs. The copy goes through a temporary file and a rename, as every
    /// checkpoint does.
    /// - Throws: `CheckpointError.unwritable` naming the snapshot.
    public func keepEpochSnapshot(epoch: Int, keeping: Int) throws {
        let bytes = try RunFiles.read(latestCheckpointPath)
        try RunFiles.write(bytes, to: snapshotPath(epoch: epoch))
        for old in snapshotEpochs() where old <= epoch - keeping || old > epoch {
            // A snapshot past `epoch` belongs to epochs that a resume has rolled back; older ones are beyond the window.
            try? FileManager.default.removeItem(atPath: snapshotPath(epoch: old))   // a leftover file only costs space
        }
    }
}
