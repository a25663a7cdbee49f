/// One line of a run's `metrics.jsonl`: what an epoch achieved.
public struct EpochRecord: Sendable, Codable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// The mean training objective over the epoch's minibatches (ELBO, or exact log-likelihood), in nats.
    public var trainObjective: Double
    /// The mean validation estimate after the epoch (importance-sampled with K_valid, or exact), in nats.
    public var validation: Double
    /// Wall-clock seconds the epoch took (training and validation).
    public var seconds: Double
    /// The learning rate in force during the epoch.
    public var learningRate: Double

    public init(epoch: Int, trainObjective: Double, validation: Double, seconds: Double, learningRate: Double) {
        self.epoch = epoch
        self.trainObjective = trainObjective
        self.validation = validation
        self.seconds = seconds
        self.learningRate = learningRate
    }
}
