import Distributed
import Foundation
import Testing
import Tensors
@testable import Configurations
@testable import Runs
@testable import Training
import TestSupport

/// Data-parallel training with ranks as threads (`ThreadProcessGroup`): the pieces `ProcessGroupReplicas` is made
/// of, and whole MAF trainings against one process. `DataParallelTrainingTests` (CLITests) runs the same under mpirun.
struct DataParallelTrainerTests {
    @Test(arguments: [(500, 2), (500, 3), (7, 7), (1000, 8)])
    func slicesCutABatchIntoContiguousNearlyEqualParts(count: Int, size: Int) {
        let slices = (0..<size).map { ProcessGroupReplicas.slice(count: count, rank: $0, size: size) }
        #expect(slices.first?.lowerBound == 0 && slices.last?.upperBound == count)
        #expect(zip(slices, slices.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(slices.map(\.count).max()! - slices.map(\.count).min()! <= 1)
    }

    @Test func drawStreamsDifferByRankStepAndEpochAndFromTheSharedStream() {
        var shared = SplitMix64(seed: 9)
        let epochStates = (0..<3).map { _ in shared.next() }
        var seeds = Set<UInt64>()
        for state in epochStates {
            for rank in 0..<8 { for step in 0..<50 { seeds.insert(ProcessGroupReplicas.drawSeed(sharedState: state, rank: rank, step: step)) } }
        }
        #expect(seeds.count == 3 * 8 * 50)
        // None is a state the shared stream passes through in its next thousand draws.
        var stream = SplitMix64(seed: epochStates[0])
        let passed = Set((0..<1000).map { _ in _ = stream.next(); return stream.state })
        #expect(seeds.isDisjoint(with: passed))
    }

    @Test func theFusedBufferRoundTripsGradientsAndTheObjective() throws {
        var generator = SplitMix64(seed: 4)
        let gradients = [Tensor.randomNormal(shape: [3, 4], using: &generator), Tensor.randomNormal(shape: [5], using: &generator)]
        var buffer = GradientBuffer()
        buffer.pack(gradients, extra: -2.5)
        #expect(buffer.byteCount == 4 * (12 + 5 + 1))
        try buffer.allReduceSum(over: SingleProcessGroup())
        var unpacked = gradients.map { Tensor(zeros: $0.shape) }
        #expect(buffer.unpack(into: &unpacked) == -2.5)
        #expect(zip(unpacked, gradients).allSatisfy { $0.shape == $1.shape && $0.scalars == $1.scalars })
    }

    @Test func aBatchSmallerThanTheRanksIsRefused() throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .maf)
        configuration.training.batchSize = 2
        let trainer = try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1),
                                  run: RunFolder(path: ExperimentFixtures.scratchFolder("dp-small-batch")))
        let group = ThreadProcessGroup(rank: 0, rendezvous: ThreadRendezvous(count: 3))
        #expect(throws: ExperimentError.self) { try trainer.distribute(over: group) }
    }

    /// Trains `configuration` on `ranks` threads into one run folder; returns each rank's history.
    static func train(_ configuration: ExperimentConfiguration, ranks: Int, folder: String) throws -> [[EpochRecord]] {
        let rendezvous = ThreadRendezvous(count: ranks)
        let outcomes = ThreadReplicas.onThreads(count: ranks) { rank -> Result<[EpochRecord], any Error> in
            Result {
                let trainer = try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1), run: RunFolder(path: folder))
                try trainer.distribute(over: ThreadProcessGroup(rank: rank, rendezvous: rendezvous))
                try trainer.train()
                return trainer.history
            }
        }
        return try outcomes.map { try $0.get() }
    }

    /// MAF has no draws inside a step, so ranks splitting each batch (evenly or not) train the model one process
    /// trains, up to float32 summation order (see `DataParallelTrainingTests.relativeTolerance`, also for why
    /// validation uses training-set batch-norm statistics); every rank keeps the same history, and only rank 0 writes.
    @Test(arguments: [2, 3])
    func ranksAsThreadsTrainMAFAsOneProcessDoes(ranks: Int) throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .maf, epochs: 3)
        configuration.training.batchNormStatistics = .trainingSet
        let single = try Self.train(configuration, ranks: 1, folder: ExperimentFixtures.scratchFolder("dp-threads-1"))[0]
        let folder = ExperimentFixtures.scratchFolder("dp-threads-\(ranks)")
        let histories = try Self.train(configuration, ranks: ranks, folder: folder)
        for history in histories { #expect(ExperimentFixtures.timeless(history) == ExperimentFixtures.timeless(histories[0])) }
        #expect(ExperimentFixtures.timeless(try RunFolder(path: folder).readMetrics()) == ExperimentFixtures.timeless(histories[0]))
        for (parallel, alone) in zip(histories[0], single) {
            #expect(isApproximatelyEqual([parallel.trainObjective, parallel.validation], [alone.trainObjective, alone.validation], tolerance: 0, relative: 1e-5),
                    "epoch \(alone.epoch): \(parallel) against \(alone)")
        }
        #expect(histories[0].count == 3)
    }
}
