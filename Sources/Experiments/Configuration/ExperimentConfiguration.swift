import Flows

/// Everything a run needs, resolved (defaults, configuration file and flags applied): stored as
/// `configuration.json` in the run folder and in every checkpoint, so a run can be evaluated, resumed and
/// reloaded without the flags that made it.
public struct ExperimentConfiguration: Sendable, Codable, Equatable {
    public var data: DataSource
    public var model: ModelSpecification
    public var training: TrainingConfiguration
    /// How the user's files were prepared (columns, shuffle, dequantisation); `nil` for the paper's datasets,
    /// which keep their own preprocessing, and for runs made before user files were prepared.
    public var preparation: FilePreparation? = nil
    /// For image runs, the model that is built and the training subset (`model` then records only the family
    /// and D = C·H·W); `nil` for vector data and for every run made before images could be trained.
    public var image: ImageExperiment? = nil

    public init(data: DataSource, model: ModelSpecification, training: TrainingConfiguration) {
        self.data = data
        self.model = model
        self.training = training
    }

    /// Checks the model and the training hyperparameters, and that they fit together: batch norm between the
    /// steps standardises each batch by its own variance, which one row does not have.
    public func validate() throws {
        if let image { try image.validate(with: training) } else { try ModelBuilder.validate(model) }
        try training.validate()
        if model.usesBatchNorm && training.batchSize < 2 {
            throw ExperimentError.invalidHyperparameter(
                name: "batch size", value: "\(training.batchSize)",
                requirement: "must be at least 2 for a model with batch norm between its steps (a one-row batch has no variance)")
        }
    }
}
