import Tensors

/// How an evaluation splits its points into consecutive chunks, each scored with draws from a generator of its own,
/// so that the estimate of every point depends only on the seed and its chunk: not on which process of an MPI job
/// scores the chunk, nor on whether the evaluation was interrupted and continued in between.
///
/// A chunk is a whole number of the estimator's passes (a pass holds rows per pass / K points for localised models,
/// rows per pass for exact ones), so splitting costs no extra passes, and its draws are the estimator's own:
/// `FlowDensity.logLikelihood(_:context:importanceSamples:rowsPerPass:threading:using:)` gives pass p the seed s_p,
/// the p-th next value of its generator, so a chunk of the passes p₀ ..< p₁ scored alone from the generator advanced
/// by p₀ draws gives exactly the values of one call over all points, on any rank.
public struct EvaluationChunks: Sendable, Equatable {
    /// The points scored, and the points of every chunk but possibly the last.
    public let pointCount, pointsPerChunk: Int
    /// The estimator's passes per chunk (seeds drawn per chunk; none for exact models).
    private let seedsPerChunk: Int
    /// The evaluation generator's state before the passes' seeds were drawn from it.
    private let rootState: UInt64

    /// SplitMix64's increment per draw: the state after n draws is the state before plus n times it.
    private static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// - Parameters:
    ///   - exact: whether the model's log-likelihood is exact (no importance samples per point, no seeds drawn).
    ///   - passesPerChunk: the estimator's passes in a chunk (≥ 1): few for large passes (images), more for small ones,
    ///     so that a chunk is worth a file of its own and a round of the ranks.
    ///   - generator: the evaluation's generator, left where the estimator's one call over all points leaves it.
    public init(pointCount: Int, importanceSamples: Int, rowsPerPass: Int, exact: Bool, passesPerChunk: Int = 1,
                using generator: inout SplitMix64) {
        let pointsPerPass = exact ? max(rowsPerPass, 1) : max(1, rowsPerPass / max(1, min(importanceSamples, rowsPerPass)))
        self.pointCount = pointCount
        pointsPerChunk = pointsPerPass * max(passesPerChunk, 1)
        seedsPerChunk = exact ? 0 : max(passesPerChunk, 1)
        rootState = generator.state
        let passes = (pointCount + pointsPerPass - 1) / pointsPerPass
        if !exact { generator = SplitMix64(seed: rootState &+ UInt64(passes) &* Self.increment) }
    }

    /// The number of chunks.
    public var count: Int { (pointCount + pointsPerChunk - 1) / pointsPerChunk }

    /// The points of chunk `index`.
    public func points(of index: Int) -> Range<Int> {
        index * pointsPerChunk ..< min(pointCount, (index + 1) * pointsPerChunk)
    }

    /// The generator to score chunk `index` alone with: the evaluation's generator after the draws of the passes
    /// before the chunk, whose next values are the seeds of the chunk's passes in a call over all points.
    public func generator(of index: Int) -> SplitMix64 {
        SplitMix64(seed: rootState &+ UInt64(index * seedsPerChunk) &* Self.increment)
    }
}
