import Configurations
import FileSystem

/// Errors of planning, running and reporting sweeps, each naming the file, key or run concerned.
public enum SweepError: Error, CustomStringConvertible, Equatable {
    /// The specification file is missing, unreadable or not valid YAML/JSON.
    case unreadableSpecification(path: String, reason: String)
    /// A key of the specification has a value of the wrong kind or an unknown name.
    case invalidSpecification(path: String, key: String, reason: String)
    /// Another `lgf sweep` holds the sweep folder's lock: its recorded process id and host, `nil` while unrecorded.
    case sweepFolderBusy(path: String, holder: String?)
    /// A file of the sweep's own bookkeeping could not be written or read.
    case bookkeeping(path: String, reason: String)
    /// The `lgf` executable that runs each training process was not found.
    case executableNotFound(path: String)
    /// The specification now sets other values than those a started run of the same name was trained with
    /// (the first such run, and how many more there are).
    case planChanged(folder: String, run: String, keys: [String], otherRuns: Int)
    /// Runs whose `lgf train` would refuse their configuration as it starts them, grouped by reason, out of the
    /// specification's `runCount`: the sweep starts none of its runs.
    case runsRefused(path: String, refusals: [SweepRunRefusal], runCount: Int)

    public var description: String {
        switch self {
        case .unreadableSpecification(let path, let reason):
            return "\(path): \(reason)"
        case .invalidSpecification(let path, let key, let reason):
            return "\(path): key \"\(key)\": \(reason)"
        case .sweepFolderBusy(let path, let holder):
            return "\(path) is in use by \(holder ?? "another lgf sweep (which has not recorded its id yet)"); a sweep folder has one sweep at a time, "
                + "so wait for it or choose another --output (if that host is gone for good: lgf unlock \(path) --force)"
        case .bookkeeping(let path, let reason):
            return "\(path): \(reason)"
        case .executableNotFound(let path):
            return "cannot run training processes: the lgf executable \(path) does not exist or is not executable"
        case .runsRefused(let path, let refusals, let runCount):
            let refused = refusals.reduce(0) { $0 + $1.runs.count }
            return "\(path): \(refused) of the sweep's \(MessageText.count(runCount, "run")) cannot start, so none was started "
                + "(lgf train would refuse \(refused == 1 ? "its configuration" : "their configurations")):"
                + refusals.map { "\n  " + $0.line }.joined()
        case .planChanged(let folder, let run, let keys, let otherRuns):
            return "\(folder)/\(run) was trained with other values of \(keys.joined(separator: ", ")) than the specification now gives"
                + (otherRuns > 0 ? " (and \(MessageText.count(otherRuns, "more started run")) of this sweep)" : "") + "; "
                + "only \(Hyperparameters.resumableKeys.joined(separator: " and ")) may change (they extend the runs). "
                + "Sweep into another --output, or remove \(folder)/\(run) to train it again"
        }
    }
}
