import Foundation
import Tensors
import Networks
import Flows
import Checkpoints
import Configurations
import Runs
import FileSystem

extension Trainer {
    /// Restores model, optimiser, RNG and progress from `latest.safetensors` after verifying both checkpoints
    /// (`verifiedCheckpoint`; the best one restored into a scratch model and checked as well, so that damage to it is
    /// found now and not by a later evaluation), then reconciles `metrics.jsonl` with the history the checkpoint
    /// carries: lines past the checkpoint are dropped (their epochs will be recomputed exactly), and lines it lacks are
    /// restored from it.
    func resume() throws {
        let stored = try run.readStoredConfiguration()
        guard stored.configuration.fingerprint == configuration.fingerprint else {
            let differences = configuration.settingDifferences(from: stored.configuration).map { "\($0.setting) \($0.there) (given \($0.here))" }
            throw ExperimentError.corruptRun(path: run.configurationPath, reason: "it holds other settings than the run being resumed: "
                                             + differences.joined(separator: ", "))
        }
        runID = stored.runID
        let latest = try verifiedCheckpoint(at: run.latestCheckpointPath, of: stored)
        try latest.checkpoint.restore(into: model, optimizer: optimizer)
        try ModelStateCheck.validate(model, optimizer: optimizer, source: run.latestCheckpointPath)
        try verifyBestCheckpoint(of: stored, latest: latest.progress)

        state = latest.progress
        generator = SplitMix64(seed: latest.progress.generatorState)
        optimizer.learningRate = latest.progress.learningRate
        try reconcileMetrics(with: latest.history)
    }

