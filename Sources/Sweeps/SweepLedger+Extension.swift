import Foundation
import Runs

extension SweepLedger {
    /// The `lgf train --resume` flags that carry `run` on to what the sweep's plan now asks, or none.
    ///
    /// A specification whose `epochs` grew, or whose `patience` changed, continues the runs trained under the
    /// old one from their latest checkpoints, as `lgf train --output RUN --resume --epochs N` does by hand,
    /// instead of skipping them as finished (which would mix 500- and 1,000-epoch runs in one table):
    /// - `--epochs N` when the plan's N exceeds the run's stored maximum (a smaller N changes nothing: epochs
    ///   already trained are kept, and `--resume` refuses fewer than it has completed);
    /// - `--patience P` when the plan's P differs from the stored patience.
    ///
    /// A finished run needs them only if they let it train further: one that completed its epochs needs a
    /// larger `--epochs`; one that stopped early, a larger patience (and epochs left to train).
    /// - Returns: the flags, empty when the run has no stored configuration or nothing would change.
    public func extensionArguments(of run: SweepRun) -> [String] {
        extensionArguments(of: run, summary: readSummary(of: run))
    }

    /// `extensionArguments(of:)` with the run's summary already read (`nil` while training has not ended).
    func extensionArguments(of run: SweepRun, summary: TrainingSummary?) -> [String] {
        guard let stored = try? folder(of: run).readConfiguration().training else { return [] }   // not started: nothing to extend
        let epochs = run.overrides.epochs.flatMap { $0 > stored.maximumEpochs ? $0 : nil }
        let patience = run.overrides.patience.flatMap { $0 != stored.patience ? $0 : nil }
        let arguments = (epochs.map { ["--epochs", String($0)] } ?? []) + (patience.map { ["--patience", String($0)] } ?? [])
        guard !arguments.isEmpty, let summary else { return arguments }   // interrupted: resume with them
        let maximumEpochs = epochs ?? stored.maximumEpochs
        switch summary.ending {
        case .completed:
            return epochs == nil ? [] : arguments
        case .stoppedEarly:
            guard let patience, patience > (stored.patience ?? Int.max), summary.epochs < maximumEpochs else { return [] }
            return arguments
        case .diverged:
            return []
        case .interrupted:
            return arguments
        }
    }

    /// The run's `summary.json`, or `nil` while training has not ended (or the file is unreadable, which
    /// `--resume` rewrites).
    func readSummary(of run: SweepRun) -> TrainingSummary? {
        (try? Data(contentsOf: URL(fileURLWithPath: folder(of: run).summaryPath)))
            .flatMap { try? JSONDecoder().decode(TrainingSummary.self, from: $0) }
    }
}
