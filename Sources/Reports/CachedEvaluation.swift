import FileSystem
import Foundation
import Checkpoints
import Configurations
import Runs

/// A run's test evaluation stored in its folder (`evaluations/test-K1000-seed0.json`) with a fingerprint of
/// the checkpoint it scored, so a report made twice does not evaluate again, and a run trained further
/// (a new best checkpoint) is evaluated afresh.
public struct CachedEvaluation: Sendable, Codable, Equatable {
    public var report: EvaluationReport
    /// Size and modification time of `checkpoints/best.safetensors` when it was scored.
    public var checkpointBytes: UInt64
    public var checkpointModified: Double

    /// The cache file of a run for one K and seed (`test-K1000-seed0.json`), and for image runs scored on their first
    /// n test images also n (`test-K20-images1000-seed0.json`).
    public static func path(in folder: RunFolder, importanceSamples: Int, imageLimit: Int? = nil, seed: UInt64) -> String {
        let images = imageLimit.map { "-images\($0)" } ?? ""
        return (folder.path as NSString).appendingPathComponent("evaluations/test-K\(importanceSamples)\(images)-seed\(seed).json")
    }

    /// The run's test evaluation with its best checkpoint: from the cache when it matches the checkpoint,
    /// else computed (`RunEvaluator`) and stored.
    /// - Returns: the report and whether it came from the cache.
    /// - Throws: the errors of loading and evaluating the run, or of writing the cache.
    /// - Parameter imageLimit: for an image run, score only its first this-many test images (`nil`: all of them).
    public static func testEvaluation(of folder: RunFolder, importanceSamples: Int, imageLimit: Int? = nil,
                                      seed: UInt64 = 0, limits: ResourceLimits = .standard) throws -> (report: EvaluationReport, cached: Bool) {
        let cachePath = path(in: folder, importanceSamples: importanceSamples, imageLimit: imageLimit, seed: seed)
        let fingerprint = try fingerprintOfBestCheckpoint(in: folder)
        if let cached = try stored(at: cachePath), cached.checkpointBytes == fingerprint.bytes, cached.checkpointModified == fingerprint.modified {
            return (cached.report, true)
        }
        let loaded = try LoadedRun(folder: folder, limits: limits)
        let report = loaded.configuration.image != nil
            ? try ImageRunEvaluator.score(loaded, imageLimit: imageLimit, importanceSamples: importanceSamples, seed: seed).report
            : try RunEvaluator.evaluate(loaded, importanceSamples: importanceSamples, seed: seed)
        let entry = CachedEvaluation(report: report, checkpointBytes: fingerprint.bytes, checkpointModified: fingerprint.modified)
        try FileManager.default.createDirectory(atPath: (cachePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try RunFiles.write(Array(try encoder.encode(entry)), to: cachePath)
        return (report, false)
    }

    /// The cache entry at `path`; `nil` when there is none or it is damaged, since the evaluation it stood for is
    /// then made again and written over it.
    /// - Throws: `CheckpointError.unreadable` when the file is there but cannot be read.
    static func stored(at path: String) throws -> CachedEvaluation? {
        do throws(FileSystemError) {
            return try FileContents.decodeJSONIfPresent(CachedEvaluation.self, from: path)
        } catch .damaged {
            return nil   // computed again and written over
        } catch {
            throw CheckpointError(error)
        }
    }

    private static func fingerprintOfBestCheckpoint(in folder: RunFolder) throws -> FileFingerprint {
        do {
            return try FileFingerprint(path: folder.bestCheckpointPath)
        } catch {
            throw ExperimentError.notARun(path: folder.path, missing: "checkpoints/best.safetensors")
        }
    }
}
