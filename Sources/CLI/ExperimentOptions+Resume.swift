import ArgumentParser
import Experiments

extension ExperimentOptions {
    /// The flags `--resume` accepts: both only move where training stops, so the resumed run still repeats
    /// the uninterrupted one epoch for epoch up to the old limit.
    static let resumableFlags = ["--epochs", "--patience"]

    /// The run's stored configuration with a larger `--epochs` or another `--patience` laid over it (and
    /// written back to `configuration.json`, so that evaluation and later resumes see it).
    ///
    /// - Throws: `ValidationError` naming every other data, model or hyperparameter flag (the stored
    ///   configuration decides them, so they would be silently ignored), or an `--epochs` below the epochs
    ///   already completed.
    func resumedConfiguration(of folder: RunFolder) throws -> ExperimentConfiguration {
        var configuration = try folder.readConfiguration()
        let refused = givenFlags.filter { !Self.resumableFlags.contains($0) }
        guard refused.isEmpty else {
            throw ValidationError("--resume continues \(folder.path) with its stored configuration, so \(refused.joined(separator: ", ")) "
                + "cannot change it (only \(Self.resumableFlags.joined(separator: " and ")) can); leave them out, or train a new run into another --output")
        }
        var notes: [String] = []
        if let epochs {
            let completed = try folder.readMetrics().map(\.epoch).max() ?? 0
            guard epochs >= completed else {
                throw ValidationError("--epochs \(epochs) is fewer than the \(completed) epochs \(folder.path) has already completed; give at least \(completed)")
            }
            notes.append("up to \(epochs) epochs (was \(configuration.training.maximumEpochs))")
            configuration.training.maximumEpochs = epochs
        }
        if let patience {
            notes.append("patience \(patience) (was \(configuration.training.patience.map(String.init) ?? "none"))")
            configuration.training.patience = patience
        }
        guard !notes.isEmpty else { return configuration }
        try configuration.validate()
        try folder.writeConfiguration(configuration)
        print("Resuming with " + notes.joined(separator: ", ") + ".")
        return configuration
    }
}
