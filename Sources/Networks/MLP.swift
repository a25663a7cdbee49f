import Tensors

/// A multilayer perceptron: `Linear` layers with a nonlinearity between them and a linear output, the
/// network used for every conditioner, coupler and Gaussian in the tabular and 2-D models (Cornish et al. 2020, Appendix D).
///
/// A float32 network whose every width is at most 128 runs as one fused operation, `Tensor.layerChain` (see
/// `LayerFusion`); others run layer by layer. The two compute the same function, up to the order of the sums.
public final class MLP: UnaryLayer {
    public let layers: [Linear]
    public let activation: Activation
    public var sublayers: [any Layer] { layers }
    public var sublayerNames: [String] { layers.indices.map { "layers.\($0)" } }

    /// - Parameters:
    ///   - inputCount: input features.
    ///   - hiddenCounts: widths of the hidden layers, e.g. `[50, 50, 50, 50]` (may be empty: one affine map).
    ///   - outputCount: output features.
    public init(inputCount: Int, hiddenCounts: [Int], outputCount: Int, activation: Activation = .tanh,
                using generator: inout some RandomNumberGenerator) {
        let widths = [inputCount] + hiddenCounts + [outputCount]
        var layers: [Linear] = []
        for index in 0..<(widths.count - 1) {
            layers.append(Linear(inputCount: widths[index], outputCount: widths[index + 1], using: &generator))
        }
        self.layers = layers
        self.activation = activation
    }

    public var inputCount: Int { layers[0].inputCount }
    public var outputCount: Int { layers[layers.count - 1].outputCount }

    /// - Parameter x: `[batch, inputCount]`. - Returns: `[batch, outputCount]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        usesLayerChain(for: x) ? fused(x) : composed(x)
    }

    /// Whether `callAsFunction` runs the whole network as one `Tensor.layerChain` (see `LayerFusion`).
    public func usesLayerChain(for x: Tensor) -> Bool {
        layers.allSatisfy { $0.bias != nil } && LayerFusion.fuses(widths: [inputCount] + layers.map(\.outputCount), dtype: x.dtype)
    }

    /// The network as one fused operation, `Tensor.layerChain`. - Precondition: every layer has a bias.
    public func fused(_ x: Tensor) -> Tensor {
        let chain = layers.map { layer in
            guard let bias = layer.bias else { requirementFailure("MLP: the fused path needs every layer's bias") }
            return Tensor.ChainLayer(weight: layer.weight.value, bias: bias.value)
        }
        return Tensor.layerChain(x, layers: chain, activation: activation.chainActivation)
    }

    /// The network one layer at a time.
    public func composed(_ x: Tensor) -> Tensor {
        var h = x
        for (index, layer) in layers.enumerated() {
            if index < layers.count - 1 {
                // A tanh hidden layer is one fused operation (`Tensor.linearTanh`): the same values, one pass less.
                if activation == .tanh, let bias = layer.bias {
                    h = Tensor.linearTanh(h, weight: layer.weight.value, bias: bias.value)
                } else {
                    h = activation(layer(h))
                }
            } else {
                h = layer(h)
            }
        }
        return h
    }
}
