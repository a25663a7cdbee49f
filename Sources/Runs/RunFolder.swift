import Foundation
import Datasets
import FileSystem
import Checkpoints
import Configurations

/// The folder of one training run:
///
///     configuration.json         the resolved ExperimentConfiguration
///     metrics.jsonl              one EpochRecord per line
///     checkpoints/best.safetensors     the best model by validation (never replaced by a worse one)
///     checkpoints/latest.safetensors   the state after the last completed epoch (for --resume)
///     summary.json               the TrainingSummary once training ends
///
/// **A small transactional store.** `latest.safetensors` is the commit record: it holds the progress
/// counters *and the whole metrics history* up to its epoch, with checksums. Every other file can be
/// rebuilt from it or is redone by resuming. The order of writes:
///
/// 1. On a new run: the folder, `configuration.json` (atomic), an empty `metrics.jsonl` (atomic).
/// 2. Per epoch N, once it is computed: append N's line to `metrics.jsonl` and fsync it
///    (`DurableAppend`; a failed append is cut back off); then, if N is better, `best.safetensors`
///    (atomic: temporary file, fsync, rename, directory fsync); then `latest.safetensors` (atomic).
/// 3. At the end: `summary.json` (atomic).
///
/// A kill between any two of these leaves a folder `--resume` continues from: it loads `latest` (epoch
/// N−1 or N), drops metrics lines past it and restores lines it lacks from the checkpoint's history (a
/// torn last line is dropped with a warning), and recomputes any later epoch exactly (the RNG state is in
/// the checkpoint), so no epoch's record is lost or repeated. A `best` newer than `latest` is the same
/// deterministic epoch and is rewritten identically. With no `latest` yet, `--resume` starts afresh.
/// Temporary files (`.<name>.<hex>.tmp`) left by a kill during an atomic write are removed on start.
public struct RunFolder: Sendable {
    public let path: String
    /// Fault injection for tests; inert by default.
    public var hooks = RunFolderHooks()

    public init(path: String) { self.path = path }

    public var configurationPath: String { file("configuration.json") }
    public var metricsPath: String { file("metrics.jsonl") }
    public var summaryPath: String { file("summary.json") }
    public var checkpointsPath: String { file("checkpoints") }
    public var bestCheckpointPath: String { file("checkpoints/best.safetensors") }
    public var latestCheckpointPath: String { file("checkpoints/latest.safetensors") }

    private func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Whether any checkpoint exists (a run that must not be overwritten).
    public var hasCheckpoints: Bool {
        FileManager.default.fileExists(atPath: bestCheckpointPath) || FileManager.default.fileExists(atPath: latestCheckpointPath)
    }

    /// Creates the folder and its `checkpoints` subfolder.
    public func create() throws {
        do {
            try FileManager.default.createDirectory(atPath: checkpointsPath, withIntermediateDirectories: true)
        } catch {
            throw CheckpointError.unwritable(path: checkpointsPath, reason: "cannot create the run folder: \(RunFolder.reason(of: error))")
        }
    }

    public func writeConfiguration(_ configuration: ExperimentConfiguration) throws {
        try RunFiles.write(Array(try RunFolder.encoder.encode(configuration)), to: configurationPath,
                             simulatedError: hooks.simulatedError(for: configurationPath))
    }

    /// - Throws: `ExperimentError.notARun` when the folder has no configuration, `CheckpointError.unreadable`
    ///   when it cannot be read, `.corruptRun` when it is not a run configuration.
    public func readConfiguration() throws -> ExperimentConfiguration {
        guard let configuration = try readConfigurationIfPresent() else { throw ExperimentError.notARun(path: path, missing: "configuration.json") }
        return configuration
    }

    /// The configuration, or `nil` when the folder has none yet (a run not started).
    /// - Throws: `CheckpointError.unreadable` when it cannot be read, `ExperimentError.corruptRun` when it is not a
    ///   run configuration.
    public func readConfigurationIfPresent() throws -> ExperimentConfiguration? {
        try readIfPresent(ExperimentConfiguration.self, from: configurationPath, as: "a run configuration")
    }

    /// The summary written when training ended, or `nil` while it has not (or before it started).
    /// - Throws: `CheckpointError.unreadable` when it cannot be read, `ExperimentError.corruptRun` when it is not a
    ///   training summary (it is written atomically, so a kill cannot leave half of one).
    public func readSummary() throws -> TrainingSummary? {
        try readIfPresent(TrainingSummary.self, from: summaryPath, as: "a training summary")
    }

