/// Errors of running experiments, each naming what was expected, what arrived and where.
public enum ExperimentError: Error, CustomStringConvertible, Equatable {
    case invalidHyperparameter(name: String, value: String, requirement: String)
    case unknownModel(name: String, known: [String])
    case runFolderInUse(path: String)
    case notARun(path: String, missing: String)
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

    public var description: String {
        switch self {
        case .invalidHyperparameter(let name, let value, let requirement):
            return "\(name) \(requirement), got \(value)"
        case .unknownModel(let name, let known):
            return "unknown model \"\(name)\"; expected one of: \(known.joined(separator: ", "))"
        case .runFolderInUse(let path):
            return "\(path) already holds a run with checkpoints; pass --resume to continue it or choose another --output (nothing was changed)"
        case .notARun(let path, let missing):
            return "\(path) is not a run folder: \(missing) is missing"
        case .dimensionMismatch(let source, let expected, let actual):
            return "\(source) has \(actual) columns, but the model was trained on \(expected)-dimensional data"
        case .configurationFile(let path, let reason):
            return "\(path): \(reason)"
        case .unknownConfigurationKey(let path, let key, let known):
            return "\(path): unknown key \"\(key)\"; expected one of: \(known.joined(separator: ", "))"
        case .trainingDiverged(let epoch, let recoveries):
            return "training stopped at epoch \(epoch): the loss was not finite after \(recoveries) roll-backs with halved learning rates (the best checkpoint is intact)"
        case .corruptRun(let path, let reason):
            return "\(path) is damaged or edited: \(reason); refusing to use it"
        case .nonFiniteEstimate(let run, let split, let value, let firstPoint):
            return "\(run): the log-likelihood of \(split) is \(value) (first non-finite at point \(firstPoint)); the model is broken or the points lie far outside its data"
        case .exceedsResourceLimit(let what, let estimate, let limit, let override):
            return "\(what) needs an estimated \(estimate), above the limit of \(limit); nothing was allocated. "
                + "Choose smaller settings, or raise the limit with \(override)"
        case .unsupported(let what):
            return what
        }
    }
}
