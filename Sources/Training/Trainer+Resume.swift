import Foundation
import Tensors
import Networks
import Flows
import Checkpoints
import Configurations
import Runs

extension Trainer {
    /// Restores model, optimiser, RNG and progress from `latest.safetensors` after checking them, then
    /// reconciles `metrics.jsonl` with the history the checkpoint carries: lines past the checkpoint are
    /// dropped (their epochs will be recomputed exactly), and lines it lacks are restored from it.
    func resume() throws {
        let path = run.latestCheckpointPath
        let checkpoint = try Checkpoint.load(from: path)
        if checkpoint.integrity == .unverified {
            log?.trainingDidWarn("\(path) has no checksums (written before they were added): loaded without verifying its bytes")
        }
        guard let progress = checkpoint.metadata["progress"] else {
            throw ExperimentError.corruptRun(path: path, reason: "the checkpoint has no training progress record")
        }
        let restored: ProgressState
        do {
            restored = try JSONDecoder().decode(ProgressState.self, from: Data(progress.utf8))
        } catch {
            throw ExperimentError.corruptRun(path: path, reason: "its training progress record cannot be read: \(error)")
        }
        let savedHistory = try checkpoint.metadata[Trainer.historyKey].map { text in
            do {
                return try JSONDecoder().decode([EpochRecord].self, from: Data(text.utf8))
            } catch {
                throw ExperimentError.corruptRun(path: path, reason: "its metrics history cannot be read: \(error)")
            }
        }
        try check(restored, history: savedHistory, source: path)
        try checkpoint.restore(into: model, optimizer: optimizer)
        try ModelStateCheck.validate(model, optimizer: optimizer, source: path)

        state = restored
        generator = SplitMix64(seed: restored.generatorState)
        optimizer.learningRate = restored.learningRate
        try reconcileMetrics(with: savedHistory)
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

    /// Progress counters must describe a run this configuration could have produced.
    private func check(_ progress: ProgressState, history: [EpochRecord]?, source: String) throws {
        func require(_ condition: Bool, _ what: String) throws {
            if !condition { throw ExperimentError.corruptRun(path: source, reason: what) }
        }
        let training = configuration.training
        try require(progress.epoch >= 0 && progress.epoch <= training.maximumEpochs,
                    "its progress says epoch \(progress.epoch), expected 0…\(training.maximumEpochs) (the configured epochs)")
        try require((progress.epoch == 0) == (progress.bestEpoch == 0) && progress.bestEpoch >= 0 && progress.bestEpoch <= progress.epoch,
                    "its best epoch \(progress.bestEpoch) is not one of the \(progress.epoch) completed epochs")
        try require(progress.epochsWithoutImprovement == progress.epoch - progress.bestEpoch,
                    "it counts \(progress.epochsWithoutImprovement) epochs without improvement, expected \(progress.epoch - progress.bestEpoch)")
        try require(progress.epoch == 0 || progress.bestValidation.isFinite, "its best validation \(progress.bestValidation) is not finite")
        try require(progress.recoveries >= 0 && progress.recoveries <= training.maximumRecoveries,
                    "it counts \(progress.recoveries) roll-backs, expected 0…\(training.maximumRecoveries)")
        try require(progress.learningRate.isFinite && progress.learningRate > 0 && progress.learningRate <= training.learningRate,
                    "its learning rate \(progress.learningRate) is not in (0, \(training.learningRate)] (roll-backs only halve it)")
        if let history {
            try require(history.map(\.epoch) == Array(0..<progress.epoch).map { $0 + 1 },
                        "its metrics history holds epochs \(history.map(\.epoch).prefix(5))…, expected 1…\(progress.epoch)")
            try require(progress.bestEpoch == 0 || history[progress.bestEpoch - 1].validation == progress.bestValidation,
                        "its best validation \(progress.bestValidation) differs from epoch \(progress.bestEpoch)'s record")
        }
    }
}
