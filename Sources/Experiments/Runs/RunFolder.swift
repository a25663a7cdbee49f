import Foundation

/// The folder of one training run:
///
///     configuration.json         the resolved ExperimentConfiguration
///     metrics.jsonl              one EpochRecord per line
///     checkpoints/best.safetensors     the best model by validation (never replaced by a worse one)
///     checkpoints/latest.safetensors   the state after the last completed epoch (for --resume)
///     summary.json               the TrainingSummary once training ends
public struct RunFolder: Sendable {
    public let path: String

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
            throw ExperimentError.configurationFile(path: path, reason: "cannot create the run folder: \(error.localizedDescription)")
        }
    }

    public func writeConfiguration(_ configuration: ExperimentConfiguration) throws {
        try AtomicFile.write(Array(try RunFolder.encoder.encode(configuration)), to: configurationPath)
    }

    /// - Throws: `ExperimentError.notARun` when the folder has no configuration.
    public func readConfiguration() throws -> ExperimentConfiguration {
        guard let data = FileManager.default.contents(atPath: configurationPath) else {
            throw ExperimentError.notARun(path: path, missing: "configuration.json")
        }
        do {
            return try JSONDecoder().decode(ExperimentConfiguration.self, from: data)
        } catch {
            throw ExperimentError.configurationFile(path: configurationPath, reason: "cannot be read as a run configuration: \(error)")
        }
    }

    public func writeSummary(_ summary: TrainingSummary) throws {
        try AtomicFile.write(Array(try RunFolder.encoder.encode(summary)), to: summaryPath)
    }

    /// The epoch records written so far (none for a new run).
    public func readMetrics() throws -> [EpochRecord] {
        guard let data = FileManager.default.contents(atPath: metricsPath) else { return [] }
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
        try AtomicFile.write(Array(lines.joined().utf8), to: metricsPath)
    }

    /// Appends one record as a line.
    public func appendMetrics(_ record: EpochRecord) throws {
        let line = String(decoding: try RunFolder.lineEncoder.encode(record), as: UTF8.self) + "\n"
        guard let handle = FileHandle(forWritingAtPath: metricsPath) else {
            try AtomicFile.write(Array(line.utf8), to: metricsPath)
            return
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }()

    static let lineEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
