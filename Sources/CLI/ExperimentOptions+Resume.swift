import ArgumentParser
import Configurations
import Runs

extension ExperimentOptions {
    /// The flags `--resume` accepts: both only move where training stops, so the resumed run still repeats
    /// the uninterrupted one epoch for epoch up to the old limit.
    static let resumableFlags = ["--epochs", "--patience"]

    /// Every flag given that chooses data, model or hyperparameters (what `--resume` cannot change).
    var givenFlags: [String] {
        let flags = filePreparationFlags
        let named: [(String, Bool)] = [
            ("--dataset", dataset != nil), ("--train-file", trainFile != nil), ("--validation-file", validationFile != nil),
            ("--test-file", testFile != nil), ("--data-dir", dataDir != nil), ("--data", data != nil), ("--model", model != nil),
            ("--config", config != nil),
        ]
        return flags + named.filter(\.1).map(\.0) + flagOverrides.givenKeys.map { "--" + $0 }
    }

    /// The run's stored configuration with a larger `--epochs` or another `--patience` laid over it (and, when
    /// `writing` — on rank 0 alone under data-parallel training — written back to `configuration.json`, so that
    /// evaluation and later resumes see it).
    ///
    /// - Throws: `ValidationError` naming every other data, model or hyperparameter flag (the stored
    ///   configuration decides them, so they would be silently ignored), or an `--epochs` below the epochs
    ///   already completed.
    func resumedConfiguration(of folder: RunFolder, writing: Bool = true) throws -> ExperimentConfiguration {
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
        guard writing else { return configuration }
        try folder.writeConfiguration(configuration)
        print("Resuming with " + notes.joined(separator: ", ") + ".")
        return configuration
    }
}
