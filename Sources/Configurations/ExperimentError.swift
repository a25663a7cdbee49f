import FileSystem

/// Errors of running experiments, each naming what was expected, what arrived and where.
public enum ExperimentError: Error, CustomStringConvertible, Equatable {
    case invalidHyperparameter(name: String, value: String, requirement: String)
    case unknownModel(name: String, known: [String])
    case runFolderInUse(path: String)
    case notARun(path: String, missing: String)
    /// A folder `--resume` (or a reader of runs) cannot treat as a run folder, and why.
    case notARunFolder(path: String, reason: String)
    /// A folder that holds files of something other than a run, which `lgf train` will not write into.
    case folderNotEmpty(path: String, entries: [String])
    /// Another process writes the run folder: its recorded process id and host, or `nil` while it has not recorded them.
    case runFolderLocked(path: String, holder: String?)
    /// This process's lock on its run folder was broken (`lgf unlock --force`) while it ran.
    case runFolderLockBroken(path: String)
    case dimensionMismatch(source: String, expected: Int, actual: Int)
    case configurationFile(path: String, reason: String)
    case unknownConfigurationKey(path: String, key: String, known: [String])
    case trainingDiverged(epoch: Int, recoveries: Int)
    /// A run file that reads but does not hold together (progress counters out of range, a history that
    /// disagrees with them, a non-finite evaluation): damaged or edited.
    case corruptRun(path: String, reason: String)
    /// An evaluation whose mean log-likelihood is NaN or infinite.
    case nonFiniteEstimate(run: String, split: String, value: Double, firstPoint: Int)
    /// The model and training step would need more memory than the limit allows.
    case exceedsResourceLimit(what: String, estimate: String, limit: String, override: String)
    case unsupported(String)
    /// A run asks for products at a precision this CPU has no instructions for.
    case precisionUnavailable(requested: String, missing: String, alternative: String)
    /// A computation estimated (`EvaluationTime`) to take more than an hour, refused unless `override` is given.
    case tooLong(what: String, hours: Double, override: String)
    /// An output path (given by `flag`) that is a file the command must keep: one it reads, or a file of a run.
    case outputWouldReplace(output: String, flag: String, kept: String)

    public var description: String {
        switch self {
        case .invalidHyperparameter(let name, let value, let requirement): "\(name) \(requirement), got \(value)"
        case .unknownModel(let name, let known): "unknown model \"\(name)\"; expected one of: \(known.joined(separator: ", "))"
        case .runFolderInUse(let path): "\(path) already holds a run with checkpoints; pass --resume to continue it or choose another --output (nothing was changed)"
        case .notARun(let path, let missing): "\(path) is not a run folder: \(missing) is missing"
        case .notARunFolder(let path, let reason): "\(path) is not a run folder: \(reason)"
        case .folderNotEmpty(let path, let entries):
            "\(path) holds files that are not a run's (\(MessageText.list(entries))); lgf train writes only into a new or empty folder or into its own run "
                + "folder, so choose another --output (nothing was changed)"
        case .runFolderLocked(let path, let holder):
            "\(path) is being written by \(holder ?? "another process (which has not recorded its id yet)"); a run folder has one writer "
                + "at a time, so wait for it to end or choose another --output (if that host is gone for good: lgf unlock \(path) --force)"
        case .runFolderLockBroken(let path):
            "\(path): this process's lock on the run folder was broken (see its lgf.lock-breaks.log), so it stopped before writing "
                + "anything more; the run is continued by whoever broke the lock"
        case .dimensionMismatch(let source, let expected, let actual): "\(source) has \(MessageText.count(actual, "column")), but the model was trained on \(expected)-dimensional data"
        case .configurationFile(let path, let reason): "\(path): \(reason)"
        case .unknownConfigurationKey(let path, let key, let known): "\(path): unknown key \"\(key)\"; expected one of: \(known.joined(separator: ", "))"
        case .trainingDiverged(let epoch, let recoveries): "training stopped at epoch \(epoch): the loss was not finite after \(recoveries) roll-backs with halved learning rates (the best checkpoint is intact)"
        case .corruptRun(let path, let reason): "\(path) is damaged or edited: \(reason); refusing to use it"
        case .nonFiniteEstimate(let run, let split, let value, let firstPoint): "\(run): the log-likelihood of \(split) is \(value) (first non-finite at point \(firstPoint)); the model is broken or the points lie far outside its data"
        case .exceedsResourceLimit(let what, let estimate, let limit, let override):
            "\(what) needs an estimated \(estimate), above the limit of \(limit); nothing was allocated. "
                + "Choose smaller settings, or raise the limit with \(override)"
        case .outputWouldReplace(let output, let flag, let kept): "\(flag) \(output) is \(kept); writing there would replace it, so nothing was written. Choose another path"
        case .tooLong(let what, let hours, let override):
            "\(what) is estimated to take at least \(Self.hours(hours)), more than the hour allowed without \(override); "
                + "lower K or the number of points, or pass \(override) to run it anyway"
        case .unsupported(let what): what
        case .precisionUnavailable(let requested, let missing, let alternative): "\(requested) needs a CPU with \(missing), which this CPU lacks; nothing was trained. Use \(alternative) (the default) instead"
        }
    }

    /// `hours` with one decimal, in exponent form from a million on.
    private static func hours(_ hours: Double) -> String {
        hours < 1e6 ? String(format: "%.1f hours", hours) : String(format: "%.1e hours", hours)
    }
}
