import ArgumentParser
import Configurations
import Runs
import FileSystem

extension ExperimentOptions {
    /// The flags `--resume` accepts: those of the hyperparameters a started run may change (`ResumeRule.mayChange`:
    /// they only move where training stops, so the resumed run repeats the uninterrupted one up to the old end).
    static var resumableFlags: [String] { Hyperparameters.resumableKeys.map { "--" + $0 } }

    /// Every flag given that chooses data, model or hyperparameters.
    var givenFlags: [String] {
        let named: [(String, Bool)] = [
            ("--dataset", dataset != nil), ("--train-file", trainFile != nil), ("--validation-file", validationFile != nil),
            ("--test-file", testFile != nil), ("--data-dir", dataDir != nil), ("--data", data != nil), ("--model", model != nil),
            ("--config", config != nil),
        ]
        return filePreparationFlags + named.filter(\.1).map(\.0) + flagOverrides.givenKeys.map { "--" + $0 }
    }

    /// The run's stored configuration with the resumable flags given laid over it (and, when `writing` — on rank 0
    /// alone under data-parallel training — written back to `configuration.json`, so that evaluation and later
    /// resumes see it).
    ///
    /// - Throws: `ValidationError` naming every other data, model or hyperparameter flag (the stored configuration
    ///   decides them, so they would be silently ignored), or an `--epochs` below the epochs already completed.
    func resumedConfiguration(of folder: RunFolder, writing: Bool = true) throws -> ExperimentConfiguration {
        let record = try folder.readStoredConfiguration()
        let stored = record.configuration
        let refused = givenFlags.filter { !Self.resumableFlags.contains($0) }
        guard refused.isEmpty else {
            throw ValidationError("--resume continues \(folder.path) with its stored configuration, so \(refused.joined(separator: ", ")) "
                + "cannot change it (only \(Self.resumableFlags.joined(separator: " and ")) can); leave them out, or train a new run into another --output")
        }
        let changes = flagOverrides
        let configuration = changes.applied(to: stored)
        if let epochs = changes.epochs {
            // A torn last line is a kill's, which the trainer repairs; the epochs before it are what counts here.
            let completed = try folder.readMetricsRepairing().records.map(\.epoch).max() ?? 0
            guard epochs >= completed else {
                throw ValidationError("--epochs \(epochs) is fewer than the \(MessageText.count(completed, "epoch")) \(folder.path) has already completed; give at least \(completed)")
            }
        }
        let notes = changes.describedChanges(from: stored)
        guard !notes.isEmpty else {
            try folder.checkSettings(of: configuration)
            return configuration
        }
        try configuration.validate()
        guard writing else { return configuration }
        try folder.writeConfiguration(configuration, runID: record.runID)
        print("Resuming with " + notes.joined(separator: ", ") + ".")
        return configuration
    }
}
