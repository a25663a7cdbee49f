import Tensors
import Networks

/// An invertible map between data `x` and latent `z` with a tractable log-Jacobian (nflows' `Transform`).
///
/// `forward` is the normalising direction x → z and `inverse` generates x from z. Both return
/// log |det ∂output/∂input| per example, so a composition's terms simply add. `context` is an optional
/// conditioning input of shape `[batch, c]`; for an LGF layer it is the index u. Bijections that ignore it
/// say so. Shapes are checked once at the density's entry; inside, a mismatch is a programmer error.
public protocol Bijection: Layer {
    /// Maps `x` `[batch, D]` to `z = f(x; context)`; `logAbsDet` has shape `[batch]`.
    func forward(_ x: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor)
    /// Maps `z` `[batch, D]` to `x = f⁻¹(z; context)`; `logAbsDet` = log |det ∂x/∂z|, shape `[batch]`.
    func inverse(_ z: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor)
    /// What the bijection is, for a model's description (`lgf describe`), e.g. `MADE 8×8` or `batch norm`.
    var architecture: String { get }
}

extension Bijection {
    public func forward(_ x: Tensor) -> (output: Tensor, logAbsDet: Tensor) { forward(x, context: nil) }
    public func inverse(_ z: Tensor) -> (output: Tensor, logAbsDet: Tensor) { inverse(z, context: nil) }

    public var architecture: String { String(describing: type(of: self)) }

    /// The same map run backwards: `forward` and `inverse` swap roles.
    public func inverted() -> InverseBijection { InverseBijection(self) }
}

/// A `[batch]` tensor of zeros matching `x`'s batch and type: the log-determinant of a volume-preserving map.
@inline(__always)
func zeroLogAbsDet(like x: Tensor) -> Tensor { Tensor(zeros: [x.shape[0]], dtype: x.dtype) }
