import Datasets
import Foundation

/// Where a run's data come from: a named dataset of the catalogue (the ten 2-D targets, the UCI sets)
/// or the user's own files.
public enum DataSource: Sendable, Codable, Equatable {
    /// A catalogue dataset; UCI sets are read from `dataDirectory` (resolved from the environment when `nil`).
    case catalogue(name: String, dataDirectory: String?)
    /// The user's CSV or `.npy` files; missing validation/test splits are carved from `train`.
    case files(train: String, validation: String?, test: String?)
    /// The user's images: one uint8 `.npy` array of N × C × H × W (or N × H × W); test is its last 10 %,
    /// validation the last 10 % of the rest, in file order (`ImageData`).
    case imageFile(path: String)

    /// A short name for messages and figure titles.
    public var name: String {
        switch self {
        case .catalogue(let name, _): return name
        case .files(let train, _, _): return (train as NSString).lastPathComponent
        case .imageFile(let path): return (path as NSString).lastPathComponent
        }
    }

    /// Loads the splits (2-D targets are drawn from `seed`, so the same seed gives the same splits).
    public func load(seed: UInt64) throws -> Dataset {
        switch self {
        case .catalogue(let name, let directory):
            return try Dataset.load(name: name, dataDirectory: DataDirectory.resolve(explicitPath: directory), seed: seed)
        case .files(let train, let validation, let test):
            return try Dataset.fromFiles(train: train, validation: validation, test: test)
        case .imageFile(let path):
            throw ExperimentError.unsupported("\(path) holds images, which load as an ImageDataset (ExperimentConfiguration.loadImages), not as a table")
        }
    }
}
