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
