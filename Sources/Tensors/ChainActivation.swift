/// The nonlinearity between the layers of a `Tensor.layerChain` (the last layer is linear).
public enum ChainActivation: Sendable {
    case tanh
    case relu
}
