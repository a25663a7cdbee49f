import Tensors

/// The hidden nonlinearity of an `MLP`.
public enum Activation: String, Sendable, Codable, CaseIterable {
    case tanh
    case relu

    /// Applies the nonlinearity elementwise.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .tanh: return x.tanh()
        case .relu: return x.relu()
        }
    }
}
