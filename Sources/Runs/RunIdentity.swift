import Foundation
import FileSystem
import Checkpoints
import Configurations

/// One identity per run: a random id drawn when the run starts, written in `configuration.json` and in every
/// checkpoint's metadata (`run.id`), and the fingerprint of the settings that stay fixed over the run's life
/// (`ExperimentConfiguration.fingerprint`, also in the metadata as `run.fingerprint`).
///
/// Every reader of a checkpoint (`lgf evaluate`, `sample`, `report`, `train --resume`) checks that it belongs to the
/// folder's run: the same id, and the same fingerprint, both computed from the configuration embedded in the checkpoint
/// and from `configuration.json`. Files of two runs mixed in one folder, or a `configuration.json` edited after the run
/// started (other than by `--resume`'s epochs and patience), are refused naming both files.
public enum RunIdentity {
    /// The checkpoint metadata key of the run id.
    public static let idKey = "run.id"
    /// The checkpoint metadata key of the configuration's fingerprint.
    public static let fingerprintKey = "run.fingerprint"
    /// The checkpoint metadata key of the configuration (JSON).
    public static let configurationKey = "configuration"

    /// A new run's id: a random UUID in lower case.
    public static func newID() -> String { UUID().uuidString.lowercased() }

    /// The metadata that ties a checkpoint to its run: the configuration, its fingerprint and the id (when the run has one).
    public static func metadata(configuration: ExperimentConfiguration, runID: String?) throws -> [String: String] {
        var metadata = [configurationKey: String(decoding: try JSONEncoder().encode(configuration), as: UTF8.self),
                        fingerprintKey: configuration.fingerprint]
        metadata[idKey] = runID
        return metadata
    }

    /// Checks that `checkpoint` (read from `path`) belongs to the run whose `configuration.json` holds `stored`.
    /// - Returns: a note for a run written before runs had ids (its files are matched by their settings alone).
    /// - Throws: `ExperimentError.corruptRun` naming the checkpoint and `configuration.json`, with the ids or the first
    ///   settings that differ.
    public static func check(_ checkpoint: Checkpoint, at path: String, belongsTo stored: StoredConfiguration, in folder: RunFolder) throws -> [String] {
        let configurationFile = folder.configurationPath
        func refuse(_ reason: String) -> ExperimentError { ExperimentError.corruptRun(path: path, reason: reason) }
        let checkpointID = checkpoint.metadata[idKey]
        switch (checkpointID, stored.runID) {
        case (let mine?, let folderID?) where mine != folderID:
            throw refuse("it belongs to run \(mine), but \(configurationFile) is run \(folderID): the two files come from different runs")
        case (nil, let folderID?):
            throw refuse("it holds no run id, but \(configurationFile) is run \(folderID): it comes from another run (or an older lgf's)")
        case (let mine?, nil):
            throw refuse("it belongs to run \(mine), but \(configurationFile) holds no run id: the configuration comes from another (older) run")
        default: break
        }
        guard let text = checkpoint.metadata[configurationKey] else {
            guard stored.runID == nil else { throw refuse("it holds no configuration, which every checkpoint of a run with an id does") }
            return ["\(path) holds no configuration of its own (an early checkpoint format): it is not checked against \(configurationFile)"]
        }
        let embedded: ExperimentConfiguration
        do {
            _ = try JSONValue.parse(ArraySlice(text.utf8))   // a repeated key is refused, not resolved
            embedded = try JSONDecoder().decode(ExperimentConfiguration.self, from: Data(text.utf8))
        } catch {
            throw refuse("its embedded configuration cannot be read: \(error)")
        }
        if embedded.fingerprint != stored.configuration.fingerprint {
            let differences = stored.configuration.settingDifferences(from: embedded).map { "\($0.setting) \($0.there) (the file says \($0.here))" }
            throw refuse("it was trained with other settings than \(configurationFile) holds: "
                         + (differences.isEmpty ? "fingerprint \(embedded.fingerprint), the file's \(stored.configuration.fingerprint)"
                                                : differences.joined(separator: ", "))
                         + "; the files come from different runs, or one of them was edited")
        }
        guard stored.runID == nil else { return [] }
        return ["\(folder.path) was written before runs had ids: \((path as NSString).lastPathComponent) is matched to its configuration.json by its settings alone"]
    }
}
