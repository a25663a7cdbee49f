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
/// Without its own affine map (`learnsAffine: false`, the localised flows' normalisation in the authors' later code)
/// γ and β are fixed at 0 and the layer has no parameters.
/// Ignores the conditioning (index and context).
public final class BatchNormBijection: Bijection {
    public var architecture: String { logScale == nil ? "batch norm without parameters" : "batch norm" }
    /// γ, `[D]`; `nil` when the layer has no affine map of its own.
    public let logScale: Parameter?
    /// β, `[D]`; `nil` when the layer has no affine map of its own.
    public let shift: Parameter?
    public let runningMean: Buffer
    public let runningVariance: Buffer
    /// How far the running averages move towards each batch's statistics (1 replaces them; see
    /// `FlowDensity.recomputeBatchNormStatistics`).
    public var momentum: Double
    public let epsilon: Double
    public private(set) var mode: LayerMode = .training
    public var ownParameters: [Parameter] { [logScale, shift].compactMap { $0 } }
    public var ownBuffers: [Buffer] { [runningMean, runningVariance] }

    /// - Parameters:
    ///   - learnsAffine: whether the layer has its own log-scale γ and shift β (the baselines) or none.
    public init(featureCount: Int, momentum: Double = 0.1, epsilon: Double = 1e-5, learnsAffine: Bool = true) {
        logScale = learnsAffine ? Parameter(name: "logScale", value: Tensor(zeros: [featureCount])) : nil
        shift = learnsAffine ? Parameter(name: "shift", value: Tensor(zeros: [featureCount])) : nil
        runningMean = Buffer(name: "runningMean", value: Tensor(zeros: [featureCount]))
        runningVariance = Buffer(name: "runningVariance", value: Tensor(repeating: 1, shape: [featureCount]))
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public func modeDidChange(to mode: LayerMode) { self.mode = mode }

    public func forward(_ x: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        let mean: Tensor, variance: Tensor
        if mode == .training, let statistics = Self.batchStatistics(of: x) {
            (mean, variance) = statistics
            runningMean.value = runningMean.value * (1 - momentum) + mean.detached() * momentum
            runningVariance.value = runningVariance.value * (1 - momentum) + variance.detached() * momentum
        } else {
            mean = runningMean.value
            variance = runningVariance.value
        }
        let logFactor = self.logFactor(variance: variance)
        let centred = (x - mean) * logFactor.exp()
        let z = shift.map { centred + $0.value } ?? centred
        return (z, logFactor.sum() + zeroLogAbsDet(like: x))
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

    public func inverse(_ z: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        let logFactor = self.logFactor(variance: runningVariance.value)
        let x = (shift.map { z - $0.value } ?? z) * (-logFactor).exp() + runningMean.value
        return (x, (-logFactor).sum() + zeroLogAbsDet(like: z))
    }

    /// γ − ½ log(v + ε) per feature: the log of the factor the layer multiplies by.
    private func logFactor(variance: Tensor) -> Tensor {
        let logStandardDeviation = (variance + epsilon).log() * 0.5
        return logScale.map { $0.value - logStandardDeviation } ?? -logStandardDeviation
    }
}
