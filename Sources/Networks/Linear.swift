import Tensors

/// An affine map y = x·Wᵀ + b with weight `[outputCount, inputCount]` (PyTorch's layout) and bias
/// `[outputCount]`, initialised as PyTorch does (U(±1/√inputCount) for both).
public final class Linear: UnaryLayer {
    public let weight: Parameter
    public let bias: Parameter?
    public var ownParameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    public init(inputCount: Int, outputCount: Int, usesBias: Bool = true, using generator: inout some RandomNumberGenerator) {
        weight = Parameter(name: "weight", value: Initialization.uniformFanIn(shape: [outputCount, inputCount], fanIn: inputCount, using: &generator))
        bias = usesBias ? Parameter(name: "bias", value: Initialization.uniformFanIn(shape: [outputCount], fanIn: inputCount, using: &generator)) : nil
    }

    public var inputCount: Int { weight.shape[1] }
    public var outputCount: Int { weight.shape[0] }

    /// - Parameter x: `[batch, inputCount]`. - Returns: `[batch, outputCount]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.linear(x, weight: weight.value, bias: bias?.value)
    }
}
