import Tensors
import Networks

/// A normalising flow or a localised generative flow: steps applied to x in order (data → latent), ending
/// in a standard normal over what no `factorOut` step has already modelled. With only ordinary bijections it is exact (`logProb`); with indexed layers it is
/// an LGF, trained by the ELBO and evaluated by importance sampling (see `FlowDensity+Estimators.swift`).
///
/// A flat list of steps mirrors the reference code's order exactly (MADE, conditional affine, reverse,
/// …), so one loop serves the ELBO, the exact likelihood and generation.
///
/// The density knows its event shape: `[D]` for vectors, `[C, H, W]` for images. Inside, every batch is rows of
/// D = C·H·W features (images flattened channel after channel, as NCHW memory already is), so the estimators
/// are the same for both; the validated entry points accept either layout.
public final class FlowDensity: Density {
    public let steps: [FlowStep]
    /// N(0, I) over the features that remain after every `factorOut` step.
    public let base: StandardNormalDensity
    /// The shape of one data point, `[D]` or `[C, H, W]`.
    public let eventShape: [Int]
    public var sublayers: [any Layer] { steps.map(\.layer) }
    public var sublayerNames: [String] { steps.indices.map { "steps.\($0)" } }

    /// A flow on vectors of `dimension` features.
    public convenience init(steps: [FlowStep], dimension: Int) {
        self.init(steps: steps, eventShape: [dimension])
    }

    /// A flow on data points of `eventShape` (`[D]`, or `[C, H, W]` for images).
    /// - Precondition: the `factorOut` steps keep some features, and their widths follow from the ones before.
    public init(steps: [FlowStep], eventShape: [Int]) {
        require(!eventShape.isEmpty && eventShape.allSatisfy { $0 > 0 }, "FlowDensity: event shape \(eventShape) needs positive extents")
        self.steps = steps
        self.eventShape = eventShape
        var remaining = eventShape.reduce(1, *)
        for case .factorOut(let split) in steps {
            require(split.featureCount == remaining, "FlowDensity: a factor-out step expects \(split.featureCount) features, \(remaining) reach it")
            remaining = split.keptCount
        }
        self.base = StandardNormalDensity(dimension: remaining)
    }

    /// D, the number of features of one data point.
    public var dimension: Int { eventShape.reduce(1, *) }

    /// The mode `setMode(_:)` last set (`training` until then). In `evaluation` mode a forward pass only reads the
    /// model, so the importance-sampling estimator may run several at once.
    public private(set) var mode: LayerMode = .training

    public func modeDidChange(to mode: LayerMode) { self.mode = mode }

    /// The total dimension of the indices u of all indexed layers (0 for an exact model).
    public var indexDimension: Int {
        steps.reduce(0) { total, step in
            if case .indexed(let layer) = step { return total + layer.indexDimension } else { return total }
        }
    }

    /// Whether every step is an ordinary bijection, so log p(x) is exact.
    public var isExact: Bool {
        steps.allSatisfy { if case .indexed = $0 { return false } else { return true } }
    }

    /// The precision of the parameters (float32 unless converted); `nil` for a flow without parameters, which
    /// computes in the precision of its input.
    public var dtype: DType? { parameters.first?.value.dtype }

    /// `x` as rows in the precision the flow computes in.
    func prepared(_ x: Tensor) -> Tensor {
        let rows = rows(of: x)
        return dtype.map { rows.converted(to: $0) } ?? rows
    }

    public func elboTerms(_ x: Tensor, using generator: inout some RandomNumberGenerator) -> ELBOTerms {
        elboTerms(x, drawsPerRow: 1, using: &generator)
    }

    /// The terms of `x.repeatingRows(drawsPerRow)`, draw for draw, computed without repeating the deterministic
    /// work: the rows stay distinct until the first indexed layer, whose q(u | x) network runs once per row before
    /// its draws fan out (K importance samples, or K_train ELBO draws, of one point share that work).
    func elboTerms(_ x: Tensor, drawsPerRow: Int, using generator: inout some RandomNumberGenerator) -> ELBOTerms {
        elboTerms(x, drawsPerRow: drawsPerRow, noise: nil, using: &generator)
    }