    /// The JSON file at `path` as a `T`, `nil` when it is missing.
    private func readIfPresent<T: Decodable>(_ type: T.Type, from path: String, as what: String) throws -> T? {
        try FileContents.decodeJSONIfPresent(type, from: path) { error in
            guard case .damaged(_, let reason) = error else { return CheckpointError(error) }
            return ExperimentError.corruptRun(path: path, reason: "it cannot be read as \(what): \(reason)")
        }
    }

    public func writeSummary(_ summary: TrainingSummary) throws {
        try RunFiles.write(Array(try RunFolder.encoder.encode(summary)), to: summaryPath, simulatedError: hooks.simulatedError(for: summaryPath))
    }

    /// The epoch records written so far (none for a new run).
    /// - Throws: `CheckpointError.unreadable` naming the file and the system's reason; `.configurationFile`
    ///   for a line that is not a record.
    public func readMetrics() throws -> [EpochRecord] {
        let data: [UInt8]
        do {
            data = try RunFiles.read(metricsPath)
        } catch CheckpointError.fileNotFound {
            return []
        }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated().map { index, line in
            do {
                return try JSONDecoder().decode(EpochRecord.self, from: Data(line.utf8))
            } catch {
                throw ExperimentError.configurationFile(path: metricsPath, reason: "line \(index + 1) is not an epoch record")
            }
        }
    }

    /// Rewrites the metrics with `records` (atomically), e.g. to drop epochs past the checkpoint on resume.
    public func writeMetrics(_ records: [EpochRecord]) throws {
        let lines = try records.map { String(decoding: try RunFolder.lineEncoder.encode($0), as: UTF8.self) + "\n" }
        try RunFiles.write(Array(lines.joined().utf8), to: metricsPath, simulatedError: hooks.simulatedError(for: metricsPath))
    }

    /// Appends one record as a line and syncs it to disk (`DurableAppend`: a failed append is cut back off).
    /// - Throws: `CheckpointError.unwritable` naming `metrics.jsonl` and the system's reason.
    public func appendMetrics(_ record: EpochRecord) throws {
        let line = String(decoding: try RunFolder.lineEncoder.encode(record), as: UTF8.self) + "\n"
        try RunFiles.append(Array(line.utf8), to: metricsPath, simulatedError: hooks.simulatedError(for: metricsPath))
    }

    /// The epoch records, repairing what a kill can leave: a last line that is cut short (no newline, or
    /// not a record) is dropped, with a warning. A damaged line before the last is corruption, not a kill,
    /// and is an error naming the line.
    public func readMetricsRepairing() throws -> (records: [EpochRecord], warnings: [String]) {
        guard FileManager.default.fileExists(atPath: metricsPath) else { return ([], []) }
        let bytes = try RunFiles.read(metricsPath)
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var records: [EpochRecord] = [], warnings: [String] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let isLast = index == lines.count - 1 || lines[(index + 1)...].allSatisfy(\.isEmpty)
            let record = try? JSONDecoder().decode(EpochRecord.self, from: Data(line))  // nil: judged below by position
            if let record, index < lines.count - 1 {
                records.append(record)
            } else if isLast {
                warnings.append("\(metricsPath): line \(index + 1) was cut short (the run was killed while writing it); dropped it")
            } else {
                throw ExperimentError.configurationFile(path: metricsPath, reason: "line \(index + 1) is not an epoch record (the file is damaged)")
            }
        }
        return (records, warnings)
    }

    /// Removes the temporary files (`.<name>.<hex>.tmp`) that a kill during an atomic write leaves in the
    /// folder and in `checkpoints`. - Returns: the paths removed.
    public func removeStrayTemporaryFiles() throws -> [String] {
        var removed: [String] = []
        for directory in [path, checkpointsPath] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }  // absent: nothing to clean
            for name in names.sorted() where name.hasPrefix(".") && name.hasSuffix(".tmp") {
                let file = (directory as NSString).appendingPathComponent(name)
                do {
                    try FileManager.default.removeItem(atPath: file)
                } catch {
                    throw CheckpointError.unwritable(path: file, reason: "cannot remove this stray temporary file: \(RunFolder.reason(of: error))")
                }
                removed.append(file)
            }
        }
        return removed
    }

    /// The system's reason inside a Foundation error (e.g. "No space left on device").
    static func reason(of error: Error) -> String { FileContents.reason(of: error) }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }()

    package static let lineEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
