import Tensors

/// A network from rows of `inputCount` features to rows of `outputCount` features, `[batch, inputCount]` →
/// `[batch, outputCount]`: what a coupling's conditioner, a conditional Gaussian and an LGF's (s, t) network
/// need to be, whatever is inside (an `MLP`, or a convolutional network behind an `ImageNetwork`).
public protocol VectorNetwork: UnaryLayer {
    /// Features per input row.
    var inputCount: Int { get }
    /// Features per output row.
    var outputCount: Int { get }
    /// What the network is, for a model's description (`lgf describe`), e.g. `MLP 2→8→8→4`.
    var architecture: String { get }
}

extension VectorNetwork {
    public var architecture: String { "\(type(of: self)) \(inputCount)→\(outputCount)" }
}

extension MLP: VectorNetwork {
    public var architecture: String { "MLP \(inputCount)→" + layers.map { String($0.outputCount) }.joined(separator: "→") }
}
