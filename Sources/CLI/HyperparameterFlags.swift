import ArgumentParser
import Configurations
import Flows
import Networks
import Tensors

/// One flag per entry of `Hyperparameters.all`, named by the entry's key and helped by its help text;
/// `overrides` carries every flag given over to the entry it belongs to. swift-argument-parser needs each flag
/// declared as a property: a new hyperparameter is its entry in the table, and here its property and its line in
/// `overrides` (`HyperparameterFlagTests` checks every flag against the table, both ways).
struct HyperparameterFlags: ParsableArguments {
    private typealias H = Hyperparameters

    @Option(name: .key(H.layers), parsing: .unconditional, help: .entry(H.layers)) var layers: Int?
    @Option(name: .key(H.hidden), parsing: .unconditional, help: .entry(H.hidden)) var hidden: IntegerList?
    @Option(name: .key(H.batchNorm), help: .entry(H.batchNorm)) var batchNorm: Bool?
    @Option(name: .key(H.indexDimension), parsing: .unconditional, help: .entry(H.indexDimension)) var indexDimension: Int?
    @Option(name: .key(H.shiftScaleHidden), parsing: .unconditional, help: .entry(H.shiftScaleHidden)) var shiftScaleHidden: IntegerList?
    @Option(name: .key(H.priorHidden), parsing: .unconditional, help: .entry(H.priorHidden)) var priorHidden: IntegerList?
    @Option(name: .key(H.posteriorHidden), parsing: .unconditional, help: .entry(H.posteriorHidden)) var posteriorHidden: IntegerList?
    @Option(name: .key(H.variant), help: .entry(H.variant)) var variant: IndexedLayerVariant?
    @Option(name: .key(H.activation), help: .entry(H.activation)) var activation: Activation?
    @Option(name: .key(H.logScaleLimit), parsing: .unconditional, help: .entry(H.logScaleLimit)) var logScaleLimit: Double?
    @Option(name: .key(H.bins), parsing: .unconditional, help: .entry(H.bins)) var bins: Int?
    @Option(name: .key(H.tailBound), parsing: .unconditional, help: .entry(H.tailBound)) var tailBound: Double?
    @Option(name: .key(H.indexNormalization), help: .entry(H.indexNormalization)) var indexNormalization: IndexedLayerNormalization?
    @Option(name: .key(H.indexInitialization), help: .entry(H.indexInitialization)) var indexInitialization: IndexedLayerInitialization?
    @Option(name: .key(H.learningRate), parsing: .unconditional, help: .entry(H.learningRate)) var learningRate: Double?
    @Option(name: .key(H.batchSize), parsing: .unconditional, help: .entry(H.batchSize)) var batchSize: Int?
    @Option(name: .key(H.epochs), parsing: .unconditional, help: .entry(H.epochs)) var epochs: Int?
    @Option(name: .key(H.patience), parsing: .unconditional, help: .entry(H.patience)) var patience: Int?
    @Option(name: .key(H.minimumSteps), parsing: .unconditional, help: .entry(H.minimumSteps)) var minimumSteps: Int?
    @Option(name: .key(H.trainDraws), parsing: .unconditional, help: .entry(H.trainDraws)) var trainDraws: Int?
    @Option(name: .key(H.objective), help: .entry(H.objective)) var objective: TrainingObjective?
    @Option(name: .key(H.validationSamples), parsing: .unconditional, help: .entry(H.validationSamples)) var validationSamples: Int?
    @Option(name: .key(H.gradientClip), parsing: .unconditional, help: .entry(H.gradientClip)) var gradientClip: Double?
    @Option(name: .key(H.maxRecoveries), parsing: .unconditional, help: .entry(H.maxRecoveries)) var maxRecoveries: Int?
    @Option(name: .key(H.seed), parsing: .unconditional, help: .entry(H.seed)) var seed: UInt64?
    @Option(name: .key(H.snapshotEpochs), parsing: .unconditional, help: .entry(H.snapshotEpochs)) var snapshotEpochs: Int?
    @Option(name: .key(H.batchNormStatistics), help: .entry(H.batchNormStatistics)) var batchNormStatistics: BatchNormStatistics?
    @Option(name: .key(H.precision), help: .entry(H.precision)) var precision: ProductPrecision?
    @Option(name: .key(H.couplerBlocks), parsing: .unconditional, help: .entry(H.couplerBlocks)) var couplerBlocks: Int?
    @Option(name: .key(H.couplerHidden), parsing: .unconditional, help: .entry(H.couplerHidden)) var couplerHidden: Int?
    @Option(name: .key(H.trainImages), parsing: .unconditional, help: .entry(H.trainImages)) var trainImages: Int?
    @Option(name: .key(H.indexHidden), parsing: .unconditional, help: .entry(H.indexHidden)) var indexHidden: Int?
    @Option(name: .key(H.contextEmbedding), parsing: .unconditional, help: .entry(H.contextEmbedding)) var contextEmbedding: IntegerList?
    @Option(name: .key(H.contextShiftScale), help: .entry(H.contextShiftScale)) var contextShiftScale: Bool?

    /// The flags given, each as the value of its entry.
    var overrides: ConfigurationOverrides {
        var overrides = ConfigurationOverrides()
        overrides.layers = layers
        overrides.hidden = hidden?.values
        overrides.batchNorm = batchNorm
        overrides.indexDimension = indexDimension
        overrides.shiftScaleHidden = shiftScaleHidden?.values
        overrides.priorHidden = priorHidden?.values
        overrides.posteriorHidden = posteriorHidden?.values
        overrides.variant = variant
        overrides.activation = activation
        overrides.logScaleLimit = logScaleLimit
        overrides.bins = bins
        overrides.tailBound = tailBound
        overrides.indexNormalization = indexNormalization
        overrides.indexInitialization = indexInitialization
        overrides.learningRate = learningRate
        overrides.batchSize = batchSize
        overrides.epochs = epochs
        overrides.patience = patience
        overrides.minimumSteps = minimumSteps
        overrides.trainDraws = trainDraws
        overrides.objective = objective
        overrides.validationSamples = validationSamples
        overrides.gradientClip = gradientClip
        overrides.maxRecoveries = maxRecoveries
        overrides.seed = seed
        overrides.snapshotEpochs = snapshotEpochs
        overrides.batchNormStatistics = batchNormStatistics
        overrides.precision = precision
        overrides.couplerBlocks = couplerBlocks
        overrides.couplerHidden = couplerHidden
        overrides.trainImages = trainImages
        overrides.indexHidden = indexHidden
        overrides.contextEmbedding = contextEmbedding?.values
        overrides.contextShiftScale = contextShiftScale
        return overrides
    }
}

extension NameSpecification {
    /// `--<key>` of a hyperparameter.
    static func key<Value>(_ entry: Hyperparameter<Value>) -> NameSpecification { .customLong(entry.key) }
}

extension ArgumentHelp {
    /// A hyperparameter's help text.
    static func entry<Value>(_ entry: Hyperparameter<Value>) -> ArgumentHelp { ArgumentHelp(entry.help) }
}
