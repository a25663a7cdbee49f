import Foundation
import Tensors
import Networks

/// An importance-sampled log-likelihood for each data point, with the estimator's own standard error.
public struct LogLikelihoodEstimate: Sendable {
    /// log p̂(x) per point.
    public var values: [Double]
    /// The delta-method standard error of each log p̂(x) from the spread of its weights,
    /// √(Var(w) / K) / mean(w); zero for exact models.
    public var standardErrors: [Double]
    /// K (1 for an exact model).
    public var importanceSamples: Int

    public init(values: [Double], standardErrors: [Double], importanceSamples: Int) {
        self.values = values
        self.standardErrors = standardErrors
        self.importanceSamples = importanceSamples
    }

    /// The mean over points.
    public var mean: Double { values.reduce(0, +) / Double(max(values.count, 1)) }
    /// The standard error of the mean over points (sample standard deviation / √N).
    public var standardErrorOfMean: Double {
        guard values.count > 1 else { return 0 }
        let m = mean
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }
}

/// Running log-sum-exp and second moment of importance weights for one point, so K can be streamed.
struct WeightAccumulator {
    var maximum = -Double.infinity
    var sum = 0.0          // Σ exp(log w − maximum)
    var sumOfSquares = 0.0 // Σ exp(2 (log w − maximum))
    var count = 0

    mutating func add(_ logWeight: Double) {
        count += 1
        guard logWeight > -.infinity else { return }
        if logWeight > maximum {
            let rescale = Foundation.exp(maximum - logWeight)
            sum *= rescale
            sumOfSquares *= rescale * rescale
            maximum = logWeight
        }
        let weight = Foundation.exp(logWeight - maximum)
        sum += weight
        sumOfSquares += weight * weight
    }

    /// log of the mean weight.
    var logMean: Double { maximum + Foundation.log(sum / Double(count)) }

    /// √(Var(w) / K) / mean(w).
    var standardError: Double {
        let k = Double(count), mean = sum / k
        guard mean > 0 else { return .nan }
        let variance = max(sumOfSquares / k - mean * mean, 0)
        return (variance / k).squareRoot() / mean
    }
}

extension FlowDensity {
    /// Rows (points × draws) per forward pass of `logLikelihood` unless told otherwise. Small enough that a pass's
    /// activations stay in cache (a 2000 × 512 layer output is 4 MiB): against 10,000 rows the products ran faster,
    /// whole evaluations gained a few per cent and peak memory fell (`lgf bench evaluate` measures it).
    public static var defaultRowsPerPass: Int { 2_000 }

    /// The importance-sampled log-likelihood (Rezende et al. 2014, App. E; paper §4):
    /// log p̂(x) = logsumexp_k (log p(x, u_k) − log q(u_k | x)) − log K with u_k ~ q(· | x); for a conditional density
    /// log p̂(x | c) with every term given the row's context.
    ///
    /// K is streamed: each forward pass holds at most `rowsPerPass` rows (points × draws), so memory is
    /// bounded independently of K (times the threads when chunks run at once). Points are taken in chunks of
    /// ⌊rowsPerPass / min(K, rowsPerPass)⌋ (at least one), and chunk c draws its u from `SplitMix64(seed: s_c)`
    /// with s_0, s_1, … the next values of `generator`, one per chunk, taken in order before any chunk runs. The
    /// chunks therefore run on the threads in any order (`threading`) with the same estimates, and a call over
    /// some chunks' points leaves `generator` where consecutive calls over those chunks would. Runs without
    /// recording gradients. For an exact model returns log p(x) (K is ignored and the standard errors are 0).
    /// - Parameters:
    ///   - x: `[batch, D]`.
    ///   - context: `[batch, C]` for a conditional density (each chunk takes its points' rows), `nil` otherwise.
    ///   - importanceSamples: K ≥ 1 (1000 at test in the paper).
    ///   - rowsPerPass: the most rows (points × draws) one forward pass holds.
    ///   - threading: whether threads split the chunks' products or run whole chunks (see `EstimatorThreading`).
    ///   - generator: gives one seed per chunk of points.
    public func logLikelihood(_ x: Tensor, context: Tensor? = nil, importanceSamples: Int, rowsPerPass: Int = defaultRowsPerPass,
                              threading: EstimatorThreading = .automatic,
                              using generator: inout some RandomNumberGenerator) throws -> LogLikelihoodEstimate {
        try validate(x, context: context)
        guard importanceSamples > 0 else { throw DensityError.nonPositiveCount("the number of importance samples", importanceSamples) }
        guard rowsPerPass > 0 else { throw DensityError.nonPositiveCount("rows per pass", rowsPerPass) }
        let input = prepared(x), rowContext = prepared(context: context)
        return withoutGradientRecording {
            if isExact {
                var unused = SplitMix64(seed: 0)
                let values = elboTerms(input, context: rowContext, using: &unused).logP.doubles
                return LogLikelihoodEstimate(values: values, standardErrors: values.map { _ in 0 }, importanceSamples: 1)
            }
            let pointCount = x.shape[0]
            let drawsPerPass = min(importanceSamples, rowsPerPass)
            let pointsPerChunk = max(1, rowsPerPass / drawsPerPass)
            let chunks = stride(from: 0, to: pointCount, by: pointsPerChunk).map { $0..<min(pointCount, $0 + pointsPerChunk) }
            let seeds = chunks.map { _ in generator.next() }
            var estimates = [ChunkEstimate](repeating: ChunkEstimate(), count: chunks.count)
            func estimateChunk(_ chunk: Int) -> ChunkEstimate {
                var draws = SplitMix64(seed: seeds[chunk])
                return self.estimate(input.gatheringRows(chunks[chunk]), context: rowContext?.gatheringRows(chunks[chunk]),
                                     importanceSamples: importanceSamples, drawsPerPass: drawsPerPass, using: &draws)
            }
            let pool = WorkerPool.current
            let concurrent = concurrentChunkCount(chunks.count, rowsPerPass: pointsPerChunk * drawsPerPass, threads: pool.threadCount,
                                                  threading: threading)
            estimates.withUnsafeMutableBufferPointer { slots in
                pool.runInCallersScope(parts: concurrent) { chunk in slots[chunk] = estimateChunk(chunk) }
            }
            for chunk in concurrent..<chunks.count { estimates[chunk] = estimateChunk(chunk) }
            return LogLikelihoodEstimate(values: estimates.flatMap(\.values), standardErrors: estimates.flatMap(\.standardErrors),
                                         importanceSamples: importanceSamples)
        }
    }

