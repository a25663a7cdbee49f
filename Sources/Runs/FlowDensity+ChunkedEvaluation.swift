import Foundation
import Tensors
import Flows
import Distributed

extension FlowDensity {
    /// The importance-sampled log-likelihood of every point of `x` (exact for exact models), chunk by chunk of
    /// `chunks`, each chunk with its own generator (`EvaluationChunks`), shared out among the ranks of `group` and kept
    /// in `progress` as chunks finish. Whatever the number of ranks and however often the evaluation was interrupted
    /// and continued, the values are those of one process scoring every chunk in one sitting.
    ///
    /// Chunks go out in rounds, one per rank: after each round the ranks sum a buffer in which each filled only its
    /// own chunk's place (`allReduceSum`), so every rank ends with the values scored in this sitting and rank 0, which
    /// also read the chunks finished before, with all of them.
    /// - Parameters:
    ///   - x: `[points, D]` or `[points] + eventShape`, the same on every rank.
    ///   - context: `[points, C]` for a conditional density (each chunk takes its points' rows), `nil` otherwise.
    ///   - progress: rank 0's store of finished chunks (`nil` on the other ranks, or to keep nothing); rank 0 tells the
    ///     others which chunks are left.
    ///   - report: called after every round with the points scored so far in this sitting and the points this sitting
    ///     has to score (those not found in `progress`).
    public func logLikelihood(_ x: Tensor, context: Tensor? = nil, importanceSamples: Int, chunks: EvaluationChunks, rowsPerPass: Int,
                              sharedWith group: any ProcessGroup, keptIn progress: EvaluationProgress?,
                              report: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> LogLikelihoodEstimate {
        let rows = x.rank == 2 ? x : x.reshaped(to: [chunks.pointCount, dimension])
        var values = [Double](repeating: 0, count: chunks.pointCount), errors = values
        var pending: [Int] = []
        for index in 0 ..< chunks.count {
            guard let finished = try progress?.finished(index, of: chunks) else { pending.append(index); continue }
            values.replaceSubrange(chunks.points(of: index), with: finished.values)
            errors.replaceSubrange(chunks.points(of: index), with: finished.standardErrors)
        }
        pending = try JSONDecoder().decode([Int].self, from: Data(try group.broadcast([UInt8](try JSONEncoder().encode(pending)), from: 0)))
        let left = pending.reduce(0) { $0 + chunks.points(of: $1).count }
        var done = 0
        for roundStart in stride(from: 0, to: pending.count, by: group.size) {
            let round = Array(pending[roundStart ..< min(pending.count, roundStart + group.size)])
            let offsets = round.reduce(into: [0]) { $0.append($0[$0.count - 1] + 2 * chunks.points(of: $1).count) }
            var buffer = [Double](repeating: 0, count: offsets[round.count])
            if group.rank < round.count {
                let points = chunks.points(of: round[group.rank])
                var generator = chunks.generator(of: round[group.rank])
                let estimate = try logLikelihood(rows.gatheringRows(points), context: context?.gatheringRows(points),
                                                 importanceSamples: importanceSamples, rowsPerPass: rowsPerPass, using: &generator)
                buffer.replaceSubrange(offsets[group.rank] ..< offsets[group.rank + 1], with: estimate.values + estimate.standardErrors)
            }
            try group.allReduceSum(&buffer)
            for (slot, index) in round.enumerated() {
                let points = chunks.points(of: index), start = offsets[slot]
                let chunkValues = Array(buffer[start ..< start + points.count]), chunkErrors = Array(buffer[start + points.count ..< offsets[slot + 1]])
                values.replaceSubrange(points, with: chunkValues)
                errors.replaceSubrange(points, with: chunkErrors)
                try progress?.save(index, values: chunkValues, standardErrors: chunkErrors)
                done += points.count
            }
            report(done, left)
        }
        return LogLikelihoodEstimate(values: values, standardErrors: errors, importanceSamples: isExact ? 1 : importanceSamples)
    }
}
