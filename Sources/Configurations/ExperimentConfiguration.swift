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

    private enum CodingKeys: String, CodingKey { case data, model, training, preparation, image }

    /// Reads a configuration; an image run's may lack `model` (written since image runs stopped recording it), which is
    /// then derived from `image` (``ImageExperiment/summaryModel``), and one written before still loads with it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try container.decode(DataSource.self, forKey: .data)
        training = try container.decode(TrainingConfiguration.self, forKey: .training)
        preparation = try container.decodeIfPresent(FilePreparation.self, forKey: .preparation)
        image = try container.decodeIfPresent(ImageExperiment.self, forKey: .image)
        if let image, !container.contains(.model) {
            model = image.summaryModel
        } else {
            model = try container.decode(ModelSpecification.self, forKey: .model)
        }
    }

    /// Writes the configuration; an image run's without the vector `model` block, which nothing builds from.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        if image == nil { try container.encode(model, forKey: .model) }
        try container.encode(training, forKey: .training)
        try container.encodeIfPresent(preparation, forKey: .preparation)
        try container.encodeIfPresent(image, forKey: .image)
    }

    /// Checks the model (`ModelBuilder`, `ImageModelBuilder`), every setting against its entry of `Hyperparameters`,
    /// and the rules that tie settings together: batch norm between the steps standardises each batch by its own
    /// variance, which one row does not have.
    public func validate() throws {
        if let image { try image.validate(with: training) } else { try ModelBuilder.validate(model) }
        try Hyperparameters.check(hyperparameterTargets)
        if model.usesBatchNorm && training.batchSize < 2 {
            throw ExperimentError.invalidHyperparameter(
                name: Hyperparameters.batchSize.name, value: "\(training.batchSize)",
                requirement: "must be at least 2 for a model with batch norm between its steps (a one-row batch has no variance)")
        }
    }
}
