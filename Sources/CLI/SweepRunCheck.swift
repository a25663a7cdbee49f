import ArgumentParser
import Configurations
import Sweeps

/// Resolves every run of a sweep as its `lgf train` will (`ExperimentOptions.resolve`, which validates the resolved
/// configuration: each value against its entry of `Hyperparameters`, the model against the data, the memory limit)
/// before any run starts, so that a setting no run can have refuses the sweep at once instead of failing every run in
/// turn. Runs that differ only in their seed are resolved once, and a user's file is read once.
struct SweepRunCheck {
    /// The specification's path, for the message.
    let specification: String
    private var options: [[String]: ExperimentOptions] = [:]
    private var preparedFiles: [(data: SweepSpecification.DataEntry, prepared: Result<PreparedUserData, any Error>)] = []

    init(specification: String) { self.specification = specification }

    /// - Throws: `SweepError.runsRefused` naming the specification, and for each reason the keys it comes from and the runs.
    mutating func check(_ runs: [SweepRun]) throws {
        var outcomes: [String: String?] = [:]   // by point (the run without its seed): nil when it resolves
        var reasons: [String] = [], refused: [String: (first: SweepRun, runs: [String])] = [:]
        for run in runs {
            let point = [run.dataset.label, run.model.rawValue, run.configurationLabel].joined(separator: "\u{0}")
            let outcome: String?
            if let known = outcomes[point] {
                outcome = known
            } else {
                outcome = refusal(of: run, overrides: run.overrides)
                outcomes.updateValue(outcome, forKey: point)
            }
            guard let reason = outcome else { continue }
            if refused[reason] == nil { reasons.append(reason) }
            refused[reason, default: (run, [])].runs.append(run.id)
        }
        guard !reasons.isEmpty else { return }
        let refusals = reasons.map { reason in
            let (first, ids) = refused[reason]!
            return SweepRunRefusal(keys: keys(causing: reason, in: first), reason: reason, runs: ids)
        }
        throw SweepError.runsRefused(path: specification, refusals: refusals, runCount: runs.count)
    }

    /// The keys of `run`'s overrides without whose value `lgf train` would not give `reason`.
    private mutating func keys(causing reason: String, in run: SweepRun) -> [String] {
        run.overrides.givenKeys.filter { $0 != Hyperparameters.seed.key && refusal(of: run, overrides: run.overrides.removing($0)) != reason }
    }

    /// What `lgf train` would refuse `run` with, given `overrides`, or `nil` when it would start it.
    private mutating func refusal(of run: SweepRun, overrides: ConfigurationOverrides) -> String? {
        do {
            let options = try experimentOptions(of: run)
            var prepared: PreparedUserData?
            if case .files(let train, let validation, let test) = options.dataSource {
                prepared = try preparedFile(of: run) {
                    try UserData.prepare(train: train, validation: validation, test: test, request: options.filePreparationRequest,
                                         seed: overrides.seed ?? 0)
                }
            }
            _ = try options.resolve(overrides: overrides, readingCatalogueFiles: false, preparedFiles: prepared)
            return nil
        } catch {
            return ExperimentOptions.message(for: error)
        }
    }

    /// The flags of `run`'s data and model, parsed once for every run that shares them.
    private mutating func experimentOptions(of run: SweepRun) throws -> ExperimentOptions {
        let arguments = run.experimentArguments
        if let parsed = options[arguments] { return parsed }
        let parsed = try ExperimentOptions.parse(arguments)
        options[arguments] = parsed
        return parsed
    }

    /// The user's file of `run`'s dataset as `prepare` reads it, once for every run of the dataset (its warnings are
    /// each run's to print).
    private mutating func preparedFile(of run: SweepRun, _ prepare: () throws -> PreparedUserData) throws -> PreparedUserData {
        if let known = preparedFiles.first(where: { $0.data == run.dataset }) { return try known.prepared.get() }
        let prepared = Result { try prepare() }
        preparedFiles.append((run.dataset, prepared))
        return try prepared.get()
    }
}
