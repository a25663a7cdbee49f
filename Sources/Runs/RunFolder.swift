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
    /// The folder's lock when this process holds it (`acquireLock`): a trainer given a folder with its lock writes under
    /// that lock instead of taking its own.
    package var lock: FolderLock?

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

    /// Creates the folder (and the folders above it) if it is missing.
    public func create() throws {
        try RunFolder.createDirectory(path, what: "the run folder")
    }

    /// Creates the `checkpoints` subfolder, after `configuration.json` (see the write order above).
    public func createCheckpointsFolder() throws {
        try RunFolder.createDirectory(checkpointsPath, what: "the run's checkpoints folder")
    }

    private static func createDirectory(_ path: String, what: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CheckpointError.unwritable(path: path, reason: "cannot create \(what): \(RunFolder.reason(of: error))")
        }
    }

    /// Writes `configuration.json`: the configuration with the run's id and fingerprint (`RunIdentity`) beside its keys.
    /// - Parameter runID: the run's id; `nil` only for a run started before runs had ids, which keeps none.
    public func writeConfiguration(_ configuration: ExperimentConfiguration, runID: String?) throws {
        let record = StoredConfiguration(configuration: configuration, runID: runID)
        try RunFiles.write(Array(try RunFolder.encoder.encode(record)), to: configurationPath,
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
        try readStoredConfigurationIfPresent()?.configuration
    }

    /// `configuration.json` with the run's id, or `nil` when the folder has none yet.
    /// - Throws: as `readConfigurationIfPresent`.
    public func readStoredConfigurationIfPresent() throws -> StoredConfiguration? {
        try readIfPresent(StoredConfiguration.self, from: configurationPath, as: "a run configuration")
    }

    /// `configuration.json` with the run's id.
    /// - Throws: `ExperimentError.notARun` when the folder has none; as `readConfigurationIfPresent`.
    public func readStoredConfiguration() throws -> StoredConfiguration {
        guard let stored = try readStoredConfigurationIfPresent() else { throw ExperimentError.notARun(path: path, missing: "configuration.json") }
        return stored
    }

    /// Checks the settings of this run's `configuration.json` as `ExperimentConfiguration.validate` does.
    /// - Throws: `ExperimentError.corruptRun` naming the file, with the setting at fault: a run never stores settings
    ///   it could not train with, so the file was edited or damaged.
    public func checkSettings(of configuration: ExperimentConfiguration) throws {
        do {
            try configuration.validate()
        } catch {
            throw ExperimentError.corruptRun(path: configurationPath, reason: "its settings cannot be a run's: \(error)")
        }
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

    /// The epoch records written so far (none for a new run). A last line cut short is left out: it is an epoch being
    /// written, or what a kill left (`readMetricsRepairing` says so).
    /// - Throws: `CheckpointError.unreadable` naming the file and the system's reason; `.configurationFile`
    ///   for a line before the last that is not a record.
    public func readMetrics() throws -> [EpochRecord] {
        try readMetricsRepairing().records
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

    /// The epoch records, repairing what a kill can leave: a last line that is cut short (no newline, or not a
    /// record: any prefix of a line, or the zero bytes a power cut can leave) is dropped, with a warning. A damaged
    /// line before the last is corruption, not a kill, and is an error naming the line. Lines may end in CRLF.
    public func readMetricsRepairing() throws -> (records: [EpochRecord], warnings: [String]) {
        let bytes: [UInt8]
        do throws(CheckpointError) {
            bytes = try RunFiles.read(metricsPath)
        } catch {
            guard case .fileNotFound = error else { throw error }
            return ([], [])
        }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
        let lastLine = lines.lastIndex { !$0.isEmpty }
        var records: [EpochRecord] = [], warnings: [String] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let isComplete = index < lines.count - 1   // followed by a newline
            let record = try? JSONDecoder().decode(EpochRecord.self, from: Data(line))  // nil: judged below by position
            if let record, isComplete {
                records.append(record)
            } else if index == lastLine {
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
