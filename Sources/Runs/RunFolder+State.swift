import Foundation
import FileSystem
import Checkpoints
import Configurations

/// What a folder holds, as `lgf train` judges whether it may write a run there: a folder is either empty or a run.
public enum RunFolderState: Sendable, Equatable {
    /// Nothing is at the path.
    case absent
    /// A folder holding nothing, or only its lock file and the temporary files (`.<name>.<hex>.tmp`) that a kill
    /// during an atomic write leaves.
    case empty
    /// A run: `configuration.json` is there (written first, so a folder with anything else of a run has it).
    case run(hasCheckpoints: Bool, hasSummary: Bool)
    /// Files, but no `configuration.json`: someone else's, or the remains of a run whose configuration was removed.
    case foreign(entries: [String])
    /// Something other than a folder is at the path.
    case notAFolder
}

extension RunFolder {
    /// The names a folder may hold and still count as empty: the lock's files, and temporary files of atomic writes.
    static func isBookkeeping(_ name: String) -> Bool {
        name == FolderLock.fileName || name == FolderLock.breakLogName || (name.hasPrefix(".") && name.hasSuffix(".tmp"))
    }

    /// What the folder holds now.
    /// - Throws: `CheckpointError.unreadable` when the folder exists but cannot be listed.
    public func state() throws -> RunFolderState {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .absent }
        guard isDirectory.boolValue else { return .notAFolder }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw CheckpointError.unreadable(path: path, reason: "cannot list the folder: \(RunFolder.reason(of: error))")
        }
        let entries = names.filter { !RunFolder.isBookkeeping($0) }.sorted()
        if entries.isEmpty { return .empty }
        guard FileManager.default.fileExists(atPath: configurationPath) else { return .foreign(entries: entries) }
        return .run(hasCheckpoints: hasCheckpoints, hasSummary: FileManager.default.fileExists(atPath: summaryPath))
    }

    /// Checks that a new run may be written here: the folder is absent or empty, or holds a run that never completed an
    /// epoch (no checkpoint, no summary: a run killed in its first epoch, which starting again loses nothing of) and
    /// whose configuration.json is a run's.
    /// - Throws: `ExperimentError.runFolderInUse` for a run with checkpoints or a summary, `.folderNotEmpty` for a
    ///   folder of other files, `.notARunFolder` for a path that is not a folder; nothing is changed.
    public func checkCanStartNewRun() throws {
        switch try state() {
        case .absent, .empty: return
        case .run(hasCheckpoints: false, hasSummary: false):
            // A configuration.json that is not a run's is someone else's file, not a run killed in its first epoch.
            guard (try? readStoredConfigurationIfPresent()) != nil else {
                throw ExperimentError.folderNotEmpty(path: path, entries: try FileManager.default.contentsOfDirectory(atPath: path)
                    .filter { !RunFolder.isBookkeeping($0) }.sorted())
            }
        case .run: throw ExperimentError.runFolderInUse(path: path)
        case .foreign(let entries): throw ExperimentError.folderNotEmpty(path: path, entries: entries)
        case .notAFolder: throw ExperimentError.notARunFolder(path: path, reason: "it is a file, not a folder")
        }
    }

    /// Checks that the folder holds a run that `--resume` can continue (it has `configuration.json`).
    /// - Throws: `ExperimentError.notARunFolder` saying what the folder holds instead.
    public func checkIsRun() throws {
        switch try state() {
        case .run: return
        case .absent: throw ExperimentError.notARunFolder(path: path, reason: "it does not exist (nothing to resume)")
        case .empty:
            throw ExperimentError.notARunFolder(path: path, reason: "it holds no configuration.json (a run stopped before it wrote one leaves "
                                                + "this; train it without --resume)")
        case .foreign(let entries):
            let kept = entries.contains("checkpoints") ? ", though it holds checkpoints: a run cannot be continued without its configuration" : ""
            throw ExperimentError.notARunFolder(path: path, reason: "configuration.json is missing\(kept) (it holds \(entries.prefix(5).joined(separator: ", ")))")
        case .notAFolder: throw ExperimentError.notARunFolder(path: path, reason: "it is a file, not a folder")
        }
    }
}
