import Tensors
import Networks

/// The context of a conditional density p(x | c): its validation at the public entry points, its embedding, and
/// sampling given contexts (Papamakarios et al., NeurIPS 2017, §3.4; nflows' `Flow(…, embedding_net=…)`).
extension FlowDensity {
    /// Whether the density is conditional, p(x | c).
    public var isConditional: Bool { contextDimension > 0 }

    /// Checks a context for `rows` data rows: `[rows, C]` with finite values for a conditional density, `nil` for an
    /// unconditional one.
    /// - Throws: `DensityError.contextRequired`, `.unexpectedContext`, `.contextShapeMismatch` or `.nonFiniteContext`.
    func validateContext(_ context: Tensor?, rows: Int) throws {
        guard let context else {
            if isConditional { throw DensityError.contextRequired(expectedFeatures: contextDimension) }
            return
        }
        guard isConditional else { throw DensityError.unexpectedContext(actual: context.shape.dimensions) }
        guard context.shape.dimensions == [rows, contextDimension] else {
            throw DensityError.contextShapeMismatch(expected: [rows, contextDimension], actual: context.shape.dimensions)
        }
        guard !context.isFinite else { return }
        let index = context.doubles.firstIndex { !$0.isFinite } ?? 0
        throw DensityError.nonFiniteContext(row: index / contextDimension, column: index % contextDimension)
    }

    /// A validated context in the precision the flow computes in.
    func prepared(context: Tensor?) -> Tensor? {
        guard let context, let dtype, context.dtype != dtype else { return context }
        return context.converted(to: dtype)
    }

    /// What the steps receive for the raw context rows: the context standardised (if the density standardises it),
    /// then embedded (if it has an embedding).
    func embedded(_ context: Tensor?) -> Tensor? {
        guard var c = context else { return nil }
        if let contextStandardization { c = contextStandardization.forward(c).output }
        return contextEmbedding.map { $0(c) } ?? c
    }

    /// Samples of x given contexts: `count` draws for one context c (`[C]` or `[1, C]`: many x for one c, its
    /// embedding computed once), or one draw per row of `[count, C]`, by the generative process of
    /// `sample(count:generator:)` with every step given c.
    /// - Returns: `[count] + eventShape`, draw i given c (or given row i).
    /// - Throws: `DensityError` for a non-positive count, a model that takes no context, or a context of another shape
    ///   or with a non-finite value.
    public func sample(count: Int, context: Tensor, generator: inout some RandomNumberGenerator) throws -> Tensor {
        guard count > 0 else { throw DensityError.nonPositiveCount("the number of samples", count) }
        guard isConditional else { throw DensityError.unexpectedContext(actual: context.shape.dimensions) }
        let isOne = context.shape.dimensions == [contextDimension] || context.shape.dimensions == [1, contextDimension]
        let rows = isOne ? context.reshaped(to: [1, contextDimension]) : context
        try validateContext(rows, rows: isOne ? 1 : count)
        let flat = withoutGradientRecording {
            var c = embedded(prepared(context: rows))
            if isOne && count > 1 { c = c?.repeatingRows(count) }
            return sample(count: count, embeddedContext: c, using: &generator)
        }
        return shaped(flat, count: count)
    }

    /// One draw of x for each row of `contexts` `[n, C]`: `sample(count: n, context: contexts, generator:)`.
    /// - Returns: `[n] + eventShape`.
    public func sample(forEachRowOf contexts: Tensor, generator: inout some RandomNumberGenerator) throws -> Tensor {
        guard contexts.rank == 2 else {
            throw DensityError.contextShapeMismatch(expected: [contexts.shape.dimensions.first ?? 0, contextDimension], actual: contexts.shape.dimensions)
        }
        return try sample(count: contexts.shape[0], context: contexts, generator: &generator)
    }
}
