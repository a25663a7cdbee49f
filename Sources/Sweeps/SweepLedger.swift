import Checkpoints
import Configurations
import FileSystem
import Foundation
import Runs

/// The runs of a sweep and their state, all on disk, independent of who executes them (this process's
/// pool of training processes, or later the ranks of an MPI job sharing the list):
///
///     <root>/sweep.json                  the plan: every run, its dataset, model, point and seed
///     <root>/<run>/                      ordinary `lgf train` run folders
///     <root>/.sweep/configurations/<run>.json   the overrides each run's `lgf train --config` reads
///     <root>/.sweep/logs/<run>.log       each attempt's output
///     <root>/.sweep/failures/<run>.json  why the last attempt failed
///     <root>/lgf.lock                    held by the `lgf sweep` that owns the folder (`FolderLock`)
///
/// Each run folder's own lock (`RunFolder.acquireLock`) is held by its live training process, handed to it by the
/// sweep that started it, so a sweep started again after its predecessor was killed sees such a run as busy and does
/// not train it twice. A run's status is read from its folder (summary, checkpoints), its failure record and its lock.
public struct SweepLedger: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    public var planPath: String { join(root, "sweep.json") }
    var bookkeepingPath: String { join(root, ".sweep") }
    /// The sweep folder's lock file, held by the `lgf sweep` that owns the folder.
    public var lockPath: String { FolderLock.path(in: root) }
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
    /// - Throws: `SweepError.planChanged` when a run already started under this folder's plan would now get another
    ///   value of a setting a started run cannot change (`ResumeRule.fixed`; the others extend it, see
    ///   `extensionArguments(of:)`); nothing is written then.
    public func prepare(name: String, runs: [SweepRun]) throws {
        try createFolders()
        let previous = Dictionary((try readPlan()?.runs ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let changed = runs.compactMap { run -> (id: String, keys: [String])? in
            guard let before = previous[run.id], FileManager.default.fileExists(atPath: folder(of: run).configurationPath) else { return nil }
            let keys = run.overrides.keys(differingFrom: before.overrides).filter { Hyperparameters.named($0)?.onResume == .fixed }
            return keys.isEmpty ? nil : (run.id, keys)
        }
        if let first = changed.first { throw SweepError.planChanged(folder: root, run: first.id, keys: first.keys, otherRuns: changed.count - 1) }
        try write(Plan(name: name, runs: runs), to: planPath)
        for run in runs { try write(run.overrides, to: configurationFile(of: run)) }
    }

    /// Creates the sweep folder (if needed) and takes its lock, recording this process as its holder.
    /// - Throws: `SweepError.sweepFolderBusy` naming the process id and host of the sweep that holds it;
    ///   `.bookkeeping` when the lock file cannot be created.
    package func acquireLock() throws -> FolderLock {
        try createFolders()
        do throws(FolderLockError) {
            return try FolderLock.acquire(path: lockPath, command: "lgf sweep")
        } catch {
            switch error {
            case .held(_, let holder): throw SweepError.sweepFolderBusy(path: root, holder: holder?.description)
            case .unavailable(let path, let reason), .notBreakable(let path, let reason): throw SweepError.bookkeeping(path: path, reason: reason)
            }
        }
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
    /// - Throws: `SweepError.bookkeeping` when `sweep.json` cannot be read or is not a plan.
    public func readPlan() throws -> Plan? {
        try readIfPresent(Plan.self, from: planPath, as: "a sweep plan")
    }

    /// Where `run` stands now.
    public func status(of run: SweepRun) -> SweepRunStatus {
        if FolderLock.isHeld(path: folder(of: run).lockPath) { return .busy }
        return statusFromFiles(of: run)
    }

    /// The status from the run folder and the failure record alone. A file of the run that cannot be read, or is
    /// damaged, makes the run failed with the error as its reason (naming the file), so that it is reported and
    /// not trained over, while the sweep's other runs go on.
    func statusFromFiles(of run: SweepRun) -> SweepRunStatus {
        do {
            return try readStatus(of: run)
        } catch {
            return .failed(SweepFailure(exitCode: nil, signal: nil, reason: "\(error)", lastLines: [], epochs: 0))
        }
    }

    private func readStatus(of run: SweepRun) throws -> SweepRunStatus {
        let folder = folder(of: run)
        let summary = try folder.readSummary()   // nil until training ends
        if let summary, summary.ending == .completed || summary.ending == .stoppedEarly {
            // Finished under the plan it was started with; a plan asking for more epochs (or patience) continues it.
            return try extensionArguments(of: run, summary: summary).isEmpty ? .finished : .resumable(epochs: try epochCount(of: run))
        }
        if let failure = try readFailure(of: run) { return .failed(failure) }
        if let summary, summary.ending == .diverged {
            return .failed(SweepFailure(exitCode: nil, signal: nil, reason: "diverged: the loss stayed non-finite after \(summary.recoveries) roll-backs",
                                        lastLines: [], epochs: summary.epochs))
        }
        if FileManager.default.fileExists(atPath: folder.latestCheckpointPath) { return .resumable(epochs: try epochCount(of: run)) }
        return .fresh
    }

    /// Epochs recorded in the run's metrics so far (none before it starts).
    /// - Throws: `CheckpointError.unreadable` when `metrics.jsonl` cannot be read.
    public func epochCount(of run: SweepRun) throws -> Int {
        let path = folder(of: run).metricsPath
        do throws(FileSystemError) {
            let data = try FileContents.readIfPresent(path) ?? Data()
            return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        } catch {
            throw CheckpointError(error)
        }
    }

    /// The run's maximum epochs once its configuration is written, else `nil`: the stored maximum, or the plan's
    /// `epochs` where that is larger (the sweep extends the run to it; see `extensionArguments(of:)`).
    /// - Throws: the errors of reading a configuration that is there but unreadable or damaged.
    public func maximumEpochs(of run: SweepRun) throws -> Int? {
        guard let stored = try folder(of: run).readConfigurationIfPresent()?.training.maximumEpochs else { return nil }
        return max(stored, run.overrides.epochs ?? stored)
    }

    /// Why the run's last attempt failed, `nil` when it has no failure record.
    /// - Throws: `SweepError.bookkeeping` when the record cannot be read or is damaged.
    public func readFailure(of run: SweepRun) throws -> SweepFailure? {
        try readIfPresent(SweepFailure.self, from: failureFile(of: run), as: "a failure record")
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

    /// The last `count` non-empty lines of the run's log (none before its first attempt).
    /// - Throws: `SweepError.bookkeeping` when the log is there but cannot be read.
    public func lastLogLines(of run: SweepRun, count: Int = 5) throws -> [String] {
        let path = logFile(of: run)
        let data: Data
        do throws(FileSystemError) {
            data = try FileContents.readIfPresent(path) ?? Data()
        } catch {
            throw SweepError.bookkeeping(path: path, reason: error.reason)
        }
        let lines = String(decoding: data.suffix(16_384), as: UTF8.self)
            .split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return Array(lines.suffix(count))
    }

    /// The sweep's own JSON file at `path` as a `T`, `nil` when it is missing.
    /// - Throws: `SweepError.bookkeeping` naming the file when it cannot be read or is not `what`.
    private func readIfPresent<T: Decodable>(_ type: T.Type, from path: String, as what: String) throws -> T? {
        try FileContents.decodeJSONIfPresent(type, from: path) { error in
            guard case .damaged(_, let reason) = error else { return SweepError.bookkeeping(path: path, reason: error.reason) }
            return SweepError.bookkeeping(path: path, reason: "not \(what): \(reason)")
        }
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
