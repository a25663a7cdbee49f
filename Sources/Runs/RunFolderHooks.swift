/// The named moments between the file operations of one epoch, in the order `Trainer` reaches them
/// (see `RunFolder` for the write order they separate).
public enum RunWritePoint: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The epoch is computed; nothing of it is on disk yet.
    case beforeMetricsLine = "before-metrics-line"
    /// The epoch's line is in `metrics.jsonl` (synced); no checkpoint refers to it yet.
    case afterMetricsLine = "after-metrics-line"
    /// A better model's `best.safetensors` is in place; `latest.safetensors` is still the previous epoch's.
    case afterBestCheckpoint = "after-best-checkpoint"
    /// `latest.safetensors` holds the epoch: it is complete.
    case afterLatestCheckpoint = "after-latest-checkpoint"

    public var description: String { rawValue }
}

/// Fault injection for a run folder, used by the tests (and inert by default): a hook called at every
/// `RunWritePoint`, which may throw to stop the trainer right there exactly as a kill would (the trainer
/// performs no clean-up on the way out), and a hook that makes chosen writes fail with an `errno` such as
/// `ENOSPC`, through the same code path and message as a real failure.
public struct RunFolderHooks: Sendable {
    /// Called with the point and the epoch it belongs to.
    public var atPoint: (@Sendable (RunWritePoint, Int) throws -> Void)?
    /// Called with the path of every file about to be written; a non-nil `errno` makes that write fail.
    public var writeError: (@Sendable (String) -> Int32?)?

    public init(atPoint: (@Sendable (RunWritePoint, Int) throws -> Void)? = nil, writeError: (@Sendable (String) -> Int32?)? = nil) {
        self.atPoint = atPoint
        self.writeError = writeError
    }

    package func reach(_ point: RunWritePoint, epoch: Int) throws { try atPoint?(point, epoch) }

    package func simulatedError(for path: String) -> Int32? { writeError?(path) }
}
