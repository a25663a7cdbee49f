import Tensors

/// Batch normalisation per channel over N, H and W (Ioffe & Szegedy 2015, arXiv:1502.03167), as PyTorch's
/// `nn.BatchNorm2d`, and per feature over the batch for `[N, C]` rows, as `nn.BatchNorm1d` (rows are images of
/// 1 × 1, so both go through one fused primitive): y = (x − μ) / √(σ² + ε) · γ + β, γ = 1 and β = 0 initially.
///
/// In `training` mode μ and σ² are the batch's (biased variance) and the running averages move by `momentum`
/// towards them (the running variance towards the unbiased batch variance, as PyTorch does); in `evaluation` mode
/// the running averages are constants. The running averages are buffers, so checkpoints save them.
///
/// Under data-parallel training (`ReplicaScope.current` with more than one replica) μ and σ² are those of the whole
/// batch over every replica, with the gradients one process holding every image would give (PyTorch's
/// `SyncBatchNorm`), so the running averages move identically on every replica.
public final class BatchNorm2d: UnaryLayer {
    public let scale: Parameter
    public let shift: Parameter
    public let runningMean: Buffer
    public let runningVariance: Buffer
    public let momentum: Double
    public let epsilon: Double
    public private(set) var mode: LayerMode = .training
    public var ownParameters: [Parameter] { [scale, shift] }
    public var ownBuffers: [Buffer] { [runningMean, runningVariance] }

    public init(channelCount: Int, momentum: Double = 0.1, epsilon: Double = 1e-5) {
        scale = Parameter(name: "weight", value: Tensor(repeating: 1, shape: [channelCount]))
        shift = Parameter(name: "bias", value: Tensor(zeros: [channelCount]))
        runningMean = Buffer(name: "runningMean", value: Tensor(zeros: [channelCount]))
        runningVariance = Buffer(name: "runningVariance", value: Tensor(repeating: 1, shape: [channelCount]))
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public var channelCount: Int { scale.shape[0] }

    public func modeDidChange(to mode: LayerMode) { self.mode = mode }

    /// - Parameter x: `[batch, channelCount, height, width]` or `[batch, channelCount]` (at least 2 values per
    ///   channel in training).
    /// - Returns: the same shape.
    public func callAsFunction(_ x: Tensor) -> Tensor { normalized(x, appliesReLU: false) }

    /// ReLU of the normalised input, fused with the normalisation in training mode (`Tensor.batchNormalized`).
    public func normalizedWithReLU(_ x: Tensor) -> Tensor { normalized(x, appliesReLU: true) }

    private func normalized(_ x: Tensor, appliesReLU: Bool) -> Tensor {
        if x.rank == 2 {
            return normalized(x.reshaped(to: [x.shape[0], x.shape[1], 1, 1]), appliesReLU: appliesReLU).reshaped(to: x.shape)
        }
        require(x.rank == 4 && x.shape[1] == channelCount, "BatchNorm2d: input \(x.shape), expected [N, \(channelCount), H, W] or [N, \(channelCount)]")
        switch mode {
        case .training:
            let replicas = ReplicaScope.current.flatMap { $0.replicaCount > 1 ? $0 : nil }
            let (output, statistics) = Tensor.batchNormalized(x, scale: scale.value, shift: shift.value, epsilon: epsilon, appliesReLU: appliesReLU,
                                                              over: replicas)
            let count = statistics.count
            runningMean.value = runningMean.value * (1 - momentum) + statistics.mean * momentum
            runningVariance.value = runningVariance.value * (1 - momentum) + statistics.variance * (momentum * count / (count - 1))
            return output
        case .evaluation:
            let column: Shape = [channelCount, 1, 1]
            let factor = scale.value.reshaped(to: column) / (runningVariance.value.reshaped(to: column) + epsilon).squareRoot()
            let output = (x - runningMean.value.reshaped(to: column)) * factor + shift.value.reshaped(to: column)
            return appliesReLU ? output.relu() : output
        }
    }
}
