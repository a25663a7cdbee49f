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

    enum CodingKeys: String, CodingKey { case run, epochs, bestValidation, bestEpoch, ending, recoveries, parameters }

    /// `bestValidation` is −∞ when no epoch completed (divergence in the first): JSON has no −∞, so it is
    /// written as `null` and read back as −∞.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(run, forKey: .run)
        try container.encode(epochs, forKey: .epochs)
        try container.encode(bestValidation.isFinite ? bestValidation : nil, forKey: .bestValidation)
        try container.encode(bestEpoch, forKey: .bestEpoch)
        try container.encode(ending, forKey: .ending)
        try container.encode(recoveries, forKey: .recoveries)
        try container.encode(parameters, forKey: .parameters)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        run = try container.decode(String.self, forKey: .run)
        epochs = try container.decode(Int.self, forKey: .epochs)
        bestValidation = try container.decodeIfPresent(Double.self, forKey: .bestValidation) ?? -.infinity
        bestEpoch = try container.decode(Int.self, forKey: .bestEpoch)
        ending = try container.decode(Ending.self, forKey: .ending)
        recoveries = try container.decode(Int.self, forKey: .recoveries)
        parameters = try container.decode(Int.self, forKey: .parameters)
    }

    public init(run: String, epochs: Int, bestValidation: Double, bestEpoch: Int, ending: Ending, recoveries: Int, parameters: Int) {
        self.run = run
        self.epochs = epochs
        self.bestValidation = bestValidation
        self.bestEpoch = bestEpoch
        self.ending = ending
        self.recoveries = recoveries
        self.parameters = parameters
    }
}
