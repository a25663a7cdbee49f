import Tensors

/// Batch normalisation over the batch axis (Ioffe & Szegedy 2015, arXiv:1502.03167), as PyTorch's
/// `nn.BatchNorm1d`: y = (x − μ) / √(σ² + ε) · γ + β with γ = 1, β = 0 initially.
///
/// In `training` mode μ and σ² are the batch mean and (biased) variance, and the running averages move by
/// `momentum` towards them (the running variance uses the unbiased batch variance, as PyTorch does); in
/// `evaluation` mode the running averages are used as constants, so the layer is a fixed affine map.
public final class BatchNorm1d: UnaryLayer {
    public let scale: Parameter
    public let shift: Parameter
    public let runningMean: Buffer
    public let runningVariance: Buffer
    public let momentum: Double
    public let epsilon: Double
    public private(set) var mode: LayerMode = .training
    public var ownParameters: [Parameter] { [scale, shift] }
    public var ownBuffers: [Buffer] { [runningMean, runningVariance] }

    public init(featureCount: Int, momentum: Double = 0.1, epsilon: Double = 1e-5) {
        scale = Parameter(name: "weight", value: Tensor(repeating: 1, shape: [featureCount]))
        shift = Parameter(name: "bias", value: Tensor(zeros: [featureCount]))
        runningMean = Buffer(name: "runningMean", value: Tensor(zeros: [featureCount]))
        runningVariance = Buffer(name: "runningVariance", value: Tensor(repeating: 1, shape: [featureCount]))
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public func modeDidChange(to mode: LayerMode) { self.mode = mode }

    /// - Parameter x: `[batch, featureCount]` (batch ≥ 2 in training). - Returns: the same shape.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let mean: Tensor, variance: Tensor
        switch mode {
        case .training:
            require(x.shape[0] > 1, "BatchNorm1d: training needs a batch of at least 2 rows, got \(x.shape)")
            mean = x.mean(alongAxis: 0)
            variance = (x - mean).squared().mean(alongAxis: 0)
            let batch = Double(x.shape[0])
            runningMean.value = runningMean.value * (1 - momentum) + mean.detached() * momentum
            runningVariance.value = runningVariance.value * (1 - momentum) + variance.detached() * (momentum * batch / (batch - 1))
        case .evaluation:
            mean = runningMean.value
            variance = runningVariance.value
        }
        return (x - mean) / (variance + epsilon).squareRoot() * scale.value + shift.value
    }
}
