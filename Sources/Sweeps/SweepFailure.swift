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
