import Foundation
import FileSystem
import Checkpoints
import Configurations

extension RunFolder {
    /// The folder's lock file (`FolderLock`), the first file a run writes.
    public var lockPath: String { FolderLock.path(in: path) }

    /// Creates the folder if it is missing and takes its one-writer lock, recording this process as the holder.
    /// - Parameter command: what this process does there, for the record (`lgf train`).
    /// - Throws: `ExperimentError.runFolderLocked` naming the holder's process id and host when another process
    ///   writes the folder; `CheckpointError.unwritable` when the folder or the lock file cannot be created.
    package func acquireLock(command: String) throws -> FolderLock {
        try create()
        do throws(FolderLockError) {
            return try FolderLock.acquire(folder: path, command: command)
        } catch {
            switch error {
            case .held(_, let holder): throw ExperimentError.runFolderLocked(path: path, holder: holder?.description)
            case .unavailable(let lockPath, let reason), .notBreakable(let lockPath, let reason): throw CheckpointError.unwritable(path: lockPath, reason: reason)
            }
        }
    }

    /// Checks, before a write, that the lock this folder value carries is still in place.
    /// - Throws: `ExperimentError.runFolderLockBroken` once `lgf unlock --force` has broken it.
    package func checkLockIsInPlace() throws {
        if let lock, !lock.isStillInPlace { throw ExperimentError.runFolderLockBroken(path: path) }
    }

    /// Removes everything in the folder but its lock files, for a run started again from scratch by the holder of its
    /// lock (a sweep retrying a run that never completed an epoch).
    /// - Throws: `CheckpointError.unwritable` naming the entry that cannot be removed.
    package func removeEverythingButTheLock() throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []   // no folder: nothing to remove
        for name in names where name != FolderLock.fileName && name != FolderLock.breakLogName {
            let entry = (path as NSString).appendingPathComponent(name)
            do {
                try FileManager.default.removeItem(atPath: entry)
            } catch {
                throw CheckpointError.unwritable(path: entry, reason: "cannot remove it to start the run again: \(RunFolder.reason(of: error))")
            }
        }
    }
}
