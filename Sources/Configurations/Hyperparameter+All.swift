extension Hyperparameter {
    /// Every hyperparameter, in the order help and error messages list them.
    public static let all: [Hyperparameter] = [
        // Vector models (MADE / coupling networks and the LGF's index networks).
        .init("layers", \.layers, .vectorModel) { $1.model.layerCount = $0 },
        .init("hidden", \.hidden, .vectorModel) { $1.model.hiddenCounts = $0 },
        .init("batch-norm", \.batchNorm, .vectorModel) { $1.model.usesBatchNorm = $0 },
        .init("index-dimension", \.indexDimension, .vectorModel) { $1.model.indexDimension = $0 },
        .init("shift-scale-hidden", \.shiftScaleHidden, .vectorModel) { $1.model.shiftScaleHiddenCounts = $0 },
        .init("prior-hidden", \.priorHidden, .vectorModel) { $1.model.indexPriorHiddenCounts = $0 },
        .init("posterior-hidden", \.posteriorHidden, .vectorModel) { $1.model.indexPosteriorHiddenCounts = $0 },
        .init("variant", \.variant, .vectorModel) { $1.model.variant = $0 },
        .init("activation", \.activation, .vectorModel) { $1.model.activation = $0 },
        .init("log-scale-limit", \.logScaleLimit, .vectorModel) { $1.model.logScaleLimit = $0 },
        // The indexed layers of localised models, vector or image.
        .init("index-normalization", \.indexNormalization, .localisedModel) {
            $1.model.indexedLayers.normalization = $0
            $1.image?.specification.indexedLayers.normalization = $0
        },
        .init("index-initialization", \.indexInitialization, .localisedModel) {
            $1.model.indexedLayers.initialization = $0
            $1.image?.specification.indexedLayers.initialization = $0
        },
        // Training, for every model.
        .init("learning-rate", \.learningRate, .training) { $1.training.learningRate = $0 },
        .init("batch-size", \.batchSize, .training) { $1.training.batchSize = $0 },
        .init("epochs", \.epochs, .training) { $1.training.maximumEpochs = $0 },
        .init("patience", \.patience, .training) { $1.training.patience = $0 },
        .init("train-draws", \.trainDraws, .training) { $1.training.trainDrawCount = $0 },
        .init("validation-samples", \.validationSamples, .training) { $1.training.validationImportanceSamples = $0 },
        .init("gradient-clip", \.gradientClip, .training) { $1.training.maximumGradientNorm = $0 },
        .init("max-recoveries", \.maxRecoveries, .training) { $1.training.maximumRecoveries = $0 },
        .init("seed", \.seed, .training) { $1.training.seed = $0 },
        .init("snapshot-epochs", \.snapshotEpochs, .training) { $1.training.snapshotEpochs = $0 },
        .init("batch-norm-statistics", \.batchNormStatistics, .training) { $1.training.batchNormStatistics = $0 },
        // Image models.
        .init("coupler-blocks", \.couplerBlocks, .imageModel) { $1.image?.specification.couplerBlocks = $0 },
        .init("coupler-hidden", \.couplerHidden, .imageModel) { $1.image?.specification.couplerHidden = $0 },
        .init("train-images", \.trainImages, .imageModel) { $1.image?.trainingImageLimit = $0 },
        .init("index-hidden", \.indexHidden, .imageModel) { $1.image?.specification.indexHidden = $0 },
    ]

    /// The entry for `key`, if there is one.
    public static func named(_ key: String) -> Hyperparameter? { all.first { $0.key == key } }
}
