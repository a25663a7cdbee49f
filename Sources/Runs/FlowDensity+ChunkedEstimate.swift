import Tensors
import Flows

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
        let pointCount = x.shape[0]
        let pointsPerChunk = isExact ? rowsPerPass : max(1, rowsPerPass / min(importanceSamples, rowsPerPass))
        let rows = x.rank == 2 ? x : x.reshaped(to: [pointCount, dimension])
        var total = LogLikelihoodEstimate(values: [], standardErrors: [], importanceSamples: isExact ? 1 : importanceSamples)
        var start = 0
        while start < pointCount {
            let end = min(pointCount, start + pointsPerChunk)
            let chunk = try logLikelihood(rows.gatheringRows(start..<end), importanceSamples: importanceSamples,
                                          rowsPerPass: rowsPerPass, using: &generator)
            total.values += chunk.values
            total.standardErrors += chunk.standardErrors
            start = end
            progress(start, pointCount)
        }
        return total
    }
}
