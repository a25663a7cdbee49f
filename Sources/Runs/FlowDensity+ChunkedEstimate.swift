import Tensors
import Flows
import Distributed

extension FlowDensity {
    /// The importance-sampled log-likelihood of `logLikelihood(_:importanceSamples:rowsPerPass:using:)`, computed
    /// a chunk of points at a time so that exact models too stay within `rowsPerPass` rows per forward pass (the
    /// library's estimator passes an exact model's points all at once, which for images means gigabytes).
    ///
    /// A chunk holds as many points as one of the estimator's passes, so for localised models the draws, and hence
    /// the values, are those of a single call over all points. `progress` is called after every chunk with the
    /// points done so far and their total (for time estimates).
    /// - Parameters:
    ///   - x: `[points, D]` or `[points] + eventShape`.
    ///   - rowsPerPass: points × importance samples per forward pass (≥ 1).
    public func logLikelihood(_ x: Tensor, importanceSamples: Int, inChunksOf rowsPerPass: Int,
                              using generator: inout SplitMix64, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws
        -> LogLikelihoodEstimate {
        guard rowsPerPass > 0 else { throw DensityError.nonPositiveCount("rows per pass", rowsPerPass) }
        guard importanceSamples > 0 else { throw DensityError.nonPositiveCount("the number of importance samples", importanceSamples) }
        let chunks = EvaluationChunks(pointCount: x.shape[0], importanceSamples: importanceSamples, rowsPerPass: rowsPerPass,
                                      exact: isExact, using: &generator)
        return try logLikelihood(x, importanceSamples: importanceSamples, chunks: chunks, rowsPerPass: rowsPerPass,
                                 sharedWith: SingleProcessGroup(), keptIn: nil, report: progress)
    }
}
