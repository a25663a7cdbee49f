import Tensors
import Networks

/// An invertible map between data `x` and latent `z` with a tractable log-Jacobian (nflows' `Transform`).
///
/// `forward` is the normalising direction x → z and `inverse` generates x from z. Both return
/// log |det ∂output/∂input| per example, so a composition's terms simply add. The `Conditioning` carries what the
/// map may depend on besides its input: an LGF layer's index u and a conditional density's context c, each
/// `[batch, ·]` with the input's rows. Bijections read the parts they have inputs for and say which; the others are
/// ignored. Shapes are checked once at the density's entry; inside, a mismatch is a programmer error.
public protocol Bijection: Layer {
    /// Maps `x` `[batch, D]` to `z = f(x; u, c)`; `logAbsDet` has shape `[batch]`.
    func forward(_ x: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor)
    /// Maps `z` `[batch, D]` to `x = f⁻¹(z; u, c)`; `logAbsDet` = log |det ∂x/∂z|, shape `[batch]`.
    func inverse(_ z: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor)
    /// What the bijection is, for a model's description (`lgf describe`), e.g. `MADE 8×8` or `batch norm`.
    var architecture: String { get }
}

extension Bijection {
    /// `forward(_:given:)` with an index u and a context c (either may be omitted).
    public func forward(_ x: Tensor, index: Tensor? = nil, context: Tensor? = nil) -> (output: Tensor, logAbsDet: Tensor) {
        forward(x, given: Conditioning(index: index, context: context))
    }

    /// `inverse(_:given:)` with an index u and a context c (either may be omitted).
    public func inverse(_ z: Tensor, index: Tensor? = nil, context: Tensor? = nil) -> (output: Tensor, logAbsDet: Tensor) {
        inverse(z, given: Conditioning(index: index, context: context))
    }

    public var architecture: String { String(describing: type(of: self)) }

    /// The same map run backwards: `forward` and `inverse` swap roles.
    public func inverted() -> InverseBijection { InverseBijection(self) }
}

/// A `[batch]` tensor of zeros matching `x`'s batch and type: the log-determinant of a volume-preserving map.
@inline(__always)
func zeroLogAbsDet(like x: Tensor) -> Tensor { Tensor(zeros: [x.shape[0]], dtype: x.dtype) }
