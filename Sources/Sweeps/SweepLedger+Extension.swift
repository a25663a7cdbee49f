import Configurations
import Foundation
import Runs

extension SweepLedger {
    /// The `lgf train --resume` flags that carry `run` on to what the sweep's plan now asks, or none.
    ///
    /// A specification that changes a setting a started run may change (`ResumeRule.mayChange`: its epochs grew, or
    /// its patience changed) continues the runs trained under the old one from their latest checkpoints, as
    /// `lgf train --output RUN --resume --epochs N` does by hand, instead of skipping them as finished (which would
    /// mix 500- and 1,000-epoch runs in one table). A sweep never shortens a run: a planned value that would end it
    /// before its stored epochs is left out (epochs already trained are kept, and `--resume` refuses fewer than it
    /// has completed).
    ///
    /// A finished run needs the flags only if, with them, training would go on from where it stopped (the trainer's
    /// own stopping rule, `TrainingConfiguration.ends(afterEpochs:epochsWithoutImprovement:stepsTaken:)`): one that
    /// completed its epochs needs more of them; one that stopped early, more patience and epochs left to train. The
    /// steps taken are not known here, so a run with a minimum number of steps is continued and its trainer decides.
    /// - Returns: the flags, empty when the run has no stored configuration or nothing would change.
    /// - Throws: the errors of reading the run's configuration or summary when they are there but unreadable or damaged.
    public func extensionArguments(of run: SweepRun) throws -> [String] {
        try extensionArguments(of: run, summary: folder(of: run).readSummary())
    }

    /// `extensionArguments(of:)` with the run's summary already read (`nil` while training has not ended).
    func extensionArguments(of run: SweepRun, summary: TrainingSummary?) throws -> [String] {
        guard let stored = try folder(of: run).readConfigurationIfPresent() else { return [] }   // not started: nothing to extend
        let storedEpochs = stored.training.maximumEpochs
        let changes = run.overrides.resumableChanges(to: stored).filter { entry in
            run.overrides.filter { $0.key == entry.key }.applied(to: stored).training.maximumEpochs >= storedEpochs
        }
        let arguments = changes.flagArguments
        guard !arguments.isEmpty, let summary else { return arguments }   // not ended: resume with them
        switch summary.ending {
        case .completed, .stoppedEarly:
            let resumed = changes.applied(to: stored).training
            return resumed.ends(afterEpochs: summary.epochs, epochsWithoutImprovement: summary.epochs - summary.bestEpoch, stepsTaken: nil) ? [] : arguments
        case .diverged:
            return []
        case .interrupted:
            return arguments
        }
    }
}
