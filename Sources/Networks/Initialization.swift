import Tensors

/// PyTorch's default initialisation of `nn.Linear`: weights Kaiming-uniform with a = √5 and biases
/// uniform, which both come to U(−1/√fan_in, +1/√fan_in). Matching it keeps parameter scales (and so
/// training behaviour) comparable with the reference code.
enum Initialization {
    static func uniformFanIn(shape: Shape, fanIn: Int, using generator: inout some RandomNumberGenerator) -> Tensor {
        let bound = 1 / Double(max(fanIn, 1)).squareRoot()
        return Tensor.randomUniform(shape: shape, in: -bound..<bound, using: &generator)
    }
}
