import Foundation

/// Why a run of a sweep failed: stored as `.sweep/failures/<run>.json` and shown by `lgf sweep` and the report.
public struct SweepFailure: Sendable, Codable, Equatable {
    /// The training process's exit status, when it exited.
    public var exitCode: Int32?
    /// The signal that ended it, when one did.
    public var signal: Int32?
    /// One line: "exit 1: training stopped at epoch 12: …" or "diverged".
    public var reason: String
    /// The last lines the process wrote (standard error and output).
    public var lastLines: [String]
    /// Epochs completed before the failure.
    public var epochs: Int

    public init(exitCode: Int32?, signal: Int32?, reason: String, lastLines: [String], epochs: Int) {
        self.exitCode = exitCode
        self.signal = signal
        self.reason = reason
        self.lastLines = lastLines
        self.epochs = epochs
    }
}

/// Where a run of a sweep stands, as read from its folder and the sweep's bookkeeping.
public enum SweepRunStatus: Sendable, Equatable {
    /// Training ended normally (all epochs, or early stopping): nothing more to do.
    case finished
    /// The last attempt failed (non-zero exit, divergence); not retried unless asked.
    case failed(SweepFailure)
    /// Some epochs are checkpointed: `lgf train --resume` continues it.
    case resumable(epochs: Int)
    /// Nothing checkpointed yet: start from scratch.
    case fresh
    /// Another live process holds the run's lock (e.g. a training process left behind by a killed sweep).
    case busy
}
