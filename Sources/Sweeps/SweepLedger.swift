import Foundation
import Checkpoints
import Runs

/// The runs of a sweep and their state, all on disk, independent of who executes them (this process's
/// pool of training processes, or later the ranks of an MPI job sharing the list):
///
///     <root>/sweep.json                  the plan: every run, its dataset, model, point and seed
///     <root>/<run>/                      ordinary `lgf train` run folders
///     <root>/.sweep/configurations/<run>.json   the overrides each run's `lgf train --config` reads
///     <root>/.sweep/logs/<run>.log       each attempt's output; locked (flock) by the live training process
///     <root>/.sweep/failures/<run>.json  why the last attempt failed
///     <root>/.sweep/lock                 held by the `lgf sweep` that owns the folder
///
/// A run's status is read from its folder (summary, checkpoints), its failure record and its lock, so
/// a sweep started again after any kind of stop finds where each run stands.
public struct SweepLedger: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    public var planPath: String { join(root, "sweep.json") }
    var bookkeepingPath: String { join(root, ".sweep") }
    public var lockPath: String { join(bookkeepingPath, "lock") }
    public func folder(of run: SweepRun) -> RunFolder { RunFolder(path: join(root, run.id)) }
    public func configurationFile(of run: SweepRun) -> String { join(bookkeepingPath, "configurations/\(run.id).json") }
    public func logFile(of run: SweepRun) -> String { join(bookkeepingPath, "logs/\(run.id).log") }
    public func failureFile(of run: SweepRun) -> String { join(bookkeepingPath, "failures/\(run.id).json") }

    /// What `sweep.json` holds.
    public struct Plan: Codable, Sendable, Equatable {
        public var name: String
        public var runs: [SweepRun]
    }

    /// Creates the folders and writes the plan and every run's configuration file.
    /// - Throws: `SweepError.bookkeeping` naming the file that cannot be written.
    /// - Throws: `SweepError.planChanged` when a run already started under this folder's plan would now get other
    ///   values than epochs and patience (which extend it; see `extensionArguments(of:)`); nothing is written then.
    public func prepare(name: String, runs: [SweepRun]) throws {
        try createFolders()
        let previous = Dictionary((try readPlan()?.runs ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let changed = runs.compactMap { run -> (id: String, keys: [String])? in
            guard let before = previous[run.id], FileManager.default.fileExists(atPath: folder(of: run).configurationPath) else { return nil }
            let keys = run.overrides.keys(differingFrom: before.overrides).filter { $0 != "epochs" && $0 != "patience" }
            return keys.isEmpty ? nil : (run.id, keys)
        }
        if let first = changed.first { throw SweepError.planChanged(folder: root, run: first.id, keys: first.keys, otherRuns: changed.count - 1) }
        try write(Plan(name: name, runs: runs), to: planPath)
        for run in runs { try write(run.overrides, to: configurationFile(of: run)) }
    }

    /// Creates the sweep folder and its bookkeeping folders.
    public func createFolders() throws {
        for folder in ["configurations", "logs", "failures"] {
            do {
                try FileManager.default.createDirectory(atPath: join(bookkeepingPath, folder), withIntermediateDirectories: true)
            } catch {
                throw SweepError.bookkeeping(path: join(bookkeepingPath, folder), reason: "cannot create the folder: \(error.localizedDescription)")
            }
        }
    }

    /// The plan written by `prepare`, or `nil` when the folder is not a sweep's.
    public func readPlan() throws -> Plan? {
        guard let data = FileManager.default.contents(atPath: planPath) else { return nil }
        do {
            return try JSONDecoder().decode(Plan.self, from: data)
        } catch {
            throw SweepError.bookkeeping(path: planPath, reason: "not a sweep plan: \(error)")
        }
    }

    /// Where `run` stands now.
    public func status(of run: SweepRun) -> SweepRunStatus {
        if RunLock.isHeld(path: logFile(of: run)) { return .busy }
        return statusFromFiles(of: run)
    }

    /// The status from the run folder and the failure record alone.
    func statusFromFiles(of run: SweepRun) -> SweepRunStatus {
        let folder = folder(of: run)
        let summary = readSummary(of: run)   // missing until training ends; unreadable counts as missing: resume rewrites it
        if let summary, summary.ending == .completed || summary.ending == .stoppedEarly {
            // Finished under the plan it was started with; a plan asking for more epochs (or patience) continues it.
            return extensionArguments(of: run, summary: summary).isEmpty ? .finished : .resumable(epochs: epochCount(of: run))
        }
        if let failure = readFailure(of: run) { return .failed(failure) }
        if let summary, summary.ending == .diverged {
            return .failed(SweepFailure(exitCode: nil, signal: nil, reason: "diverged: the loss stayed non-finite after \(summary.recoveries) roll-backs",
                                        lastLines: [], epochs: summary.epochs))
        }
        if FileManager.default.fileExists(atPath: folder.latestCheckpointPath) { return .resumable(epochs: epochCount(of: run)) }
        return .fresh
    }

    /// Epochs recorded in the run's metrics so far.
    public func epochCount(of run: SweepRun) -> Int {
        guard let data = FileManager.default.contents(atPath: folder(of: run).metricsPath) else { return 0 }
        return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// The run's maximum epochs once its configuration is written, else `nil`: the stored maximum, or the plan's
    /// `epochs` where that is larger (the sweep extends the run to it; see `extensionArguments(of:)`).
    public func maximumEpochs(of run: SweepRun) -> Int? {
        guard let stored = (try? folder(of: run).readConfiguration())?.training.maximumEpochs else { return nil }   // not written yet
        return max(stored, run.overrides.epochs ?? stored)
    }

    public func readFailure(of run: SweepRun) -> SweepFailure? {
        guard let data = FileManager.default.contents(atPath: failureFile(of: run)) else { return nil }
        return try? JSONDecoder().decode(SweepFailure.self, from: data)   // a damaged record counts as none: the run is retried
    }

    public func recordFailure(_ failure: SweepFailure, of run: SweepRun) throws {
        try write(failure, to: failureFile(of: run))
    }

    public func clearFailure(of run: SweepRun) throws {
        let path = failureFile(of: run)
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw SweepError.bookkeeping(path: path, reason: "cannot remove the old failure record: \(error.localizedDescription)")
        }
    }

    /// The last `count` non-empty lines of the run's log.
    public func lastLogLines(of run: SweepRun, count: Int = 5) -> [String] {
        guard let data = FileManager.default.contents(atPath: logFile(of: run)) else { return [] }
        let lines = String(decoding: data.suffix(16_384), as: UTF8.self)
            .split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return Array(lines.suffix(count))
    }

    private func write(_ value: some Encodable, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try RunFiles.write(Array(try encoder.encode(value)), to: path)
        } catch {
            throw SweepError.bookkeeping(path: path, reason: "cannot write: \(error)")
        }
    }

    private func join(_ base: String, _ name: String) -> String { (base as NSString).appendingPathComponent(name) }
}
