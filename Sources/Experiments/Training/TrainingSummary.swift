/// How a training run ended.
public struct TrainingSummary: Sendable, Codable, Equatable {
    public enum Ending: String, Sendable, Codable {
        /// All epochs ran.
        case completed
        /// Validation had not improved for `patience` epochs.
        case stoppedEarly = "stopped-early"
        /// The loss stayed non-finite after the allowed roll-backs.
        case diverged
        /// Stopped on request after a completed epoch; `--resume` continues it.
        case interrupted
    }

    /// The run folder.
    public var run: String
    /// Completed epochs.
    public var epochs: Int
    /// The best validation estimate (nats) and its epoch.
    public var bestValidation: Double
    public var bestEpoch: Int
    public var ending: Ending
    /// Roll-backs after non-finite losses.
    public var recoveries: Int
    public var parameters: Int
}
