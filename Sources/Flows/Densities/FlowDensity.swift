import Tensors
import Networks

/// A normalising flow or a localised generative flow: steps applied to x in order (data → latent), ending
/// in a standard normal. With only ordinary bijections it is exact (`logProb`); with indexed layers it is
/// an LGF, trained by the ELBO and evaluated by importance sampling (see `FlowDensity+Estimators.swift`).
///
/// A flat list of steps mirrors the reference code's order exactly (MADE, conditional affine, reverse,
/// …), so one loop serves the ELBO, the exact likelihood and generation.
public final class FlowDensity: Density {
    public let steps: [FlowStep]
    public let base: StandardNormalDensity
    public var sublayers: [any Layer] { steps.map(\.layer) }

    public init(steps: [FlowStep], dimension: Int) {
        self.steps = steps
        self.base = StandardNormalDensity(dimension: dimension)
    }

    public var dimension: Int { base.dimension }

    /// Whether every step is an ordinary bijection, so log p(x) is exact.
    public var isExact: Bool {
        steps.allSatisfy { if case .bijection = $0 { return true } else { return false } }
    }

    /// The precision of the parameters (float32 unless converted).
    public var dtype: DType { parameters.first?.value.dtype ?? .float32 }

    public func elboTerms(_ x: Tensor, using generator: inout some RandomNumberGenerator) -> ELBOTerms {
        elboTerms(x, drawsPerRow: 1, using: &generator)
    }

    /// The terms of `x.repeatingRows(drawsPerRow)`, draw for draw, computed without repeating the deterministic
    /// work: the rows stay distinct until the first indexed layer, whose q(u | x) network runs once per row before
    /// its draws fan out (K importance samples, or K_train ELBO draws, of one point share that work).
    func elboTerms(_ x: Tensor, drawsPerRow: Int, using generator: inout some RandomNumberGenerator) -> ELBOTerms {
        var z = x
        var logP = Tensor(zeros: [x.shape[0]], dtype: x.dtype)
        var logQ = logP
        var pendingDraws = drawsPerRow  // > 1 while the rows are still the distinct inputs
        for step in steps {
            switch step {
            case .bijection(let bijection):
                let (output, logAbsDet) = bijection.forward(z, context: nil)
                z = output
                logP = logP + logAbsDet
            case .indexed(let layer):
                let result = layer.forward(z, drawsPerRow: pendingDraws, using: &generator)
                if pendingDraws > 1 {
                    logP = logP.repeatingRows(pendingDraws)
                    logQ = logQ.repeatingRows(pendingDraws)
                    pendingDraws = 1
                }
                z = result.output
                logP = logP + result.logP
                logQ = logQ + result.logQ
            }
        }
        if pendingDraws > 1 {
            z = z.repeatingRows(pendingDraws)
            logP = logP.repeatingRows(pendingDraws)
            logQ = logQ.repeatingRows(pendingDraws)
        }
        return ELBOTerms(logP: logP + base.logProb(z), logQ: logQ)
    }

    public func sample(count: Int, using generator: inout some RandomNumberGenerator) -> Tensor {
        withoutGradientRecording {
            var z = base.sample(count: count, dtype: dtype, using: &generator)
            for step in steps.reversed() {
                switch step {
                case .bijection(let bijection): z = bijection.inverse(z, context: nil).output
                case .indexed(let layer): z = layer.inverse(z, using: &generator)
                }
            }
            return z
        }
    }

    // MARK: - Validated public entry points

    /// Checks that `x` is `[batch, D]` with finite values, naming the first bad row and column.
    public func validate(_ x: Tensor) throws {
        guard x.rank == 2, x.shape[1] == dimension else { throw DensityError.shapeMismatch(expectedFeatures: dimension, actual: x.shape.dimensions) }
        guard !x.isFinite else { return }
        let values = x.doubles
        let index = values.firstIndex { !$0.isFinite } ?? 0
        throw DensityError.nonFiniteValue(row: index / dimension, column: index % dimension)
    }

    /// The exact log-density log p(x) = log N(f(x); 0, I) + log|det ∂f/∂x| of each row.
    /// - Parameter x: `[batch, D]`. - Returns: `[batch]`.
    /// - Throws: `DensityError` for bad input, or `.notExact` for a model with indexed layers.
    public func logProb(_ x: Tensor) throws -> Tensor {
        try validate(x)
        guard isExact else { throw DensityError.notExact }
        var generator = SplitMix64(seed: 0)  // exact models draw nothing
        return elboTerms(x.converted(to: dtype), using: &generator).logP
    }

    /// The ELBO of each row, averaged over `drawCount` independent draws of u (K_train; paper Algorithm 1);
    /// for an exact model it is log p(x). Differentiable: training maximises its mean.
    /// - Parameter x: `[batch, D]`. - Returns: `[batch]`.
    public func elbo(_ x: Tensor, drawCount: Int = 1, using generator: inout some RandomNumberGenerator) throws -> Tensor {
        try validate(x)
        guard drawCount > 0 else { throw DensityError.nonPositiveCount("the number of ELBO draws", drawCount) }
        let input = x.converted(to: dtype)
        if drawCount == 1 || isExact { return elboTerms(input, using: &generator).logWeight }
        let weights = elboTerms(input, drawsPerRow: drawCount, using: &generator).logWeight
        return weights.reshaped(to: [x.shape[0], drawCount]).mean(alongAxis: 1)
    }

    /// `count` samples by the generative process: z₀ ~ N(0, I); for each indexed layer u ~ p(u | z),
    /// x = G⁻¹(z; u); ordinary steps inverted. - Returns: `[count, D]`.
    public func sample(count: Int, generator: inout some RandomNumberGenerator) throws -> Tensor {
        guard count > 0 else { throw DensityError.nonPositiveCount("the number of samples", count) }
        return sample(count: count, using: &generator)
    }
}
