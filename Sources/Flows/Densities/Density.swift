import Tensors
import Networks

/// The two per-example terms of a one-sample ELBO: log p(x, u) and log q(u | x) for u ~ q(· | x), so that
/// log w = logP − logQ is one importance weight and its mean over draws the ELBO (paper Algorithm 1).
/// For an exact density `logQ` is zero and `logP` is log p(x). Shapes `[batch]`.
public struct ELBOTerms {
    public var logP: Tensor
    public var logQ: Tensor

    public init(logP: Tensor, logQ: Tensor) {
        self.logP = logP
        self.logQ = logQ
    }

    /// log w = log p(x, u) − log q(u | x).
    public var logWeight: Tensor { logP - logQ }
}

/// A model of D-dimensional data, p(x) or p(x | c), that can be trained by maximising an ELBO and sampled from.
///
/// `elboTerms` and `sample` are the unchecked inner entry points (inputs are trusted to be `[batch, D]`, contexts
/// `[batch, C]` with the same rows, and finite); `FlowDensity` adds the validating public methods and the estimators.
/// An unconditional density is given no context (`nil`).
public protocol Density: Layer {
    /// D.
    var dimension: Int { get }
    /// One draw of the ELBO terms for each row of `x` `[batch, D]`, given that row's context.
    func elboTerms(_ x: Tensor, context: Tensor?, using generator: inout some RandomNumberGenerator) -> ELBOTerms
    /// `count` draws from the model, `[count, D]`, draw i given row i of `context` (`[count, C]`).
    func sample(count: Int, context: Tensor?, using generator: inout some RandomNumberGenerator) -> Tensor
}

extension Density {
    /// One draw of the ELBO terms for each row of `x` of an unconditional density.
    public func elboTerms(_ x: Tensor, using generator: inout some RandomNumberGenerator) -> ELBOTerms {
        elboTerms(x, context: nil, using: &generator)
    }

    /// `count` draws from an unconditional density, `[count, D]`.
    public func sample(count: Int, using generator: inout some RandomNumberGenerator) -> Tensor {
        sample(count: count, context: nil, using: &generator)
    }
}
