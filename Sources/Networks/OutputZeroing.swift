import Tensors

/// A network whose last layer can be set to zero, so that it outputs zeros for every input until training moves it
/// (the zero initialisation of Glow's last coupling convolution, Kingma & Dhariwal, NeurIPS 2018, §3.3). A localised
/// flow's (s, t), p(u | z) and q(u | x) networks start this way so that each indexed layer is the identity with
/// p = q = N(0, I) at step 0 (`IndexedLayerInitialization.identity`).
public protocol OutputZeroing: Layer {
    /// Sets the last layer's weights and bias to zero; the layers before it keep their values.
    func zeroOutputLayer()
}

extension MLP: OutputZeroing {
    public func zeroOutputLayer() { layers[layers.count - 1].zeroed() }
}

extension ResNet: OutputZeroing {
    /// Zeroes the final 1 × 1 convolution, so that the output w ⊙ tanh(0) is 0 while w keeps its initial 1 and
    /// the convolution's weights receive gradients from the first step.
    public func zeroOutputLayer() {
        outputConvolution.weight.value = Tensor(zeros: outputConvolution.weight.shape, dtype: outputConvolution.weight.value.dtype)
        outputConvolution.bias.map { $0.value = Tensor(zeros: $0.shape, dtype: $0.value.dtype) }
    }
}

extension ImageNetwork: OutputZeroing {
    /// Zeroes the wrapped network's last layer.
    /// - Precondition: the wrapped network conforms to `OutputZeroing` (a `ResNet` does).
    public func zeroOutputLayer() {
        guard let network = network as? any OutputZeroing else {
            requirementFailure("ImageNetwork: \(type(of: network)) cannot zero its output layer")
        }
        network.zeroOutputLayer()
    }
}

extension Linear {
    /// Sets the weight and the bias to zero.
    func zeroed() {
        weight.value = Tensor(zeros: weight.shape, dtype: weight.value.dtype)
        bias.map { $0.value = Tensor(zeros: $0.shape, dtype: $0.value.dtype) }
    }
}
