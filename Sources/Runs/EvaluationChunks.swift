import Tensors

/// How an evaluation splits its points into consecutive chunks, each scored with draws from a generator of its own,
/// so that the estimate of every point depends only on the seed and its chunk: not on which process of an MPI job
/// scores the chunk, nor on whether the evaluation was interrupted and continued in between.
///
/// A chunk holds as many points as one pass of the estimator holds (rows per pass / K for localised models, rows per
/// pass for exact ones), so splitting costs no extra passes. The chunks are the estimator's own: chunk c draws from
/// the seed s_c that `FlowDensity.logLikelihood(_:context:importanceSamples:rowsPerPass:threading:using:)` gives it in
/// one call over all points (s_0, s_1, … the next values of the generator), so scoring the chunks one by one, on any
/// ranks, gives exactly the values of that one call.
public struct EvaluationChunks: Sendable, Equatable {
    /// The points scored, and the points of every chunk but possibly the last.
    public let pointCount, pointsPerChunk: Int
    /// The evaluation generator's state before the chunks' seeds were drawn from it.
    private let rootState: UInt64

    /// SplitMix64's increment per draw: the state after n draws is the state before plus n times it.
    private static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// - Parameters:
    ///   - exact: whether the model's log-likelihood is exact (no importance samples per point, no seeds drawn).
    ///   - generator: the evaluation's generator, left where the estimator's one call over all points leaves it.
    public init(pointCount: Int, importanceSamples: Int, rowsPerPass: Int, exact: Bool, using generator: inout SplitMix64) {
        self.pointCount = pointCount
        pointsPerChunk = exact ? max(rowsPerPass, 1) : max(1, rowsPerPass / max(1, min(importanceSamples, rowsPerPass)))
        rootState = generator.state
        let chunkCount = (pointCount + pointsPerChunk - 1) / pointsPerChunk
        if !exact { generator = SplitMix64(seed: rootState &+ UInt64(chunkCount) &* Self.increment) }
    }

    /// The number of chunks.
    public var count: Int { (pointCount + pointsPerChunk - 1) / pointsPerChunk }

    /// The points of chunk `index`.
    public func points(of index: Int) -> Range<Int> {
        index * pointsPerChunk ..< min(pointCount, (index + 1) * pointsPerChunk)
    }

    /// The generator to score chunk `index` alone with: the evaluation's generator after `index` draws, whose next
    /// value is the chunk's seed in a call over all points.
    public func generator(of index: Int) -> SplitMix64 {
        SplitMix64(seed: rootState &+ UInt64(index) &* Self.increment)
    }
}
