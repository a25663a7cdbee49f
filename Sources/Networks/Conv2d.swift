import Tensors

/// A 2-D convolution layer, stride 1 with "same" zero padding (`Tensor.conv2d`), weight `[out, in, k, k]` and
/// optional bias `[out]`, initialised as PyTorch's `nn.Conv2d`: both U(±1/√fan_in), fan_in = in·k·k.
public final class Conv2d: UnaryLayer {
    public let weight: Parameter
    public let bias: Parameter?
    public var ownParameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// - Parameters:
    ///   - inputChannels: channels of the input.
    ///   - outputChannels: channels of the output (filters).
    ///   - kernelSize: k, odd (1 or 3 in the ResNets here); padding is (k − 1)/2.
    ///   - usesBias: whether a per-channel bias is added.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, usesBias: Bool = true,
                using generator: inout some RandomNumberGenerator) {
        precondition(kernelSize >= 1 && kernelSize % 2 == 1, "Conv2d: kernel size \(kernelSize) must be odd")
        let fanIn = inputChannels * kernelSize * kernelSize
        weight = Parameter(name: "weight", value: Initialization.uniformFanIn(shape: [outputChannels, inputChannels, kernelSize, kernelSize],
                                                                                  fanIn: fanIn, using: &generator))
        bias = usesBias ? Parameter(name: "bias", value: Initialization.uniformFanIn(shape: [outputChannels], fanIn: fanIn, using: &generator)) : nil
    }

    public var inputChannels: Int { weight.shape[1] }
    public var outputChannels: Int { weight.shape[0] }
    public var kernelSize: Int { weight.shape[2] }

    /// - Parameter x: `[batch, inputChannels, height, width]`. - Returns: `[batch, outputChannels, height, width]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.conv2d(x, weight: weight.value, bias: bias?.value)
    }
}
