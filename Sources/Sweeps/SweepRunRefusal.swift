import FileSystem

/// Runs of a sweep that their `lgf train` would refuse as it starts, for one reason: what `lgf sweep` reports, for
/// every run at once, before any starts.
public struct SweepRunRefusal: Sendable, Equatable {
    /// The hyperparameter keys the reason comes from (without the value the specification gives, the run is refused
    /// otherwise or not at all); empty when the dataset and model alone are the reason.
    public var keys: [String]
    /// What `lgf train` would say.
    public var reason: String
    /// The runs refused for it, in the sweep's order.
    public var runs: [String]

    public init(keys: [String], reason: String, runs: [String]) {
        self.keys = keys
        self.reason = reason
        self.runs = runs
    }

    /// `key "epochs": epochs must be positive, got -1 (2 runs: a_seed0, a_seed1)`.
    var line: String {
        let source = keys.isEmpty ? "the dataset and model" : (keys.count == 1 ? "key " : "keys ") + keys.map { "\"\($0)\"" }.joined(separator: ", ")
        return "\(source): \(reason) (\(MessageText.count(runs.count, "run")): \(MessageText.list(runs, shown: 3)))"
    }
}