    /// The best checkpoint, which every run writes with its first epoch: verified as the latest is, restored into a
    /// scratch model whose values are checked, and consistent with the latest (its epoch is the latest's best epoch,
    /// or the epoch after the latest when a kill came between the two writes).
    private func verifyBestCheckpoint(of stored: StoredConfiguration, latest: ProgressState) throws {
        let path = run.bestCheckpointPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw ExperimentError.corruptRun(path: path, reason: "it is missing, though \(run.latestCheckpointPath) holds \(MessageText.count(latest.epoch, "epoch")) "
                                             + "(every run writes it with its first epoch)")
        }
        let best = try verifiedCheckpoint(at: path, of: stored)
        try require(best.progress.epoch == latest.bestEpoch || best.progress.epoch == latest.epoch + 1, in: path,
                    "it holds epoch \(best.progress.epoch), but the latest checkpoint's best epoch is \(latest.bestEpoch)")
        var scratchGenerator = SplitMix64(seed: configuration.training.seed)
        let scratch = try configuration.buildModel(using: &scratchGenerator)
        try best.checkpoint.restore(into: scratch, optimizer: nil)
        try ModelStateCheck.validate(scratch, optimizer: nil, source: path)
    }

    /// A checkpoint of this run read, checked against the folder's configuration (`RunIdentity`), with its progress
    /// counters checked against its history and against the optimiser's step count.
    private func verifiedCheckpoint(at path: String, of stored: StoredConfiguration) throws -> (checkpoint: Checkpoint, progress: ProgressState, history: [EpochRecord]?) {
        let checkpoint = try Checkpoint.load(from: path)
        if checkpoint.integrity == .unverified {
            log?.trainingDidWarn("\(path) has no checksums (written before they were added): loaded without verifying its bytes")
        }
        for note in try RunIdentity.check(checkpoint, at: path, belongsTo: stored, in: run) { log?.trainingDidWarn(note) }
        guard let progressText = checkpoint.metadata["progress"] else {
            throw ExperimentError.corruptRun(path: path, reason: "the checkpoint has no training progress record")
        }
        let progress: ProgressState
        do {
            progress = try JSONDecoder().decode(ProgressState.self, from: Data(progressText.utf8))
        } catch {
            throw ExperimentError.corruptRun(path: path, reason: "its training progress record cannot be read: \(error)")
        }
        let history = try checkpoint.metadata[Trainer.historyKey].map { text in
            do {
                return try JSONDecoder().decode([EpochRecord].self, from: Data(text.utf8))
            } catch {
                throw ExperimentError.corruptRun(path: path, reason: "its metrics history cannot be read: \(error)")
            }
        }
        try check(progress, history: history, source: path)
        if let steps = checkpoint.optimizerState?.stepCount {
            let perEpoch = stepsPerEpoch
            try require(steps == progress.epoch * perEpoch, in: path,
                        "its optimiser counts \(MessageText.count(steps, "step")), but \(MessageText.count(progress.epoch, "epoch")) of \(MessageText.count(perEpoch, "step")) make \(progress.epoch * perEpoch)")
        }
        return (checkpoint, progress, history)
    }

    /// Minibatch steps in one epoch: every full batch of the shuffled training set.
    private var stepsPerEpoch: Int {
        let rowCount = trainData.count
        return rowCount / max(min(configuration.training.batchSize, rowCount), 1)
    }

    /// Makes `metrics.jsonl` hold exactly epochs 1…`state.epoch`.
    private func reconcileMetrics(with savedHistory: [EpochRecord]?) throws {
        let (fileRecords, warnings) = try run.readMetricsRepairing()
        for warning in warnings { log?.trainingDidWarn(warning) }
        let kept = fileRecords.filter { $0.epoch <= state.epoch }
        if let savedHistory {
            history = savedHistory
            if kept != savedHistory {
                let missing = Set(savedHistory.map(\.epoch)).subtracting(kept.map(\.epoch)).count
                log?.trainingDidWarn(missing > 0
                    ? "\(run.metricsPath) lacked \(missing) of the \(state.epoch) completed epochs' lines; restored them from the checkpoint"
                    : "\(run.metricsPath) differed from the checkpoint's record of its \(state.epoch) epochs; rewrote it from the checkpoint")
            }
        } else {
            history = kept
            if kept.map(\.epoch) != Array(0..<state.epoch).map({ $0 + 1 }) {
                log?.trainingDidWarn("\(run.metricsPath) holds epochs \(kept.map(\.epoch)) but the checkpoint has \(state.epoch) (an old checkpoint without a history cannot restore them)")
            }
        }
        if replicas.isLeader && (fileRecords != history || !warnings.isEmpty) { try run.writeMetrics(history) }
    }

    private func require(_ condition: Bool, in source: String, _ what: String) throws {
        if !condition { throw ExperimentError.corruptRun(path: source, reason: what) }
    }

    /// Progress counters must describe a run this configuration could have produced.
    private func check(_ progress: ProgressState, history: [EpochRecord]?, source: String) throws {
        let training = configuration.training
        try require(progress.epoch >= 0 && progress.epoch <= training.maximumEpochs, in: source,
                    "its progress says epoch \(progress.epoch), expected 0…\(training.maximumEpochs) (the configured epochs)")
        try require((progress.epoch == 0) == (progress.bestEpoch == 0) && progress.bestEpoch >= 0 && progress.bestEpoch <= progress.epoch, in: source,
                    "its best epoch \(progress.bestEpoch) is not one of the \(MessageText.count(progress.epoch, "completed epoch"))")
        try require(progress.epochsWithoutImprovement == progress.epoch - progress.bestEpoch, in: source,
                    "it counts \(MessageText.count(progress.epochsWithoutImprovement, "epoch")) without improvement, expected \(progress.epoch - progress.bestEpoch)")
        try require(progress.epoch == 0 || progress.bestValidation.isFinite, in: source, "its best validation \(progress.bestValidation) is not finite")
        try require(progress.recoveries >= 0 && progress.recoveries <= training.maximumRecoveries, in: source,
                    "it counts \(progress.recoveries) roll-backs, expected 0…\(training.maximumRecoveries)")
        try require(progress.learningRate.isFinite && progress.learningRate > 0 && progress.learningRate <= training.learningRate, in: source,
                    "its learning rate \(progress.learningRate) is not in (0, \(training.learningRate)] (roll-backs only halve it)")
        if let history {
            try require(history.map(\.epoch) == Array(0..<progress.epoch).map { $0 + 1 }, in: source,
                        "its metrics history holds epochs \(history.map(\.epoch).prefix(5))…, expected 1…\(progress.epoch)")
            try require(progress.bestEpoch == 0 || history[progress.bestEpoch - 1].validation == progress.bestValidation, in: source,
                        "its best validation \(progress.bestValidation) differs from epoch \(progress.bestEpoch)'s record")
        }
    }
}
