/// The names a checkpoint gives to what is not a model tensor: optimiser moments and optimiser metadata.
enum CheckpointNames {
    /// Every tensor name and metadata key the checkpoint itself writes starts with this.
    static let optimizerPrefix = "optimizer."
    /// Adam's first moment m of the parameter `name`.
    static func firstMoment(of name: String) -> String { firstMomentPrefix + name }
    /// Adam's second moment v of the parameter `name`.
    static func secondMoment(of name: String) -> String { secondMomentPrefix + name }
    static let firstMomentPrefix = optimizerPrefix + "firstMoment."
    static let secondMomentPrefix = optimizerPrefix + "secondMoment."
    /// Metadata key of Adam's step count t (a decimal integer).
    static let stepCount = optimizerPrefix + "stepCount"
    /// Metadata key of Adam's learning rate α (Swift's shortest round-tripping decimal).
    static let learningRate = optimizerPrefix + "learningRate"
}
