import Tensors

/// A network from rows of `inputCount` features to rows of `outputCount` features, `[batch, inputCount]` →
/// `[batch, outputCount]`: what a coupling's conditioner, a conditional Gaussian and an LGF's (s, t) network
/// need to be, whatever is inside (an `MLP`, or a convolutional network behind an `ImageNetwork`).
public protocol VectorNetwork: UnaryLayer {
    /// Features per input row.
    var inputCount: Int { get }
    /// Features per output row.
    var outputCount: Int { get }
}

extension MLP: VectorNetwork {}
