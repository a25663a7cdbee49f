import Distributed
import FileSystem
import Foundation
import Configurations
import Runs

/// How one attempt at a run ended.
public enum RunOutcome: Sendable, Equatable {
    /// Training finished (all epochs or early stopping).
    case finished
    /// Stopped on request (Ctrl-C, SIGTERM) with its checkpoints intact: the next sweep resumes it.
    case interrupted
    /// Failed: recorded in the ledger with its reason.
    case failed(SweepFailure)
}

/// One training process of a sweep, started by `RunLauncher`.
public struct LaunchedRun: @unchecked Sendable {
    // @unchecked: an executor polls and finishes each launched run from one thread only.
    public let run: SweepRun
    public let started: Date
    /// Whether the attempt continues a checkpointed run.
    public let isResuming: Bool
    let process: Process
    let log: SweepRunLog

    /// The training process's id.
    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// Sends SIGINT: `lgf train` stops after the current epoch (a second one stops it at once).
    public func interrupt() { process.interrupt() }
}

/// Starts one run of a sweep as an `lgf train` process (fresh or `--resume`) holding the run folder's lock, and
/// turns its exit into an outcome recorded in the ledger. It is the unit any executor uses: the local pool
/// of `lgf sweep --jobs N`, or ranks of an MPI job handed run ids one at a time.
///
/// The launcher takes the run folder's lock (`RunFolder.acquireLock`) to decide what the run needs, and hands it to
/// the training process as its standard input (`FolderLock`): the process adopts it, and holds it for as long as it
/// lives, even when the sweep that started it has been killed. No moment is left in which another writer could slip in.
public struct RunLauncher: Sendable {
    public let ledger: SweepLedger
    /// The `lgf` executable that runs `train`.
    public let executable: String

    /// What `launch` did.
    public enum Launch {
        case launched(LaunchedRun)
        /// Another process holds the run folder's lock.
        case busy
        /// Nothing to do: the run is finished (or failed, when failures are not retried).
        case nothingToDo(SweepRunStatus)
    }

    public init(ledger: SweepLedger, executable: String) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw SweepError.executableNotFound(path: executable) }
        self.ledger = ledger
        self.executable = executable
    }

    /// Starts `run` unless it is busy or needs nothing. A run with no checkpoint starts from scratch (its
    /// folder, holding at most a configuration and empty metrics, is emptied first, all but its lock); a checkpointed
    /// one resumes.
    /// - Throws: bookkeeping errors, or the error of starting the process.
    public func launch(_ run: SweepRun, retryingFailures: Bool) throws -> Launch {
        let folder = ledger.folder(of: run)
        let lock: FolderLock
        do {
            lock = try folder.acquireLock(command: "lgf sweep")
        } catch ExperimentError.runFolderLocked {
            return .busy
        }
        let status = ledger.status(ignoringLockOf: run)
        let isResuming: Bool
        switch status {
        case .finished, .busy:
            lock.release()
            return .nothingToDo(status)
        case .failed:
            guard retryingFailures else {
                lock.release()
                return .nothingToDo(status)
            }
            isResuming = FileManager.default.fileExists(atPath: folder.latestCheckpointPath)
        case .resumable: isResuming = true
        case .fresh: isResuming = false
        }
        do {
            try ledger.clearFailure(of: run)
            if !isResuming { try folder.removeEverythingButTheLock() }
            let arguments = isResuming ? run.resumeArguments(folder: folder.path) + (try ledger.extensionArguments(of: run))
                                       : run.trainArguments(folder: folder.path, configurationFile: ledger.configurationFile(of: run))
            let log = try SweepRunLog(path: ledger.logFile(of: run))
            log.note("== lgf sweep \(ISO8601DateFormatter().string(from: Date())): \(isResuming ? "resume" : "start"): \(executable) \(arguments.joined(separator: " "))")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardOutput = log.handle
            process.standardError = log.handle
            // The locked file as standard input hands the lock over (see `FolderLock`); this copy closes when `lock` goes.
            process.standardInput = FileHandle(fileDescriptor: lock.handOverDescriptor, closeOnDealloc: false)
            // A rank of an MPI sweep starts ordinary single-process training runs.
            process.environment = MPIProcessGroup.environmentForChildProcess()
            do {
                try process.run()
            } catch {
                log.close()
                throw error
            }
            return .launched(LaunchedRun(run: run, started: Date(), isResuming: isResuming, process: process, log: log))
        } catch {
            lock.release()
            throw error
        }
    }

    /// After the process has exited: the outcome, with a failure recorded in the ledger.
    /// - Parameter stopping: whether the sweep asked its processes to stop (their exits 130 and 143 are then interruptions).
    public func finish(_ launched: LaunchedRun, stopping: Bool) throws -> RunOutcome {
        let process = launched.process
        let run = launched.run
        let bySignal = process.terminationReason == .uncaughtSignal
        let code = process.terminationStatus
        launched.log.note("== lgf sweep: " + (bySignal ? "killed by signal \(code)" : "exit \(code)"))
        launched.log.close()
        let status = ledger.status(of: run)
        if !bySignal && code == 0 {
            if status == .finished { return .finished }
            if case .failed(let failure) = status { return .failed(failure) }
            return .interrupted
        }
        let interruption: Set<Int32> = bySignal ? [SIGINT, SIGTERM] : [130, 143]
        if interruption.contains(code) && (stopping || status != .fresh) && !isDiverged(status) { return .interrupted }
        let lines = try ledger.lastLogLines(of: run).filter { !$0.hasPrefix("== lgf sweep") }
        let reason: String
        if case .failed(let recorded) = status, recorded.reason.hasPrefix("diverged") {
            reason = recorded.reason
        } else {
            reason = (bySignal ? "killed by signal \(code)" : "exit \(code)") + (lines.last.map { ": \($0)" } ?? "")
        }
        let failure = SweepFailure(exitCode: bySignal ? nil : code, signal: bySignal ? code : nil, reason: reason,
                                   lastLines: lines, epochs: try ledger.epochCount(of: run))
        try ledger.recordFailure(failure, of: run)
        return .failed(failure)
    }

    private func isDiverged(_ status: SweepRunStatus) -> Bool {
        if case .failed(let failure) = status { return failure.reason.hasPrefix("diverged") }
        return false
    }
}

extension SweepLedger {
    /// `status(of:)` for the holder of the run's lock.
    func status(ignoringLockOf run: SweepRun) -> SweepRunStatus {
        SweepLedger(root: root).statusFromFiles(of: run)
    }
}
