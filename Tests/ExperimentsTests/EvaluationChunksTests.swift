import Testing
import Tensors
import Flows
import Distributed
import Runs

/// `EvaluationChunks`: the chunks cover every point once, in order, a pass's worth each; each draws from a stream of
/// its own that depends only on the seed and the chunk; and scored one by one they give the estimator's one call.
struct EvaluationChunksTests {
    @Test(arguments: [(12, 20, false, 5), (12, 20, true, 100), (7, 1000, false, 1), (0, 20, false, 5)])
    func chunksCoverThePointsOnceAPassAtATime(points: Int, samples: Int, exact: Bool, perChunk: Int) {
        var generator = SplitMix64(seed: 3)
        let chunks = EvaluationChunks(pointCount: points, importanceSamples: samples, rowsPerPass: 100, exact: exact, using: &generator)
        #expect(chunks.pointsPerChunk == perChunk)
        let covered = (0 ..< chunks.count).flatMap { Array(chunks.points(of: $0)) }
        #expect(covered == Array(0 ..< points))
        #expect((0 ..< chunks.count).allSatisfy { !chunks.points(of: $0).isEmpty && chunks.points(of: $0).count <= perChunk })
    }

    @Test func everyChunkHasItsOwnStreamFixedByTheSeed() {
        func firstDraws(seed: UInt64) -> [UInt64] {
            var generator = SplitMix64(seed: seed)
            let chunks = EvaluationChunks(pointCount: 50, importanceSamples: 20, rowsPerPass: 100, exact: false, using: &generator)
            return (0 ..< chunks.count).map { var stream = chunks.generator(of: $0); return stream.next() }
        }
        let draws = firstDraws(seed: 7)
        #expect(draws.count == 10 && Set(draws).count == 10, "\(draws)")
        #expect(firstDraws(seed: 7) == draws)
        #expect(Set(firstDraws(seed: 8)).isDisjoint(with: draws))
    }

    @Test(arguments: [(20, 1), (1000, 1), (20, 2), (1000, 5)])
    func scoringTheChunksOneByOneGivesTheEstimatorsOneCall(importanceSamples: Int, passesPerChunk: Int) throws {
        var g = SplitMix64(seed: 5)
        let model = try ModelBuilder.build(.figure1LGFMAF(), using: &g)
        model.setMode(.evaluation)
        let x = Tensor.randomNormal(shape: [13, 2], using: &g)
        var whole = SplitMix64(seed: 9), shared = SplitMix64(seed: 9)
        let one = try model.logLikelihood(x, importanceSamples: importanceSamples, rowsPerPass: 100, using: &whole)
        let chunks = EvaluationChunks(pointCount: 13, importanceSamples: importanceSamples, rowsPerPass: 100, exact: false,
                                      passesPerChunk: passesPerChunk, using: &shared)
        let pointsPerPass = importanceSamples == 20 ? 5 : 1
        #expect(chunks.count == (13 + pointsPerPass * passesPerChunk - 1) / (pointsPerPass * passesPerChunk))
        let chunked = try model.logLikelihood(x, importanceSamples: importanceSamples, chunks: chunks, rowsPerPass: 100,
                                              sharedWith: SingleProcessGroup(), keptIn: nil)
        #expect(chunked.values == one.values && chunked.standardErrors == one.standardErrors)
        #expect(shared == whole, "the generator is left where the one call leaves it")
    }
}
