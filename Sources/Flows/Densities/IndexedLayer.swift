import Tensors
import Networks

/// One continuously indexed layer of a localised generative flow (Cornish et al., ICML 2020,
/// arXiv:1909.13833): an indexed bijection G(·; u), a prior p(u | z) on the layer's output (latent side)
/// and an approximate posterior q(u | x) on its input (data side). In a conditional density p(x | c) all three may
/// also see the context: G(·; u, c), p(u | z, c) and q(u | x, c); u and c stay separate inputs.
///
/// Its ELBO contribution for one draw u ~ q(u | x) is (Algorithm 1)
///
///     Δ = log p(u | z) + log|det ∂G(x; u)/∂x| − log q(u | x),   z = G(x; u),
///
/// and generation runs u ~ p(u | z), x = G⁻¹(z; u).
public final class IndexedLayer: Layer {
    public let bijection: any Bijection
    public let indexPrior: ConditionalGaussian
    public let indexPosterior: ConditionalGaussian
    public var sublayers: [any Layer] { [indexPosterior, bijection, indexPrior] }
    public var sublayerNames: [String] { ["posterior", "bijection", "prior"] }

    public init(bijection: any Bijection, indexPrior: ConditionalGaussian, indexPosterior: ConditionalGaussian) {
        require(indexPrior.dimension == indexPosterior.dimension, "IndexedLayer: p and q disagree on the dimension of u")
        self.bijection = bijection
        self.indexPrior = indexPrior
        self.indexPosterior = indexPosterior
    }

    /// The dimension of u.
    public var indexDimension: Int { indexPrior.dimension }

    /// Maps x to z with a fresh u ~ q(u | x, c); returns z and the terms log p(u|z, c) + log|det|, log q(u|x, c).
    /// - Parameter context: c `[batch, C]` (after the density's embedding), for a layer of a conditional density; it
    ///   reaches q, p and the bijection, each of which uses it where built to.
    public func forward(_ x: Tensor, context: Tensor? = nil, using generator: inout some RandomNumberGenerator) -> (output: Tensor, logP: Tensor, logQ: Tensor) {
        forward(x, context: context, drawsPerRow: 1, using: &generator)
    }

    /// `forward` of `x.repeatingRows(drawsPerRow)` (and of the context's rows repeated alike), draw for draw, with
    /// q(u | x, c)'s network run once per distinct row.
    func forward(_ x: Tensor, context: Tensor?, drawsPerRow draws: Int,
                 using generator: inout some RandomNumberGenerator) -> (output: Tensor, logP: Tensor, logQ: Tensor) {
        let (u, logQ) = indexPosterior.sample(given: x, context: context, drawsPerRow: draws, using: &generator)
        return forward(x, context: context, drawsPerRow: draws, index: u, logQ: logQ)
    }

    /// `forward(_:context:drawsPerRow:using:)` with u = μ(x, c) + σ(x, c) ⊙ ε for the given standardised noise ε
    /// (`[rows · drawsPerRow, d]`) instead of a fresh draw.
    func forward(_ x: Tensor, context: Tensor?, drawsPerRow draws: Int, noise: Tensor) -> (output: Tensor, logP: Tensor, logQ: Tensor) {
        let (u, logQ) = indexPosterior.sample(given: x, context: context, drawsPerRow: draws, noise: noise)
        return forward(x, context: context, drawsPerRow: draws, index: u, logQ: logQ)
    }

    private func forward(_ x: Tensor, context: Tensor?, drawsPerRow draws: Int, index u: Tensor,
                         logQ: Tensor) -> (output: Tensor, logP: Tensor, logQ: Tensor) {
        let rows = draws > 1 ? x.repeatingRows(draws) : x
        let rowContext = draws > 1 ? context?.repeatingRows(draws) : context
        let (z, logAbsDet) = bijection.forward(rows, given: Conditioning(index: u, context: rowContext))
        return (z, logAbsDet + indexPrior.logProb(u, given: z, context: rowContext), logQ)
    }

    /// Generates x from z: u ~ p(u | z, c), x = G⁻¹(z; u, c).
    /// - Parameter context: c `[batch, C]` for a layer of a conditional density (see `forward`).
    public func inverse(_ z: Tensor, context: Tensor? = nil, using generator: inout some RandomNumberGenerator) -> Tensor {
        let (u, _) = indexPrior.sample(given: z, context: context, using: &generator)
        return bijection.inverse(z, given: Conditioning(index: u, context: context)).output
    }
}
