import Foundation
import Testing
import Tensors
import Flows
import Configurations
import Runs
import Training

/// A log that stops after a given epoch and can tamper with the model, to simulate interruptions and NaNs.
final class ScriptedLog: TrainingLog {
    var stopAfterEpoch: Int?
    var corrupt: ((Int) -> Void)?
    var corruptAfterRollBack: (() -> Void)?
    var rollBacks: [Double] = []
    var lastEpoch = 0

    func trainingDidFinishEpoch(_ record: EpochRecord, isBest: Bool) {
        lastEpoch = record.epoch
        corrupt?(record.epoch)
    }
    func trainingDidRollBack(epoch: Int, newLearningRate: Double, reason: String) {
        rollBacks.append(newLearningRate)
        corruptAfterRollBack?()
    }
    func trainingShouldStop() -> Bool { stopAfterEpoch.map { lastEpoch >= $0 } ?? false }
}

struct TrainerTests {
    @Test(arguments: ModelKind.allCases)
    func twoEpochsWriteARunFolder(kind: ModelKind) throws {
        let configuration = ExperimentFixtures.tinyConfiguration(kind: kind)
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("run-\(kind.rawValue)"))
        let trainer = try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1), run: folder)
        let summary = try trainer.train()
        #expect(summary.epochs == 2 && summary.ending == .completed && summary.bestValidation.isFinite)
        let metrics = try folder.readMetrics()
        #expect(metrics.map(\.epoch) == [1, 2])
        #expect(FileManager.default.fileExists(atPath: folder.bestCheckpointPath) && FileManager.default.fileExists(atPath: folder.latestCheckpointPath))
        #expect(try folder.readConfiguration() == configuration)
        // The best checkpoint reloads into a model that scores the validation set as recorded.
        let loaded = try LoadedRun(folder: folder)
        let report = try RunEvaluator.evaluate(loaded, split: .validation, importanceSamples: 3, seed: 5)
        #expect(report.logLikelihood.isFinite)
        if !kind.isLocalised { #expect(abs(report.logLikelihood - summary.bestValidation) < 1e-4) }
    }

    @Test func resumingAfterAnInterruptionReproducesTheUninterruptedRun() throws {
        let configuration = ExperimentFixtures.tinyConfiguration(kind: .lgfMAF, epochs: 4)
        let dataset = try configuration.data.load(seed: 1)
        let straight = RunFolder(path: ExperimentFixtures.scratchFolder("straight"))
        try Trainer(configuration: configuration, dataset: dataset, run: straight).train()

        let interrupted = RunFolder(path: ExperimentFixtures.scratchFolder("interrupted"))
        let log = ScriptedLog()
        log.stopAfterEpoch = 2
        #expect(try Trainer(configuration: configuration, dataset: dataset, run: interrupted, log: log).train().ending == .interrupted)
        // A crash after epoch 3's metrics line but before its checkpoint leaves a stray line behind.
        var records = try interrupted.readMetrics()
        records.append(EpochRecord(epoch: 3, trainObjective: 0, validation: 0, seconds: 0, learningRate: 0))
        try interrupted.writeMetrics(records)
        let resumed = try Trainer(configuration: configuration, dataset: dataset, run: interrupted).train(resuming: true)
        #expect(resumed.epochs == 4)
        #expect(ExperimentFixtures.timeless(try interrupted.readMetrics()) == ExperimentFixtures.timeless(try straight.readMetrics()))
    }

    @Test func startingOverAnExistingRunTouchesNothing() throws {
        let configuration = ExperimentFixtures.tinyConfiguration(kind: .maf, epochs: 1)
        let dataset = try configuration.data.load(seed: 1)
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("existing"))
        try Trainer(configuration: configuration, dataset: dataset, run: folder).train()
        let before = FileManager.default.contents(atPath: folder.bestCheckpointPath)
        #expect(throws: ExperimentError.runFolderInUse(path: folder.path)) {
            try Trainer(configuration: configuration, dataset: dataset, run: folder).train()
        }
        #expect(FileManager.default.contents(atPath: folder.bestCheckpointPath) == before)
    }

    @Test func aNonFiniteLossRollsBackAndHalvesTheLearningRate() throws {
        let configuration = ExperimentFixtures.tinyConfiguration(kind: .maf, epochs: 3)
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("nan-once"))
        let log = ScriptedLog()
        var trainer: Trainer?
        log.corrupt = { epoch in
            guard epoch == 1, let parameter = trainer?.model.parameters.first else { return }
            parameter.value = Tensor(repeating: .nan, shape: parameter.shape)
        }
        trainer = try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1), run: folder, log: log)
        let summary = try #require(trainer).train()
        #expect(summary.recoveries == 1 && summary.epochs == 3 && summary.bestValidation.isFinite)
        #expect(log.rollBacks == [5e-4])
        #expect(try folder.readMetrics().map(\.learningRate) == [1e-3, 5e-4, 5e-4])
    }

    @Test func divergenceStopsCleanlyAndKeepsTheBestCheckpoint() throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .lgfMAF, epochs: 5)
        configuration.training.maximumRecoveries = 2
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("diverge"))
        let log = ScriptedLog()
        var trainer: Trainer?
        var bestAfterFirstEpoch: Data?
        // Poison the weights after epoch 1 is saved, and again after every roll-back: the loss can never
        // become finite, so training must give up after two roll-backs.
        let poison = {
            for parameter in trainer?.model.parameters ?? [] { parameter.value = Tensor(repeating: .infinity, shape: parameter.shape) }
        }
        log.corrupt = { epoch in
            bestAfterFirstEpoch = FileManager.default.contents(atPath: folder.bestCheckpointPath)
            poison()
        }
        log.corruptAfterRollBack = poison
        trainer = try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1), run: folder, log: log)
        #expect(throws: ExperimentError.trainingDiverged(epoch: 2, recoveries: 2)) { try #require(trainer).train() }
        #expect(log.rollBacks.count == 2)
        #expect(bestAfterFirstEpoch != nil)
        #expect(try folder.readMetrics().count == 1)
        #expect(FileManager.default.contents(atPath: folder.bestCheckpointPath) == bestAfterFirstEpoch)
    }
}
