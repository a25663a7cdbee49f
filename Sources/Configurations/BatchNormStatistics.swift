/// Where the baselines' batch-norm layers take their mean and variance when the model is validated or
/// tested (in training they always use the minibatch's).
public enum BatchNormStatistics: String, Sendable, Codable, CaseIterable {
    /// Exponential running averages of the minibatch statistics (momentum 0.1), as PyTorch keeps them.
    case runningAverage = "running-average"
    /// Recomputed over the training set (at most `FlowDensity.batchNormSampleLimit` evenly spaced rows)
    /// before every validation, so the checkpoint that is tested carries them too: what the MAF paper
    /// (Papamakarios et al., 2017, Appendix B) does after training.
    case trainingSet = "training-set"
}
