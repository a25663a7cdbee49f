import Foundation
import Tensors
import Networks

extension FlowDensity {
    /// The importance-weighted bound of each row with K draws of the indices (Burda et al., *Importance Weighted
    /// Autoencoders*, ICLR 2016, arXiv:1509.00519, Eq. 8; the `cif` code's `train_objective: iwae`):
    ///
    ///     L_K(x) = log (1/K) Σ_k exp(log p(x, u^k) − log q(u^k | x)),   u^1…u^K ~ q(· | x) independently.
    ///
    /// Differentiable (every u is reparameterised), so training can maximise its mean. L_1 is the one-draw ELBO, and
    /// E[L_K] rises with K towards log p(x) (Burda et al., Theorem 1); on the same draws L_K is at least their mean
    /// log-weight, the K-draw ELBO, by Jensen's inequality. For an exact model it is log p(x) (K is ignored).
    /// - Parameters:
    ///   - x: `[batch, D]`.
    ///   - context: `[batch, C]` for a conditional density (L_K(x | c), every term given the row's context), `nil` otherwise.
    ///   - drawCount: K ≥ 1 (K_train).
    /// - Returns: `[batch]`.
    /// - Throws: `DensityError` for bad input or a non-positive K.
    public func importanceWeightedBound(_ x: Tensor, context: Tensor? = nil, drawCount: Int,
                                        using generator: inout some RandomNumberGenerator) throws -> Tensor {
        try validate(x, context: context)
        guard drawCount > 0 else { throw DensityError.nonPositiveCount("the number of importance-weighted draws", drawCount) }
        let input = prepared(x), rowContext = prepared(context: context)
        if isExact { return elboTerms(input, context: rowContext, using: &generator).logWeight }
        // Draw k of row i is row i·K + k of the terms, so the K draws of one point form a row of [batch, K].
        let logWeights = elboTerms(input, context: rowContext, drawsPerRow: drawCount, using: &generator).logWeight
            .reshaped(to: [x.shape[0], drawCount])
        return logWeights.logSumExp(alongAxis: 1) - Foundation.log(Double(drawCount))
    }
}
