import Foundation

/// The folder holding the canonical UCI files (the MAF authors' archive layout:
/// `miniboone/data.npy`, `power/data.npy`, `gas/ethylene_CO.txt`, `hepmass/1000_{train,test}.csv`).
public struct DataDirectory: Equatable, Sendable {
    /// The environment variable that names the data directory.
    public static let environmentVariable = "LGF_DATA_DIR"

    /// The folder's path, as given or resolved (not required to exist).
    public let path: String

    /// A data directory at `path`.
    public init(path: String) {
        self.path = path
    }

    /// The data directory to use: `explicitPath` if given, else `$LGF_DATA_DIR`, else
    /// `$XDG_DATA_HOME/lgf/data`, else `~/.local/share/lgf/data` (empty variables count as unset,
    /// as the XDG specification asks).
    ///
    /// - Parameter environment: the process environment by default; tests pass their own.
    public static func resolve(explicitPath: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> DataDirectory {
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let explicitPath, !explicitPath.isEmpty { return DataDirectory(path: explicitPath) }
        if let configured = variable(environmentVariable) { return DataDirectory(path: configured) }
        if let dataHome = variable("XDG_DATA_HOME") { return DataDirectory(path: joined(dataHome, "lgf/data")) }
        let home = variable("HOME") ?? NSHomeDirectory()
        return DataDirectory(path: joined(home, ".local/share/lgf/data"))
    }

    /// The full path of `relativePath` inside this directory.
    public func path(of relativePath: String) -> String {
        Self.joined(path, relativePath)
    }

    /// The full path of a file the dataset `datasetName` needs, checked to exist.
    ///
    /// - Throws: `DatasetError.fileNotFound` naming the full path, the dataset and how to supply it.
    func existingFile(_ relativePath: String, neededBy datasetName: String, description: String) throws -> String {
        let fullPath = path(of: relativePath)
        guard FileManager.default.fileExists(atPath: fullPath) else {
            throw DatasetError.fileNotFound(
                path: fullPath,
                requirement: "\(datasetName) needs \(description) at <data directory>/\(relativePath); "
                    + "pass the data directory explicitly or set \(Self.environmentVariable)")
        }
        return fullPath
    }

    private static func joined(_ directory: String, _ relativePath: String) -> String {
        directory.hasSuffix("/") ? directory + relativePath : directory + "/" + relativePath
    }
}
