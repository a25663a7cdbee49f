import Tensors

/// One pre-activation residual block of the image couplers (Cornish et al. 2020, Appendix D):
/// x + conv₂(ReLU(BN₂(conv₁(ReLU(BN₁(x)))))), both convolutions 3 × 3 without bias, channels unchanged.
/// He et al., *Identity Mappings in Deep Residual Networks*, ECCV 2016, arXiv:1603.05027.
public final class ResidualBlock: UnaryLayer {
    public let firstNorm: BatchNorm2d
    public let firstConvolution: Conv2d
    public let secondNorm: BatchNorm2d
    public let secondConvolution: Conv2d
    public var sublayers: [any Layer] { [firstNorm, firstConvolution, secondNorm, secondConvolution] }
    public var sublayerNames: [String] { ["norm1", "conv1", "norm2", "conv2"] }

    public init(channelCount: Int, using generator: inout some RandomNumberGenerator) {
        firstNorm = BatchNorm2d(channelCount: channelCount)
        firstConvolution = Conv2d(inputChannels: channelCount, outputChannels: channelCount, kernelSize: 3, usesBias: false, using: &generator)
        secondNorm = BatchNorm2d(channelCount: channelCount)
        secondConvolution = Conv2d(inputChannels: channelCount, outputChannels: channelCount, kernelSize: 3, usesBias: false, using: &generator)
    }

    /// - Parameter x: `[batch, channelCount, height, width]`. - Returns: the same shape.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let inner = secondConvolution(secondNorm.normalizedWithReLU(firstConvolution(firstNorm.normalizedWithReLU(x))))
        return x + inner
    }
}
