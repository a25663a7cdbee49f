import Foundation
import Testing
import Tensors
import Flows
import Configurations
import Runs
import Training

/// The opt-in training options: per-epoch snapshots, batch-norm statistics recomputed over the training set, and a
/// minimum number of optimiser steps before early stopping.
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

    /// The localised flows' batch norms without parameters (`IndexedLayerSetup.stable`) are recomputed too. With the
    /// identity initialisation every indexed layer is z = g(x) and log p(u | z) − log q(u | x) = 0, so the ELBO is
    /// the exact log-likelihood whatever u is drawn, and the MAF test above applies as it is.
    @Test func recomputedStatisticsCoverTheLocalisedFlowsBatchNorms() throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .lgfMAF)
        configuration.model.indexedLayers = .stable
        var generator = SplitMix64(seed: 3)
        let model = try ModelBuilder.build(configuration.model, using: &generator)
        let data = try configuration.data.load(seed: 1).train
        let x = Tensor(shape: [data.rowCount, data.columnCount], values: data.values, dtype: .float32)
        model.setMode(.training)
        let asOneBatch = try withoutGradientRecording { try model.elbo(x, using: &generator) }.scalars
        model.setMode(.evaluation)
        let initialStatistics = try model.elbo(x, using: &generator).scalars
        model.recomputeBatchNormStatistics(from: x)
        let recomputed = try model.elbo(x, using: &generator).scalars
        func meanGap(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(a.count) }
        #expect(meanGap(recomputed, asOneBatch) < 1e-4)
        #expect(meanGap(initialStatistics, asOneBatch) > 1e-3)
    }

    /// With patience 1 a run stops at the first epoch that does not improve; asked for a minimum number of steps it
    /// goes on to that many (20 steps per epoch here: 10,000 rows in batches of 500), along the same trajectory.
    @Test func earlyStoppingWaitsForTheMinimumNumberOfSteps() throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .maf, epochs: 30)
        configuration.training.patience = 1
        configuration.training.learningRate = 0.01
        let dataset = try configuration.data.load(seed: 1)
        let unhurried = RunFolder(path: ExperimentFixtures.scratchFolder("patience-alone"))
        let early = try Trainer(configuration: configuration, dataset: dataset, run: unhurried).train()
        try #require(early.ending == .stoppedEarly && early.epochs <= 20)

        configuration.training.minimumSteps = 20 * (early.epochs + 3) - 10
        let waiting = RunFolder(path: ExperimentFixtures.scratchFolder("patience-minimum-steps"))
        let later = try Trainer(configuration: configuration, dataset: dataset, run: waiting).train()
        #expect(later.epochs >= early.epochs + 3)
        let first = ExperimentFixtures.timeless(try waiting.readMetrics()).prefix(early.epochs)
        #expect(Array(first) == ExperimentFixtures.timeless(try unhurried.readMetrics()))
        #expect(try waiting.readConfiguration().training.minimumSteps == configuration.training.minimumSteps)
    }

    /// A configuration written before `minimumSteps` existed loads with none, as it was trained.
    @Test func aConfigurationWithoutMinimumStepsLoadsWithNone() throws {
        let configuration = ExperimentFixtures.tinyConfiguration(kind: .maf)
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(configuration)) as? [String: Any])
        var training = try #require(object["training"] as? [String: Any])
        #expect(training["minimumSteps"] == nil)
        training["minimumSteps"] = 40
        object["training"] = training
        let withSteps = try JSONDecoder().decode(ExperimentConfiguration.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(withSteps.training.minimumSteps == 40)
        training.removeValue(forKey: "minimumSteps")
        object["training"] = training
        let without = try JSONDecoder().decode(ExperimentConfiguration.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(without == configuration && without.training.minimumSteps == nil)
    }
}
