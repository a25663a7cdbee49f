import Tensors

/// How a model is trained and validated (Cornish et al. 2020, Appendix D): Adam with a constant learning rate, minibatches,
/// validation by the importance-sampled estimate after every epoch, early stopping on it.
public struct TrainingConfiguration: Sendable, Codable, Equatable {
    /// Adam's step size (1e−3 for 2-D and UCI data in the paper).
    public var learningRate: Double
    /// Training minibatch size (1000 in the paper for 2-D and UCI data).
    public var batchSize: Int
    /// The most epochs to run (2-D runs in the paper simply run 300 or 500).
    public var maximumEpochs: Int
    /// Stop after this many epochs without a better validation estimate (30 for UCI); `nil` never stops early.
    public var patience: Int?
    /// Early stopping waits until at least this many optimiser steps have been taken, however long validation has
    /// not improved (`nil`, the paper and every run written before this existed: no minimum). Patience counted in
    /// epochs alone is a different amount of training for every file size (30 epochs of 10 steps are 300 Adam
    /// steps), so the defaults for users' files ask for a number of steps.
    public var minimumSteps: Int?
    /// K_train: draws of the indices per example (10 for 2-D, 1 for UCI in the ICLR code), averaged by the ELBO or
    /// combined by the importance-weighted bound.
    public var trainDrawCount: Int
    /// What training maximises for localised models; `nil` (the paper, and every run written before the choice existed)
    /// is the ELBO.
    public var objective: TrainingObjective?
    /// K_valid: importance samples of the validation estimate (5 for UCI).
    public var validationImportanceSamples: Int
    /// Clip the global gradient norm to this; `nil` (the paper) for no clipping.
    public var maximumGradientNorm: Double?
    /// How many times a non-finite loss may roll training back (halving the learning rate) before it stops.
    public var maximumRecoveries: Int
    /// Seeds every random draw: initialisation, shuffling, u draws and 2-D data.
    public var seed: UInt64
    /// Keep a checkpoint of each of the last this-many epochs (`checkpoints/epoch-NNNN.safetensors`), for the
    /// report's Figure-2 strip of densities over consecutive epochs; `nil` (the default) keeps none.
    public var snapshotEpochs: Int?
    /// Where batch-norm layers take their statistics at validation and test; `nil` means running averages.
    public var batchNormStatistics: BatchNormStatistics?
    /// The precision of the float32 matrix products' inputs during training (`ProductPrecision`); `nil` (the default,
    /// and every run written before the choice existed) is fp32.
    public var precision: ProductPrecision?

    public init(learningRate: Double = 1e-3, batchSize: Int = 1000, maximumEpochs: Int = 300, patience: Int? = nil,
                trainDrawCount: Int = 1, validationImportanceSamples: Int = 5, maximumGradientNorm: Double? = nil,
                maximumRecoveries: Int = 3, seed: UInt64 = 0) {
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.maximumEpochs = maximumEpochs
        self.patience = patience
        self.trainDrawCount = trainDrawCount
        self.validationImportanceSamples = validationImportanceSamples
        self.maximumGradientNorm = maximumGradientNorm
        self.maximumRecoveries = maximumRecoveries
        self.seed = seed
    }

    /// Checks every setting against its entry of `Hyperparameters` (positive sizes and rates, …).
    /// - Throws: `ExperimentError.invalidHyperparameter` naming the first setting that fails and its requirement.
    public func validate() throws {
        try Hyperparameters.check(HyperparameterTargets(model: nil, training: self, image: nil))
    }

    /// Checks that this CPU runs the products at `precision`: bf16 needs AVX512_BF16. `cpuRunsBF16` is this CPU's
    /// (`ProductPrecision.cpuRunsBF16`, which tests may assume otherwise).
    /// - Throws: `ExperimentError.precisionUnavailable` naming what was asked, what the CPU lacks and the alternative.
    public func checkPrecision(cpuRunsBF16: Bool = ProductPrecision.cpuRunsBF16) throws {
        if precision == .bf16 && !cpuRunsBF16 {
            throw ExperimentError.precisionUnavailable(requested: "\(Hyperparameters.precision.key) \(ProductPrecision.bf16.rawValue)",
                                                       missing: "AVX512_BF16 (the bf16 dot-product instructions)",
                                                       alternative: "--\(Hyperparameters.precision.key) \(ProductPrecision.fp32.rawValue)")
        }
    }

    /// Whether training ends after `epochs` completed epochs and `stepsTaken` optimiser steps, the last
    /// `epochsWithoutImprovement` epochs without a better validation estimate: the epochs are used up, or patience is
    /// (early stopping).
    public func ends(afterEpochs epochs: Int, epochsWithoutImprovement: Int, stepsTaken: Int?) -> Bool {
        epochs >= maximumEpochs || patienceIsExhausted(epochsWithoutImprovement: epochsWithoutImprovement, stepsTaken: stepsTaken)
    }

    /// Whether `epochsWithoutImprovement` epochs without a better validation estimate stop training early after
    /// `stepsTaken` optimiser steps: patience is used up and at least `minimumSteps` steps were taken (`nil` steps, not
    /// known, never reach a minimum).
    public func patienceIsExhausted(epochsWithoutImprovement: Int, stepsTaken: Int?) -> Bool {
        guard let patience, epochsWithoutImprovement >= patience else { return false }
        guard let minimumSteps else { return true }
        return (stepsTaken ?? 0) >= minimumSteps
    }
}
