import Tensors
import Networks

// MARK: - Validated public entry points

extension FlowDensity {
    /// Checks that `x` is `[batch, D]` or `[batch] + eventShape` with finite values, naming the first bad row
    /// and column (the column of the flattened data point), and that `context` fits the density: `[batch, C]` with
    /// finite values for a conditional density, absent for an unconditional one.
    /// - Throws: `DensityError` naming what was expected and what arrived.
    public func validate(_ x: Tensor, context: Tensor? = nil) throws {
        let perPoint = Array(x.shape.dimensions.dropFirst())
        guard x.rank >= 2, perPoint == [dimension] || perPoint == eventShape else {
            throw DensityError.shapeMismatch(expectedFeatures: dimension, actual: x.shape.dimensions)
        }
        if !x.isFinite {
            let index = x.doubles.firstIndex { !$0.isFinite } ?? 0
            throw DensityError.nonFiniteValue(row: index / dimension, column: index % dimension)
        }
        try validateContext(context, rows: x.shape[0])
    }

    /// The exact log-density log p(x) = log N(f(x); 0, I) + log|det ∂f/∂x| of each row, or log p(x | c) given each
    /// row's context.
    /// - Parameters:
    ///   - x: `[batch, D]`.
    ///   - context: `[batch, C]` for a conditional density, `nil` otherwise.
    /// - Returns: `[batch]`.
    /// - Throws: `DensityError` for bad input, or `.notExact` for a model with indexed layers.
    public func logProb(_ x: Tensor, context: Tensor? = nil) throws -> Tensor {
        try validate(x, context: context)
        guard isExact else { throw DensityError.notExact }
        var generator = SplitMix64(seed: 0)  // exact models draw nothing
        return elboTerms(prepared(x), context: prepared(context: context), using: &generator).logP
    }

    /// The ELBO of each row, averaged over `drawCount` independent draws of u (K_train; paper Algorithm 1);
    /// for an exact model it is log p(x) (or log p(x | c)). Differentiable: training maximises its mean.
    /// - Parameters:
    ///   - x: `[batch, D]`.
    ///   - context: `[batch, C]` for a conditional density, `nil` otherwise.
    ///   - drawCount: independent draws of u per row (K_train ≥ 1).
    ///   - generator: draws the noise of u = μ + σ ⊙ ε.
    /// - Returns: `[batch]`.
    /// - Throws: `DensityError` for bad input or a non-positive count.
    public func elbo(_ x: Tensor, context: Tensor? = nil, drawCount: Int = 1, using generator: inout some RandomNumberGenerator) throws -> Tensor {
        try validate(x, context: context)
        guard drawCount > 0 else { throw DensityError.nonPositiveCount("the number of ELBO draws", drawCount) }
        let input = prepared(x), rowContext = prepared(context: context)
        if drawCount == 1 || isExact { return elboTerms(input, context: rowContext, using: &generator).logWeight }
        let weights = elboTerms(input, context: rowContext, drawsPerRow: drawCount, using: &generator).logWeight
        return weights.reshaped(to: [x.shape[0], drawCount]).mean(alongAxis: 1)
    }

    /// `count` samples of an unconditional density by the generative process: z₀ ~ N(0, I); for each indexed layer
    /// u ~ p(u | z), x = G⁻¹(z; u); ordinary steps inverted; factored-out features drawn from N(0, I).
    /// - Returns: `[count] + eventShape` (`[count, D]` for vectors, `[count, C, H, W]` for images).
    /// - Throws: `DensityError` for a non-positive count, or `.contextRequired` for a conditional density (see
    ///   `sample(count:context:generator:)`).
    public func sample(count: Int, generator: inout some RandomNumberGenerator) throws -> Tensor {
        guard count > 0 else { throw DensityError.nonPositiveCount("the number of samples", count) }
        try validateContext(nil, rows: count)
        return shaped(sample(count: count, context: nil, using: &generator), count: count)
    }

    /// `x` (validated) as rows of D features, `[batch, D]`; reshaping copies nothing.
    func rows(of x: Tensor) -> Tensor {
        x.rank == 2 ? x : x.reshaped(to: [x.shape[0], dimension])
    }

    /// Rows of D features as `[count] + eventShape`.
    func shaped(_ flat: Tensor, count: Int) -> Tensor {
        eventShape.count == 1 ? flat : flat.reshaped(to: Shape([count] + eventShape))
    }
}
