import Configurations

/// What `configuration.json` holds: the resolved configuration, and beside its keys the run's id (`runID`, a random
/// UUID drawn when the run starts) and the configuration's `fingerprint` (written for people and other tools; readers
/// recompute it).
public struct StoredConfiguration: Sendable, Codable, Equatable {
    public var configuration: ExperimentConfiguration
    /// `nil` for a run started before runs had ids.
    public var runID: String?

    public init(configuration: ExperimentConfiguration, runID: String?) {
        self.configuration = configuration
        self.runID = runID
    }

    private enum CodingKeys: String, CodingKey { case runID, fingerprint }

    public init(from decoder: any Decoder) throws {
        configuration = try ExperimentConfiguration(from: decoder)
        runID = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .runID)
    }

    public func encode(to encoder: any Encoder) throws {
        try configuration.encode(to: encoder)
        guard let runID else { return }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runID, forKey: .runID)
        try container.encode(configuration.fingerprint, forKey: .fingerprint)
    }
}
