import Foundation
import Testing
import Tensors
import Flows
import Datasets
@testable import Checkpoints
@testable import Configurations
@testable import Runs

/// Run files edited into something no training produces, with valid checksums (so only the value checks
/// can catch them): resume and evaluation refuse them with a message naming the file.
struct RunTamperTests {
    /// A run stopped after 2 of 4 epochs.
    static func interruptedRun(_ name: String) throws -> RunFolder {
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder(name))
        let log = RecordingLog()
        log.stopAfterEpoch = 2
        try RunFaultFixtures.train(folder, resuming: false, log: log)
        return folder
    }

    /// Rewrites the checkpoint at `path` with `edit` applied to its progress record (checksums recomputed).
    static func editProgress(at path: String, _ edit: (inout [String: Any]) -> Void) throws {
        let checkpoint = try Checkpoint.load(from: path)
        var metadata = checkpoint.metadata
        let text = try #require(metadata["progress"])
        var progress = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        edit(&progress)
        metadata["progress"] = String(decoding: try JSONSerialization.data(withJSONObject: progress), as: UTF8.self)
        try Checkpoint(source: path, modelState: checkpoint.modelState, optimizerState: checkpoint.optimizerState, metadata: metadata).save(to: path)
    }

    @Test(arguments: ["epoch -5", "epoch 99", "epoch 6", "learning rate -1", "learning rate 1", "recoveries 7", "best epoch 3"])
    func outOfRangeProgressIsRefused(edit: String) throws {
        let folder = try Self.interruptedRun("tamper-\(edit.replacingOccurrences(of: " ", with: "-"))")
        try Self.editProgress(at: folder.latestCheckpointPath) { progress in
            switch edit {
            case "epoch -5": progress["epoch"] = -5
            case "epoch 99": progress["epoch"] = 99
            case "epoch 6": progress["epoch"] = 3  // within the configured 4, but the history holds 2
            case "learning rate -1": progress["learningRate"] = -1
            case "learning rate 1": progress["learningRate"] = 1  // above the configured 1e-3: roll-backs only halve it
            case "recoveries 7": progress["recoveries"] = 7
            default: progress["bestEpoch"] = 3
            }
        }
        do {
            try RunFaultFixtures.train(folder, resuming: true)
            Issue.record("\(edit) was accepted")
        } catch let error as ExperimentError {
            guard case .corruptRun(let path, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(path == folder.latestCheckpointPath)
        }
    }

    /// Issue 29, failure 7: `optimizer.stepCount: 999999` was accepted; Adam's bias correction depends on it, so a count
    /// that the epochs cannot have taken is refused.
    @Test func anOptimizerStepCountTheEpochsCannotHaveTakenIsRefused() throws {
        let folder = try Self.interruptedRun("tamper-steps")
        let checkpoint = try Checkpoint.load(from: folder.latestCheckpointPath)
        var optimizer = try #require(checkpoint.optimizerState)
        optimizer.stepCount = 999_999
        try Checkpoint(source: folder.latestCheckpointPath, modelState: checkpoint.modelState, optimizerState: optimizer,
                       metadata: checkpoint.metadata).save(to: folder.latestCheckpointPath)
        #expect(throws: ExperimentError.self) { try RunFaultFixtures.train(folder, resuming: true) }
        #expect(try folder.readMetrics().map(\.epoch) == [1, 2])
    }

    @Test func evaluationNeverReportsANonFiniteLikelihood() throws {
        let folder = try Self.interruptedRun("tamper-evaluate")
        let loaded = try LoadedRun(folder: folder)
        #expect(loaded.notes.isEmpty)
        let far = (ExperimentFixtures.scratchFolder("far") as NSString).appendingPathComponent("far.csv")
        try CSVWriter.write(DataTable(rowCount: 2, columnCount: 2, values: [0.5, 0.5, 3e38, -3e38]), to: far)
        do {
            let report = try RunEvaluator.evaluate(loaded, file: far, importanceSamples: 3)
            #expect(report.logLikelihood.isFinite, "an evaluation either is finite or fails")
        } catch let error as ExperimentError {
            guard case .nonFiniteEstimate(let run, let split, _, let firstPoint) = error else { Issue.record("unexpected \(error)"); return }
            #expect(run == folder.path && split == far && firstPoint == 2)
        }
    }

    @Test func aCheckpointWithoutChecksumsLoadsWithANote() throws {
        let folder = try Self.interruptedRun("tamper-old")
        for path in [folder.bestCheckpointPath, folder.latestCheckpointPath] {
            let (tensors, metadata) = try SafeTensors.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))), source: path)
            try RunFiles.write(SafeTensors.encode(tensors: tensors.map { (name: $0.key, tensor: $0.value) },
                                                    metadata: metadata.filter { !$0.key.hasPrefix("checksum.") }), to: path)
        }
        #expect(try LoadedRun(folder: folder).notes.contains { $0.contains("no checksums") })
        let log = RecordingLog()
        try RunFaultFixtures.train(folder, resuming: true, log: log)
        #expect(log.warnings.contains { $0.contains("no checksums") })
        #expect(try folder.readMetrics().map(\.epoch) == [1, 2, 3, 4])
    }
}
