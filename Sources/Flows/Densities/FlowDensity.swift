import Tensors
import Networks

/// A normalising flow or a localised generative flow: steps applied to x in order (data → latent), ending
/// in a standard normal over what no `factorOut` step has already modelled. With only ordinary bijections it is exact (`logProb`); with indexed layers it is
/// an LGF, trained by the ELBO and evaluated by importance sampling (see `FlowDensity+Estimators.swift`).
///
/// With a `contextDimension` C > 0 it is a conditional density p(x | c) (Papamakarios et al., NeurIPS 2017, §3.4;
/// Winkler et al., *Learning Likelihoods with Conditional Normalizing Flows*, arXiv:1912.00042): every estimator and
/// the sampler take a context row per data row, which the optional `contextEmbedding` maps once per batch before every
/// step receives it (see `FlowDensity+Context.swift`).
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
    /// C, the features of one context row (0 for an unconditional density).
    public let contextDimension: Int
    /// A fixed standardisation of the raw context, applied before the embedding (its output is the standardised c;
    /// its log-determinant is not part of the density of x); `nil` for none.
    public let contextStandardization: StandardizationBijection?
    /// A network applied to the context once per batch, whose output the steps receive in place of c (nflows'
    /// `embedding_net`); `nil` to give them c itself.
    public let contextEmbedding: (any VectorNetwork)?
    public var sublayers: [any Layer] {
        steps.map(\.layer) + (contextStandardization.map { [$0] } ?? []) + (contextEmbedding.map { [$0] } ?? [])
    }
    public var sublayerNames: [String] {
        steps.indices.map { "steps.\($0)" } + (contextStandardization == nil ? [] : ["contextStandardization"]) + (contextEmbedding == nil ? [] : ["contextEmbedding"])
    }

    /// A flow on vectors of `dimension` features, conditioned on contexts of `contextDimension` features (0: none).
    public convenience init(steps: [FlowStep], dimension: Int, contextDimension: Int = 0, contextStandardization: StandardizationBijection? = nil,
                            contextEmbedding: (any VectorNetwork)? = nil) {
        self.init(steps: steps, eventShape: [dimension], contextDimension: contextDimension, contextStandardization: contextStandardization,
                  contextEmbedding: contextEmbedding)
    }

    /// A flow on data points of `eventShape` (`[D]`, or `[C, H, W]` for images).
    /// - Parameters:
    ///   - contextDimension: C, the features of a context row (0: an unconditional density).
    ///   - contextStandardization: a fixed standardisation of the C context features; `nil` for none.
    ///   - contextEmbedding: a network from C features to the context width the steps were built for; `nil` for none.
    /// - Precondition: the `factorOut` steps keep some features, and their widths follow from the ones before; a
    ///   standardisation has C features and an embedding maps C features.
    public init(steps: [FlowStep], eventShape: [Int], contextDimension: Int = 0, contextStandardization: StandardizationBijection? = nil,
                contextEmbedding: (any VectorNetwork)? = nil) {
        require(!eventShape.isEmpty && eventShape.allSatisfy { $0 > 0 }, "FlowDensity: event shape \(eventShape) needs positive extents")
        require(contextDimension >= 0, "FlowDensity: a context dimension cannot be negative, got \(contextDimension)")
        require(contextEmbedding.map { contextDimension > 0 && $0.inputCount == contextDimension } ?? true,
                "FlowDensity: the context embedding maps \(contextEmbedding?.inputCount ?? 0) features, the context has \(contextDimension)")
        self.steps = steps
        self.eventShape = eventShape
        require(contextStandardization.map { contextDimension > 0 && $0.mean.value.shape == [contextDimension] } ?? true,
                "FlowDensity: the context standardisation has \(contextStandardization?.mean.value.shape.dimensions ?? []) features, the context \(contextDimension)")
        self.contextDimension = contextDimension
        self.contextStandardization = contextStandardization
        self.contextEmbedding = contextEmbedding
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

    /// - Parameter context: the raw context rows `[batch, C]` of a conditional density (embedded here), `nil` otherwise.
    public func elboTerms(_ x: Tensor, context: Tensor?, using generator: inout some RandomNumberGenerator) -> ELBOTerms {
        elboTerms(x, context: context, drawsPerRow: 1, using: &generator)
    }

    /// The terms of `x.repeatingRows(drawsPerRow)` (each row with its own context), draw for draw, computed without
    /// repeating the deterministic work: the rows stay distinct until the first indexed layer, whose q(u | x, c) network
    /// runs once per row before its draws fan out (K importance samples, or K_train ELBO draws, of one point share that
    /// work), and the context is embedded once per distinct row.
    func elboTerms(_ x: Tensor, context: Tensor?, drawsPerRow: Int, using generator: inout some RandomNumberGenerator) -> ELBOTerms {
        elboTerms(x, context: context, drawsPerRow: drawsPerRow, noise: nil, using: &generator)
    }

    /// With `noise` (`[rows · drawsPerRow, indexDimension]`), indexed layer l takes its u = μ + σ ⊙ ε from its own
    /// columns of `noise` (layers in order) and `generator` is not used; without it every layer draws ε ~ N(0, I).
    func elboTerms(_ x: Tensor, context: Tensor?, drawsPerRow: Int, noise: Tensor?, using generator: inout some RandomNumberGenerator) -> ELBOTerms {
        var z = x
        var c = embedded(context)  // the rows of z, repeated with them when the draws fan out
        var noiseColumn = 0
        var logP = Tensor(zeros: [x.shape[0]], dtype: x.dtype)
        var logQ = logP
        var pendingDraws = drawsPerRow  // > 1 while the rows are still the distinct inputs
        for step in steps {
            switch step {
            case .bijection(let bijection):
                let (output, logAbsDet) = bijection.forward(z, given: Conditioning(context: c))
                z = output
                logP = logP + logAbsDet
            case .indexed(let layer):
                let result: (output: Tensor, logP: Tensor, logQ: Tensor)
                if let noise {
                    let columns = noiseColumn..<(noiseColumn + layer.indexDimension)
                    result = layer.forward(z, context: c, drawsPerRow: pendingDraws, noise: noise.slicingColumns(columns))
                    noiseColumn = columns.upperBound
                } else {
                    result = layer.forward(z, context: c, drawsPerRow: pendingDraws, using: &generator)
                }
                if pendingDraws > 1 {
                    logP = logP.repeatingRows(pendingDraws)
                    logQ = logQ.repeatingRows(pendingDraws)
                    c = c?.repeatingRows(pendingDraws)
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

    /// - Parameter context: the raw context rows `[count, C]` of a conditional density (embedded here), `nil` otherwise.
    public func sample(count: Int, context: Tensor?, using generator: inout some RandomNumberGenerator) -> Tensor {
        withoutGradientRecording { sample(count: count, embeddedContext: embedded(context), using: &generator) }
    }

    /// `count` draws given contexts already embedded, `[count, E]` (or `nil`).
    func sample(count: Int, embeddedContext c: Tensor?, using generator: inout some RandomNumberGenerator) -> Tensor {
        var z = base.sample(count: count, dtype: dtype ?? .float32, using: &generator)
        for step in steps.reversed() {
            switch step {
            case .bijection(let bijection): z = bijection.inverse(z, given: Conditioning(context: c)).output
            case .indexed(let layer): z = layer.inverse(z, context: c, using: &generator)
            case .factorOut(let split): z = split.inverse(z, using: &generator)
            }
        }
        return z
    }
}
