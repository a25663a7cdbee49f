import Foundation
import Tensors
import Networks

/// Batch normalisation as a bijection (Dinh et al., *Real NVP*, arXiv:1605.08803 §3.6; MAF §3.4),
/// used between the baselines' flow steps:
///
///     z = (x − m) / √(v + ε) ⊙ exp(γ) + β,   log|det ∂z/∂x| = Σ (γ − ½ log(v + ε)).
///
/// γ (log-scale) and β start at 0. In `training` mode m, v are the batch mean and biased variance, and
/// the running averages move by `momentum` towards them; in `evaluation` mode (and always in `inverse`,
/// which generation uses) the running averages are constants, so the layer is a fixed affine map.
/// A one-row batch has no variance, so in `training` mode it is mapped with the running averages, as in
/// `evaluation`; training refuses batches of one row for models with batch norm (`ExperimentConfiguration.validate`),
/// so this happens only when a caller runs single rows through a model left in training mode.
/// Under data-parallel training (`ReplicaScope.current`) m and v are those of the whole batch over every replica.
/// Ignores `context`.
public final class BatchNormBijection: Bijection {
    public var architecture: String { "batch norm" }
    public let logScale: Parameter
    public let shift: Parameter
    public let runningMean: Buffer
    public let runningVariance: Buffer
    /// How far the running averages move towards each batch's statistics (1 replaces them; see
    /// `FlowDensity.recomputeBatchNormStatistics`).
    public var momentum: Double
    public let epsilon: Double
    public private(set) var mode: LayerMode = .training
    public var ownParameters: [Parameter] { [logScale, shift] }
    public var ownBuffers: [Buffer] { [runningMean, runningVariance] }

    public init(featureCount: Int, momentum: Double = 0.1, epsilon: Double = 1e-5) {
        logScale = Parameter(name: "logScale", value: Tensor(zeros: [featureCount]))
        shift = Parameter(name: "shift", value: Tensor(zeros: [featureCount]))
        runningMean = Buffer(name: "runningMean", value: Tensor(zeros: [featureCount]))
        runningVariance = Buffer(name: "runningVariance", value: Tensor(repeating: 1, shape: [featureCount]))
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public func modeDidChange(to mode: LayerMode) { self.mode = mode }

    public func forward(_ x: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) {
        let mean: Tensor, variance: Tensor
        if mode == .training, let statistics = Self.batchStatistics(of: x) {
            (mean, variance) = statistics
            runningMean.value = runningMean.value * (1 - momentum) + mean.detached() * momentum
            runningVariance.value = runningVariance.value * (1 - momentum) + variance.detached() * momentum
        } else {
            mean = runningMean.value
            variance = runningVariance.value
        }
        let logStandardDeviation = (variance + epsilon).log() * 0.5
        let z = (x - mean) * (logScale.value - logStandardDeviation).exp() + shift.value
        let logAbsDet = (logScale.value - logStandardDeviation).sum()
        return (z, logAbsDet + zeroLogAbsDet(like: x))
    }

    /// The batch's mean and biased variance per feature, over every replica's rows under data-parallel training;
    /// `nil` for a batch of one row, whose statistics would be degenerate.
    static func batchStatistics(of x: Tensor) -> (mean: Tensor, variance: Tensor)? {
        if let replicas = ReplicaScope.current { return replicaStatistics(of: x, over: replicas) }
        guard x.shape[0] > 1 else { return nil }
        let mean = x.mean(alongAxis: 0)
        return (mean, (x - mean).squared().mean(alongAxis: 0))
    }

    /// The mean and biased variance of the whole batch when its rows are split over `replicas` (data-parallel
    /// training), with the gradients that one process holding every row would give (`summedOverReplicas`);
    /// `nil` when the whole batch has fewer than 2 rows, where one process would use the running averages too.
    static func replicaStatistics(of x: Tensor, over replicas: any ReplicaGroup) -> (mean: Tensor, variance: Tensor)? {
        let rowCount = replicas.sumOverReplicas(Double(x.shape[0]))
        guard rowCount > 1 else { return nil }
        let mean = x.sum(alongAxis: 0).summedOverReplicas(replicas) / rowCount
        return (mean, (x - mean).squared().sum(alongAxis: 0).summedOverReplicas(replicas) / rowCount)
    }

    public func inverse(_ z: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) {
        let logStandardDeviation = (runningVariance.value + epsilon).log() * 0.5
        let x = (z - shift.value) * (logStandardDeviation - logScale.value).exp() + runningMean.value
        return (x, (logStandardDeviation - logScale.value).sum() + zeroLogAbsDet(like: z))
    }
}
