import Flows
import Networks
import Tensors

/// What makes a run an image run: the multiscale model that is built (`ImageModelSpecification`, which records the
/// image shape and the logit λ) and how many of the training file's images are used. Stored in the run's
/// `configuration.json` and in every checkpoint, so `evaluate`, `sample`, `--resume` and `describe` need nothing else.
///
/// Training dequantises pixels afresh for every batch, x + U[0, 1) drawn from the run's seeded generator
/// (Theis et al. 2016), and the model's first step is the logit pre-transform with its log-Jacobian, so every
/// log-likelihood and bits per dimension refers to pixels on the [0, 256) scale.
public struct ImageExperiment: Sendable, Codable, Equatable {
    /// The model built for the run.
    public var specification: ImageModelSpecification
    /// Use only the first this-many images of the training file(s), of which the last 10 % validate (the paper's
    /// rule applied to the subset); `nil` uses them all (Fashion-MNIST 54,000 / 6,000). A CPU-budget setting.
    public var trainingImageLimit: Int?

    public init(specification: ImageModelSpecification, trainingImageLimit: Int? = nil) {
        self.specification = specification
        self.trainingImageLimit = trainingImageLimit
    }

    /// Rows (points × importance samples) per forward pass when image runs are validated and evaluated: a pass
    /// holds about rows × 64 channels × H × W floats per ResNet activation (20 MB at 28 × 28), while the default
    /// of the vector models (2,000) would need 0.4 GB per activation.
    public static let rowsPerPass = 100

    /// The paper's training settings for images (Cornish et al. 2020, Appendix D): Adam 1e−4, batch 100, K_valid = 10, early
    /// stopping after 50 epochs without improvement, one ELBO draw per image; at most 1000 epochs.
    public static func paperTraining() -> TrainingConfiguration {
        TrainingConfiguration(learningRate: 1e-4, batchSize: 100, maximumEpochs: 1000, patience: 50, trainDrawCount: 1,
                              validationImportanceSamples: 10)
    }

    /// The vector-model record that `ExperimentConfiguration.model` keeps for an image run: the family and D = C·H·W
    /// (which reports and messages read); the image specification decides what is built.
    public var summaryModel: ModelSpecification {
        let shape = specification.imageShape
        return ModelSpecification(kind: specification.kind, dimension: shape.featureCount, layerCount: 10,
                                  hiddenCounts: [specification.couplerHidden])
    }

    /// Checks what an image run adds to the shared settings: its model (`ImageModelBuilder.validate`), and that
    /// batch-norm statistics are not recomputed over the training set, which an image run cannot hold in memory.
    /// - Throws: `FlowConfigurationError`, or `ExperimentError.invalidHyperparameter` naming the setting.
    func validate(with training: TrainingConfiguration) throws {
        if training.batchNormStatistics == .trainingSet {
            throw ExperimentError.invalidHyperparameter(name: Hyperparameters.batchNormStatistics.key, value: BatchNormStatistics.trainingSet.rawValue,
                                                        requirement: "is not available for image models (one pass over the training images would not fit in memory); use running-average")
        }
        if training.precision == .bf16 {
            throw ExperimentError.invalidHyperparameter(name: Hyperparameters.precision.key, value: ProductPrecision.bf16.rawValue,
                                                        requirement: "is not available for image models (their convolutions run on float32 kernels); use fp32")
        }
        try ImageModelBuilder.validate(specification)
    }
}
