import Networks
import Tensors

/// A coupling whose conditioner may see the index u (the paper's Appendix C), whatever its elementwise transform.
public protocol IndexedCoupling: Bijection {
    /// The width of the index u the conditioner sees (0: none).
    var indexCount: Int { get }
    /// Makes the coupling the identity for every input.
    func startAsIdentity()
}

extension CouplingBijection: IndexedCoupling {
    /// Makes the coupling the identity for every input, as an indexed layer's `.identity` start asks: the conditioner's
    /// last layer gets zero weights and, as biases, the transform's identity parameters (`identityRawParameters`, in the
    /// conditioner's by-parameter layout), so it outputs them whatever x_a, u and c are. For an affine transform that is
    /// the zeroed last layer; for a spline, uniform bins with unit knot derivatives. The earlier layers keep their
    /// values, so the last layer's weights receive gradients from the first step.
    /// - Precondition: the conditioner is an `MLP` (the vector couplings' coupler).
    public func startAsIdentity() {
        guard let network = conditioner as? MLP, let last = network.layers.last else {
            requirementFailure("CouplingBijection: \(type(of: conditioner)) cannot start as the identity")
        }
        network.zeroOutputLayer()
        let featureCount = partition.transformedCount
        let biases = transform.identityRawParameters.flatMap { Array(repeating: $0, count: featureCount) }
        last.bias.map { $0.value = Tensor(shape: [biases.count], values: biases, dtype: $0.value.dtype) }
    }
}
