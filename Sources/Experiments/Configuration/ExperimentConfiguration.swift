import Flows

/// Everything a run needs, resolved (defaults, configuration file and flags applied): stored as
/// `configuration.json` in the run folder and in every checkpoint, so a run can be evaluated, resumed and
/// reloaded without the flags that made it.
public struct ExperimentConfiguration: Sendable, Codable, Equatable {
    public var data: DataSource
    public var model: ModelSpecification
    public var training: TrainingConfiguration

    public init(data: DataSource, model: ModelSpecification, training: TrainingConfiguration) {
        self.data = data
        self.model = model
        self.training = training
    }

    /// Checks the model and the training hyperparameters.
    public func validate() throws {
        try ModelBuilder.validate(model)
        try training.validate()
    }
}
