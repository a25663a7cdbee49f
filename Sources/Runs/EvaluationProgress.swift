import Foundation
import Checkpoints
import Configurations
import Distributed
import FileSystem

/// The finished chunks of an evaluation, kept so that the same evaluation started again continues where it stopped
/// (`lgf evaluate --resumable`): an interrupted K = 1000 estimate of thousands of images loses at most one chunk.
///
/// The folder `evaluations/<hash of the key>` of the run holds `key.json` (the `EvaluationKey`) and one file per
/// finished chunk, `chunk-<index>.f64`: its points' estimates, then their standard errors, as little-endian float64,
/// each file written atomically. Because every chunk draws from its own generator (`EvaluationChunks`), an
/// evaluation continued from these files gives exactly the numbers of one that ran without a break. The folder is
/// locked while an evaluation writes to it; a chunk file of the wrong length or a key that differs is refused as
/// damaged, never silently recomputed.
public final class EvaluationProgress {
    /// The folder of this evaluation's chunks.
    public let folder: String
    /// Held for as long as this store lives: one writer per evaluation.
    private let lock: FolderLock

    /// Opens (creating if needed) and locks the chunk folder of `key` inside `runFolder`.
    /// - Throws: `ExperimentError.runFolderLocked` when another evaluation writes there, `.corruptRun` when its
    ///   `key.json` is not `key`, file-system errors.
    public init(runFolder: RunFolder, key: EvaluationKey) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let keyBytes = [UInt8](try encoder.encode(key))
        folder = (runFolder.path as NSString).appendingPathComponent("evaluations/" + CRC32.hex(CRC32.checksum(keyBytes)))
        lock = try RunFolder(path: folder).acquireLock(command: "lgf evaluate")
        let keyPath = (folder as NSString).appendingPathComponent("key.json")
        if let stored = try FileContents.decodeJSONIfPresent(EvaluationKey.self, from: keyPath) {
            guard stored == key else { throw ExperimentError.corruptRun(path: keyPath, reason: "it describes another evaluation than its folder's name says") }
        } else {
            try AtomicFile.write(keyBytes, to: keyPath)
        }
    }

    /// The store of `loaded`'s evaluation of `chunks` of `source` when `resumable` and this process is rank 0 of
    /// `group` (the one that writes), else `nil`.
    static func opened(if resumable: Bool, on group: any ProcessGroup, for loaded: LoadedRun, source: String, chunks: EvaluationChunks,
                       importanceSamples: Int, seed: UInt64) throws -> EvaluationProgress? {
        guard resumable, group.isLeader else { return nil }
        let key = try EvaluationKey(checkpointPath: loaded.checkpointPath, source: source, chunks: chunks, importanceSamples: importanceSamples, seed: seed)
        return try EvaluationProgress(runFolder: loaded.folder, key: key)
    }

    /// The path of chunk `index`'s file.
    func path(of index: Int) -> String { (folder as NSString).appendingPathComponent(String(format: "chunk-%06d.f64", index)) }

    /// The estimates and standard errors of chunk `index` of `chunks`, or `nil` when it has not been finished.
    /// - Throws: `ExperimentError.corruptRun` for a file of another length than the chunk's points need.
    public func finished(_ index: Int, of chunks: EvaluationChunks) throws -> (values: [Double], standardErrors: [Double])? {
        guard let data = try FileContents.readIfPresent(path(of: index)) else { return nil }
        let count = chunks.points(of: index).count
        guard data.count == 16 * count else {
            throw ExperimentError.corruptRun(path: path(of: index), reason: "expected \(16 * count) bytes (\(MessageText.count(count, "estimate")) and standard errors), found \(data.count)")
        }
        let numbers = (0 ..< 2 * count).map { position in
            Double(bitPattern: (0 ..< 8).reduce(UInt64(0)) { $0 | UInt64(data[data.startIndex + 8 * position + $1]) << (8 * $1) })
        }
        return (Array(numbers[..<count]), Array(numbers[count...]))
    }

    /// Keeps chunk `index`'s estimates and their standard errors.
    public func save(_ index: Int, values: [Double], standardErrors: [Double]) throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 * values.count)
        for number in values + standardErrors {
            let bits = number.bitPattern
            for byte in 0 ..< 8 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * byte))) }
        }
        try AtomicFile.write(bytes, to: path(of: index))
    }
}
