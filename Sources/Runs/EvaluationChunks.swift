import Tensors

/// How an evaluation splits its points into consecutive chunks, each scored with draws from a generator of its own,
/// so that the estimate of every point depends only on the seed and its chunk: not on which process of an MPI job
/// scores the chunk, nor on whether the evaluation was interrupted and continued in between.
///
/// A chunk holds as many points as one pass of the estimator holds (rows per pass / K for localised models, rows per
/// pass for exact ones), so splitting costs no extra passes.
public struct EvaluationChunks: Sendable, Equatable {
    /// The points scored, and the points of every chunk but possibly the last.
    public let pointCount, pointsPerChunk: Int
    /// The root of the chunks' generators, drawn from the evaluation's seed.
    private let generatorRoot: UInt64

    /// - Parameters:
    ///   - exact: whether the model's log-likelihood is exact (no importance samples per point).
    ///   - generator: the evaluation's generator; one draw from it seeds every chunk's generator.
    public init(pointCount: Int, importanceSamples: Int, rowsPerPass: Int, exact: Bool, using generator: inout SplitMix64) {
        self.pointCount = pointCount
        pointsPerChunk = exact ? max(rowsPerPass, 1) : max(1, rowsPerPass / max(1, min(importanceSamples, rowsPerPass)))
        generatorRoot = generator.next()
    }

    /// The number of chunks.
    public var count: Int { (pointCount + pointsPerChunk - 1) / pointsPerChunk }

    /// The points of chunk `index`.
    public func points(of index: Int) -> Range<Int> {
        index * pointsPerChunk ..< min(pointCount, (index + 1) * pointsPerChunk)
    }

    /// The generator of chunk `index`: the generator split off the root's stream after `index` draws.
    public func generator(of index: Int) -> SplitMix64 {
        var stream = SplitMix64(seed: generatorRoot &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        return stream.split()
    }
}
