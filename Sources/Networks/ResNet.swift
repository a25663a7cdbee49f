import Tensors

/// The convolutional network of the image couplers, "ResNet blocks × hidden" (Cornish et al. 2020,
/// Appendix D; the layout of the authors' code): conv 3 × 3 without bias (in → hidden) → `blockCount` residual blocks →
/// BN → ReLU → conv 1 × 1 with bias (hidden → out) → w ⊙ tanh(·), with w one weight per output channel, initially 1.
/// The bounded output keeps a coupling's log-scale in [−w, w] at the start of training.
public final class ResNet: UnaryLayer {
    public let inputConvolution: Conv2d
    public let blocks: [ResidualBlock]
    public let outputNorm: BatchNorm2d
    public let outputConvolution: Conv2d
    /// w, `[outputChannels]`.
    public let outputScale: Parameter
    public var ownParameters: [Parameter] { [outputScale] }
    public var sublayers: [any Layer] { [inputConvolution] + blocks + [outputNorm, outputConvolution] }
    public var sublayerNames: [String] { ["input"] + blocks.indices.map { "blocks.\($0)" } + ["outputNorm", "output"] }

    /// - Parameters:
    ///   - inputChannels: channels of the input image.
    ///   - outputChannels: channels of the output (e.g. 2C: a scale and a shift per channel).
    ///   - blockCount: residual blocks (4 or 8 for the RealNVP couplers, 2 for an LGF's index networks).
    ///   - hiddenChannels: channels inside (64, or 8 for the LGF's (s, t) network).
    public init(inputChannels: Int, outputChannels: Int, blockCount: Int, hiddenChannels: Int, using generator: inout some RandomNumberGenerator) {
        inputConvolution = Conv2d(inputChannels: inputChannels, outputChannels: hiddenChannels, kernelSize: 3, usesBias: false, using: &generator)
        var blocks: [ResidualBlock] = []
        for _ in 0..<blockCount { blocks.append(ResidualBlock(channelCount: hiddenChannels, using: &generator)) }
        self.blocks = blocks
        outputNorm = BatchNorm2d(channelCount: hiddenChannels)
        outputConvolution = Conv2d(inputChannels: hiddenChannels, outputChannels: outputChannels, kernelSize: 1, usesBias: true, using: &generator)
        outputScale = Parameter(name: "outputScale", value: Tensor(repeating: 1, shape: [outputChannels]))
    }

    /// - Parameter x: `[batch, inputChannels, height, width]`. - Returns: `[batch, outputChannels, height, width]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var h = inputConvolution(x)
        for block in blocks { h = block(h) }
        let y = outputConvolution(outputNorm.normalizedWithReLU(h)).tanh()
        return y * outputScale.value.reshaped(to: [outputScale.shape[0], 1, 1])
    }
}