    /// With `noise` (`[rows · drawsPerRow, indexDimension]`), indexed layer l takes its u = μ + σ ⊙ ε from its own
    /// columns of `noise` (layers in order) and `generator` is not used; without it every layer draws ε ~ N(0, I).
    func elboTerms(_ x: Tensor, drawsPerRow: Int, noise: Tensor?, using generator: inout some RandomNumberGenerator) -> ELBOTerms {
        var z = x
        var noiseColumn = 0
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
                let result: (output: Tensor, logP: Tensor, logQ: Tensor)
                if let noise {
                    let columns = noiseColumn..<(noiseColumn + layer.indexDimension)
                    result = layer.forward(z, drawsPerRow: pendingDraws, noise: noise.slicingColumns(columns))
                    noiseColumn = columns.upperBound
                } else {
                    result = layer.forward(z, drawsPerRow: pendingDraws, using: &generator)
                }
                if pendingDraws > 1 {
                    logP = logP.repeatingRows(pendingDraws)
                    logQ = logQ.repeatingRows(pendingDraws)
                    pendingDraws = 1
                }
                z = result.output
                logP = logP + result.logP
                logQ = logQ + result.logQ
            case .factorOut(let split):
                let (kept, logProb) = split.forward(z)
                z = kept
                logP = logP + logProb
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
            var z = base.sample(count: count, dtype: dtype ?? .float32, using: &generator)
            for step in steps.reversed() {
                switch step {
                case .bijection(let bijection): z = bijection.inverse(z, context: nil).output
                case .indexed(let layer): z = layer.inverse(z, using: &generator)
                case .factorOut(let split): z = split.inverse(z, using: &generator)
                }
            }
            return z
        }
    }

    // MARK: - Validated public entry points

    /// Checks that `x` is `[batch, D]` or `[batch] + eventShape` with finite values, naming the first bad row
    /// and column (the column of the flattened data point).
    public func validate(_ x: Tensor) throws {
        let perPoint = Array(x.shape.dimensions.dropFirst())
        guard x.rank >= 2, perPoint == [dimension] || perPoint == eventShape else {
            throw DensityError.shapeMismatch(expectedFeatures: dimension, actual: x.shape.dimensions)
        }
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
        return elboTerms(prepared(x), using: &generator).logP
    }

    /// The ELBO of each row, averaged over `drawCount` independent draws of u (K_train; paper Algorithm 1);
    /// for an exact model it is log p(x). Differentiable: training maximises its mean.
    /// - Parameters:
    ///   - x: `[batch, D]`.
    ///   - drawCount: independent draws of u per row (K_train ≥ 1).
    ///   - generator: draws the noise of u = μ + σ ⊙ ε.
    /// - Returns: `[batch]`.
    public func elbo(_ x: Tensor, drawCount: Int = 1, using generator: inout some RandomNumberGenerator) throws -> Tensor {
        try validate(x)
        guard drawCount > 0 else { throw DensityError.nonPositiveCount("the number of ELBO draws", drawCount) }
        let input = prepared(x)
        if drawCount == 1 || isExact { return elboTerms(input, using: &generator).logWeight }
        let weights = elboTerms(input, drawsPerRow: drawCount, using: &generator).logWeight
        return weights.reshaped(to: [x.shape[0], drawCount]).mean(alongAxis: 1)
    }

    /// `count` samples by the generative process: z₀ ~ N(0, I); for each indexed layer u ~ p(u | z),
    /// x = G⁻¹(z; u); ordinary steps inverted; factored-out features drawn from N(0, I).
    /// - Returns: `[count] + eventShape` (`[count, D]` for vectors, `[count, C, H, W]` for images).
    public func sample(count: Int, generator: inout some RandomNumberGenerator) throws -> Tensor {
        guard count > 0 else { throw DensityError.nonPositiveCount("the number of samples", count) }
        let flat = sample(count: count, using: &generator)
        return eventShape.count == 1 ? flat : flat.reshaped(to: Shape([count] + eventShape))
    }

    /// `x` (validated) as rows of D features, `[batch, D]`; reshaping copies nothing.
    func rows(of x: Tensor) -> Tensor {
        x.rank == 2 ? x : x.reshaped(to: [x.shape[0], dimension])
    }
}
