import Foundation
import Testing
import Tensors
import Flows
@testable import Checkpoints
@testable import Configurations
@testable import Runs
@testable import Training

/// Divergence at any epoch, including the first, ends with the documented error and a summary.json whose
/// counts agree with it; errors that are not divergence are never rolled back from.
struct DivergenceTests {
    @Test(arguments: [0, 2])
    func divergenceWritesASummaryThatAgreesWithTheMessage(maximumRecoveries: Int) throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .maf, epochs: 3)
        configuration.training.maximumRecoveries = maximumRecoveries
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("diverge-first-\(maximumRecoveries)"))
        let trainer = try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1), run: folder)
        // Infinite weights before the first epoch: every roll-back returns to them.
        for parameter in trainer.model.parameters { parameter.value = Tensor(repeating: .infinity, shape: parameter.shape) }
        #expect(throws: ExperimentError.trainingDiverged(epoch: 1, recoveries: maximumRecoveries)) { try trainer.train() }
        let data = try Data(contentsOf: URL(fileURLWithPath: folder.summaryPath))
        let summary = try JSONDecoder().decode(TrainingSummary.self, from: data)
        #expect(summary.ending == .diverged && summary.epochs == 0 && summary.recoveries == maximumRecoveries)
        #expect(summary.bestEpoch == 0 && summary.bestValidation == -.infinity)
        #expect(String(decoding: data, as: UTF8.self).contains("\"bestValidation\" : null"))
        #expect(try folder.readMetrics().isEmpty)
        #expect(ExperimentError.trainingDiverged(epoch: 1, recoveries: maximumRecoveries).description.contains("after \(maximumRecoveries) roll-backs"))
    }

    @Test func aFailedWriteIsNotMistakenForDivergence() throws {
        let configuration = ExperimentFixtures.tinyConfiguration(kind: .maf, epochs: 3)
        var folder = RunFolder(path: ExperimentFixtures.scratchFolder("write-not-divergence"))
        let latest = folder.latestCheckpointPath
        folder.hooks = RunFolderHooks(writeError: { $0 == latest ? EACCES : nil })
        let log = ScriptedLog()
        #expect(throws: CheckpointError.self) {
            try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1), run: folder, log: log).train()
        }
        #expect(log.rollBacks.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.summaryPath))
    }
}
