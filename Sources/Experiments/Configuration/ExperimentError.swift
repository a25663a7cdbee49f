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
        case .unsupported(let what):
            return what
        }
    }
}