    /// Multiply-adds below which a pass's largest product is too small to split well, so that `automatic` runs whole
    /// chunks across the threads instead. Measured at the two ends (docs/benchmarks.md): the 2-D LGF-MAF's passes
    /// (2000 rows × 50 × 50, 5·10⁶) ran faster across chunks, the MINIBOONE-shaped LGF-MAF's (2000 × 512 × 512,
    /// 5·10⁸) as fast or faster with split products, holding one pass at a time instead of one per thread.
    public static let acrossChunksProductLimit = 1 << 24

    /// How many of the first chunks run across the threads (the rest run one at a time, their products split).
    private func concurrentChunkCount(_ chunkCount: Int, rowsPerPass: Int, threads: Int, threading: EstimatorThreading) -> Int {
        guard threads > 1, chunkCount > 1, mode == .evaluation else { return 0 }
        switch threading {
        case .insideProducts: return 0
        case .acrossChunks: return chunkCount
        case .automatic:
            guard eventShape.count == 1 else { return 0 }  // image passes: convolutions split by image, and are large
            let largestWeight = parameters.lazy.filter { $0.shape.rank == 2 }.map(\.shape.elementCount).max() ?? 0
            return rowsPerPass * largestWeight < Self.acrossChunksProductLimit ? chunkCount : 0
        }
    }

    /// log p̂(x) and its standard error for each row of `points` (given its row of `context`), K draws each,
    /// `drawsPerPass` per forward pass.
    private func estimate(_ points: Tensor, context: Tensor?, importanceSamples: Int, drawsPerPass: Int,
                          using generator: inout SplitMix64) -> ChunkEstimate {
        var accumulators = [WeightAccumulator](repeating: WeightAccumulator(), count: points.shape[0])
        var drawn = 0
        while drawn < importanceSamples {
            let draws = min(drawsPerPass, importanceSamples - drawn)
            let logWeights = elboTerms(points, context: context, drawsPerRow: draws, using: &generator).logWeight.doubles
            for point in accumulators.indices {
                for k in 0..<draws { accumulators[point].add(logWeights[point * draws + k]) }
            }
            drawn += draws
        }
        return ChunkEstimate(values: accumulators.map(\.logMean), standardErrors: accumulators.map(\.standardError))
    }
}

/// One chunk's part of a `LogLikelihoodEstimate`.
private struct ChunkEstimate {
    var values: [Double] = []
    var standardErrors: [Double] = []
}

extension FlowDensity {
    /// The log importance weights log p(x, u) − log q(u | x) of given draws, u = μ(x) + σ(x) ⊙ ε at every
    /// indexed layer with ε taken from `standardNoise` rather than drawn: what an importance sampler with its own
    /// proposal r(ε) needs, since u is a triangular map of ε with Jacobian ∏ σ, so that
    /// log p(x, u) − log r(u | x) = (this) + log N(ε; 0, I) − log r(ε).
    ///
    /// Runs without recording gradients, on rows of `x` (prepared as the estimators do).
    /// - Parameters:
    ///   - x: `[batch, D]`.
    ///   - context: `[batch, C]` for a conditional density, `nil` otherwise.
    ///   - drawsPerRow: the draws per point, grouped by point (draw k of point i is row i · drawsPerRow + k).
    ///   - standardNoise: ε, `[batch · drawsPerRow, indexDimension]`, the indexed layers' columns in order.
    /// - Returns: `batch · drawsPerRow` log-weights, grouped by point.
    /// - Throws: `DensityError` for bad `x` or context, a non-positive count, noise of the wrong shape, or an exact model.
    public func logWeights(_ x: Tensor, context: Tensor? = nil, drawsPerRow: Int, standardNoise: Tensor) throws -> [Double] {
        try validate(x, context: context)
        guard !isExact else { throw DensityError.notLocalised }
        guard drawsPerRow > 0 else { throw DensityError.nonPositiveCount("the draws per point", drawsPerRow) }
        let rows = x.shape[0] * drawsPerRow
        guard standardNoise.shape.dimensions == [rows, indexDimension] else {
            throw DensityError.noiseShapeMismatch(expected: [rows, indexDimension], actual: standardNoise.shape.dimensions)
        }
        let input = prepared(x)
        let noise = standardNoise.dtype == input.dtype ? standardNoise : standardNoise.converted(to: input.dtype)
        var unused = SplitMix64(seed: 0)  // every ε comes from `standardNoise`
        return withoutGradientRecording {
            elboTerms(input, context: prepared(context: context), drawsPerRow: drawsPerRow, noise: noise, using: &unused).logWeight.doubles
        }
    }
}
