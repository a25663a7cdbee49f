import Foundation
import Testing
import Tensors
import Flows
import Runs
import Training

/// The opt-in training options of the reproduction: per-epoch snapshots and batch-norm statistics
/// recomputed over the training set.
struct TrainingOptionsTests {
    @Test func keepsSnapshotsOfTheLastEpochsOnly() throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .maf, epochs: 4)
        configuration.training.snapshotEpochs = 2
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("snapshots"))
        try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1), run: folder).train()
        #expect(folder.snapshotEpochs() == [3, 4])
        let last = try Data(contentsOf: URL(fileURLWithPath: folder.snapshotPath(epoch: 4)))
        #expect(last == (try Data(contentsOf: URL(fileURLWithPath: folder.latestCheckpointPath))))
        let third = try LoadedRun(folder: folder, snapshotEpoch: 3)
        let fourth = try LoadedRun(folder: folder, snapshotEpoch: 4)
        #expect(third.model.parameters[0].value.scalars != fourth.model.parameters[0].value.scalars)
    }

    /// With statistics recomputed over a set, evaluation mode on it equals training mode with the whole set as
    /// one batch (each batch-norm layer then uses exactly the set's statistics); running averages do not.
    @Test func recomputedStatisticsMatchTheWholeSetAsOneBatch() throws {
        let configuration = ExperimentFixtures.tinyConfiguration(kind: .maf)
        var generator = SplitMix64(seed: 3)
        let model = try ModelBuilder.build(configuration.model, using: &generator)
        let data = try configuration.data.load(seed: 1).train
        let x = Tensor(shape: [data.rowCount, data.columnCount], values: data.values, dtype: .float32)
        // Move the running averages somewhere by a few training-mode passes over parts of the data.
        model.setMode(.training)
        for start in stride(from: 0, to: 3000, by: 1000) { _ = try model.logProb(x.gatheringRows(start..<(start + 1000))) }
        let asOneBatch = try withoutGradientRecording { try model.logProb(x) }.scalars
        model.setMode(.evaluation)
        let runningAverages = try model.logProb(x).scalars
        model.recomputeBatchNormStatistics(from: x)
        let recomputed = try model.logProb(x).scalars
        func meanGap(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(a.count) }
        #expect(meanGap(recomputed, asOneBatch) < 1e-4)
        #expect(meanGap(runningAverages, asOneBatch) > 1e-3)
    }

    @Test func trainingWithRecomputedStatisticsRuns() throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .maf)
        configuration.training.batchNormStatistics = .trainingSet
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("bn-training-set"))
        let summary = try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1), run: folder).train()
        #expect(summary.bestValidation.isFinite)
        #expect(try folder.readConfiguration().training.batchNormStatistics == .trainingSet)
    }
}
