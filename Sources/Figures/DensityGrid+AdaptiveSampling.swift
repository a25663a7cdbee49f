import Foundation
import Tensors
import Flows

extension DensityGrid {
    /// What the adaptive evaluation of a localised model's grid produced, point by point.
    struct AdaptiveResult {
        /// The estimate behind each value: the first round's q draws, or the adapted proposal's draws.
        var moments: [ImportanceWeightMoments]
        /// Draws spent on each point, the adaptation's included.
        var draws: [Int]
        /// Points whose proposal was adapted.
        var adaptedCount: Int
    }

    /// Importance sampling with K chosen per point and, where q(u | x) is a poor proposal, a proposal fitted to
    /// the point (``IndexProposal``):
    ///
    /// 1. every point gets `initialSamples` draws from q (ε ~ N(0, I));
    /// 2. the points whose standard error is above `sampling`'s target, and their neighbours within
    ///    ``adaptationRadius`` grid steps (a point whose few q draws all missed the posterior looks calm but is
    ///    biased low, and lies beside points that did not miss), are **adapted**: ``adaptationRounds`` rounds of
    ///    `initialSamples` draws, each from the proposal fitted to all the point's draws so far;
    /// 3. an adapted point's estimate then uses only draws made after adaptation: `initialSamples` from the fitted
    ///    proposal, then, while the standard error is above the target and the estimate's K stays within
    ///    `maximumSamples`, as many again from a proposal refitted to all its draws so far. Each draw's weight is
    ///    taken against the proposal it came from, so each is unbiased for p given the draws before it, and so is
    ///    their mean p̂ (log p̂ is biased low by about s²/2, s its standard error).
    static func adaptiveEstimates(of model: FlowDensity, over box: Box, gridSize: Int, sampling: ImportanceSampling,
                                  rowsPerPass: Int, using generator: inout some RandomNumberGenerator,
                                  progress: ((Progress) -> Void)?) throws -> AdaptiveResult {
        let pointCount = gridSize * gridSize, dimension = model.indexDimension
        let firstK = sampling.initialSamples
        var proposals = Array(repeating: IndexProposal.standard(dimension: dimension), count: pointCount)
        var statistics = Array(repeating: WeightedNoiseStatistics(dimension: dimension), count: pointCount)
        var draws = Array(repeating: 0, count: pointCount)
        var round = 0

        /// Draws `count` times at each of `indices` from its proposal; returns each point's log-weights against it.
        func sample(_ indices: [Int], count: Int) throws -> [[Double]] {
            round += 1
            var results: [[Double]] = []
            results.reserveCapacity(indices.count)
            let pointsPerCall = max(1, rowsPerPass / count)
            for start in stride(from: 0, to: indices.count, by: pointsPerCall) {
                let chunk = Array(indices[start..<min(indices.count, start + pointsPerCall)])
                var noise: [Double] = []
                noise.reserveCapacity(chunk.count * count * dimension)
                for index in chunk { noise += proposals[index].draw(count: count, using: &generator) }
                let coordinates = chunk.flatMap { index in
                    [coordinate(index % gridSize, of: box.xRange, gridSize: gridSize), coordinate(index / gridSize, of: box.yRange, gridSize: gridSize)]
                }
                let dtype = model.dtype ?? .float32
                let logWeights = try model.logWeights(Tensor(shape: [chunk.count, 2], values: coordinates, dtype: dtype), drawsPerRow: count,
                                                      standardNoise: Tensor(shape: [chunk.count * count, dimension], values: noise, dtype: dtype))
                for (position, index) in chunk.enumerated() {
                    var pointWeights = [Double](repeating: 0, count: count)
                    for k in 0..<count {
                        let row = position * count + k
                        let slice = noise[(row * dimension)..<((row + 1) * dimension)]
                        pointWeights[k] = logWeights[row] + proposals[index].logWeightCorrection(slice)
                        statistics[index].add(slice, logWeight: pointWeights[k])
                    }
                    draws[index] += count
                    results.append(pointWeights)
                }
                progress?(Progress(round: round, samplesPerPoint: count, pointsDone: results.count, pointCount: indices.count))
            }
            return results
        }

        let all = Array(0..<pointCount)
        var moments = try sample(all, count: firstK).map(ImportanceWeightMoments.init(logWeights:))
        var targets = sampling.targets(for: moments.map(\.logLikelihood))
        let noisy = all.filter { index in targets[index].map { !(moments[index].standardError <= $0) } ?? false }
        let adapted = neighbourhood(of: noisy, radius: adaptationRadius, gridSize: gridSize)
        guard !adapted.isEmpty else { return AdaptiveResult(moments: moments, draws: draws, adaptedCount: 0) }
        for _ in 0..<adaptationRounds {
            for index in adapted { proposals[index] = IndexProposal.fitted(to: statistics[index]) }
            _ = try sample(adapted, count: firstK)
        }
        for index in adapted { proposals[index] = IndexProposal.fitted(to: statistics[index]) }
        for (index, weights) in zip(adapted, try sample(adapted, count: firstK)) { moments[index] = ImportanceWeightMoments(logWeights: weights) }
        // Double the adapted points' K while their noise shows; the targets follow the values, whose maximum can move.
        while true {
            targets = sampling.targets(for: moments.map(\.logLikelihood))
            let refine = adapted.filter { index in
                guard let target = targets[index], 2 * moments[index].count <= sampling.maximumSamples else { return false }
                return !(moments[index].standardError <= target)
            }
            guard !refine.isEmpty else { break }
            for (samples, group) in Dictionary(grouping: refine, by: { moments[$0].count }).sorted(by: { $0.key < $1.key }) {
                // Each round's proposal is fitted to every draw so far; its weights are unbiased given the past, so
                // pooling them with the earlier rounds' keeps p̂ unbiased.
                for index in group { proposals[index] = IndexProposal.fitted(to: statistics[index]) }
                for (index, weights) in zip(group, try sample(group, count: samples)) {
                    moments[index] = moments[index].pooled(with: ImportanceWeightMoments(logWeights: weights))
                }
            }
        }
        return AdaptiveResult(moments: moments, draws: draws, adaptedCount: adapted.count)
    }

    /// Rounds of fitting before an adapted point's estimate starts (three, each of K₀ draws: enough for the fitted
    /// Gaussian to settle where the trained LGF-MAF's posterior lies 2σ away from q's mean).
    static let adaptationRounds = 3
    /// Noisy points' neighbours within this many grid steps (Chebyshev distance) are adapted too.
    static let adaptationRadius = 2

    /// `indices` and every grid point within `radius` steps of one of them, sorted.
    static func neighbourhood(of indices: [Int], radius: Int, gridSize: Int) -> [Int] {
        var marked = [Bool](repeating: false, count: gridSize * gridSize)
        for index in indices {
            let row = index / gridSize, column = index % gridSize
            for r in max(0, row - radius)...min(gridSize - 1, row + radius) {
                for c in max(0, column - radius)...min(gridSize - 1, column + radius) { marked[r * gridSize + c] = true }
            }
        }
        return marked.indices.filter { marked[$0] }
    }
}
