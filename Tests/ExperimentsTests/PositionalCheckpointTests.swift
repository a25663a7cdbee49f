import Foundation
import Testing
import Tensors
import Networks
import Flows
import Checkpoints
import Runs
import Training

/// Checkpoints name tensors by role (`steps.0.bijection.made.layers.1.weight`); run folders written before that
/// named them by position (`0.1.0.0.1.weight`) and must keep loading, evaluating and resuming. The fixtures in
/// `PositionalCheckpoints/` are real two-epoch runs of tiny models on two rectangles, written by `lgf train` just
/// before role names were introduced.
struct PositionalCheckpointTests {
    static func fixture(_ name: String) throws -> RunFolder {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("PositionalCheckpoints/\(name)")
        let copy = URL(fileURLWithPath: ExperimentFixtures.scratchFolder("positional")).appendingPathComponent(name)
        try FileManager.default.copyItem(at: source, to: copy)
        return RunFolder(path: copy.path)
    }

    @Test(arguments: ["maf", "realnvp", "lgf-maf", "lgf-realnvp"])
    func positionalCheckpointsLoadIntoTheSameModel(name: String) throws {
        let folder = try Self.fixture(name)
        let loaded = try LoadedRun(folder: folder)
        // Written before runs had ids: matched by settings alone, and said so.
        #expect(loaded.notes.contains { $0.contains("written before runs had ids") }, "\(loaded.notes)")
        // Every tensor of the file landed in the slot the old positional walk gave it.
        let file = try Checkpoint.load(from: folder.bestCheckpointPath)
        let positional = loaded.model.positionalState
        #expect(Set(file.modelState.keys) == Set(positional.map(\.name)))
        for (name, slot) in positional { #expect(file.modelState[name]?.doubles == slot.value.doubles, "\(name)") }
        // Exact models score the validation split as the trainer recorded it when it saved the best checkpoint.
        let report = try RunEvaluator.evaluate(loaded, split: .validation, importanceSamples: 3, seed: 5)
        #expect(report.logLikelihood.isFinite)
        if !loaded.configuration.model.kind.isLocalised {
            let best = try #require(try folder.readMetrics().map(\.validation).max())
            #expect(abs(report.logLikelihood - best) < 1e-4)
        }
    }

    @Test func aPositionalRunResumesAndContinuesWithRoleNames() throws {
        let folder = try Self.fixture("lgf-maf")
        var configuration = try folder.readConfiguration()
        configuration.training.maximumEpochs = 3
        let trainer = try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1), run: folder)
        let summary = try trainer.train(resuming: true)
        #expect(summary.epochs == 3 && summary.ending == .completed)
        #expect(try folder.readMetrics().map(\.epoch) == [1, 2, 3])
        let names = Set(try Checkpoint.load(from: folder.latestCheckpointPath).modelState.keys)
        #expect(names == Set(trainer.model.namedState.map(\.name)))
        #expect(names.contains("steps.0.bijection.base.made.layers.0.weight") && names.contains("steps.0.prior.network.layers.0.weight"),
                "\(names.sorted().prefix(8))")
    }

    /// A file that is neither this model's role names nor its positional names is refused by its own names, not
    /// guessed at.
    @Test func aCheckpointOfAnotherModelIsStillRefused() throws {
        let folder = try Self.fixture("maf")
        let other = try LoadedRun(folder: try Self.fixture("realnvp")).model
        let file = try Checkpoint.load(from: folder.bestCheckpointPath)
        #expect(throws: CheckpointError.self) { try file.restore(into: other, optimizer: nil) }
    }
}
