import Foundation
import Yams
import Flows
import Networks

/// Hyperparameters given by a configuration file (YAML or JSON) or by command-line flags, each optional;
/// `apply(to:)` lays them over the paper's defaults (flags over file over defaults).
///
/// Keys (the same in YAML, JSON and as the CLI's flag names): `layers`, `hidden`, `batch-norm`,
/// `index-dimension`, `shift-scale-hidden`, `prior-hidden`, `posterior-hidden`, `variant`, `activation`,
/// `log-scale-limit`, `learning-rate`, `batch-size`, `epochs`, `patience`, `train-draws`,
/// `validation-samples`, `gradient-clip`, `max-recoveries`, `seed`, `snapshot-epochs`, `batch-norm-statistics`;
/// for image models `coupler-blocks`, `coupler-hidden`, `index-hidden`, `train-images` (`ConfigurationOverrides+Images.swift`).
public struct ConfigurationOverrides: Sendable, Codable, Equatable {
    public var layers: Int?
    public var hidden: [Int]?
    public var batchNorm: Bool?
    public var indexDimension: Int?
    public var shiftScaleHidden: [Int]?
    public var priorHidden: [Int]?
    public var posteriorHidden: [Int]?
    public var variant: IndexedLayerVariant?
    public var activation: Activation?
    public var logScaleLimit: Double?
    public var learningRate: Double?
    public var batchSize: Int?
    public var epochs: Int?
    public var patience: Int?
    public var trainDraws: Int?
    public var validationSamples: Int?
    public var gradientClip: Double?
    public var maxRecoveries: Int?
    public var seed: UInt64?
    public var snapshotEpochs: Int?
    public var batchNormStatistics: BatchNormStatistics?
    public var couplerBlocks: Int?
    public var couplerHidden: Int?
    public var trainImages: Int?
    public var indexHidden: Int?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case layers, hidden, batchNorm = "batch-norm", indexDimension = "index-dimension", shiftScaleHidden = "shift-scale-hidden"
        case priorHidden = "prior-hidden", posteriorHidden = "posterior-hidden", variant, activation, logScaleLimit = "log-scale-limit"
        case learningRate = "learning-rate", batchSize = "batch-size", epochs, patience, trainDraws = "train-draws"
        case validationSamples = "validation-samples", gradientClip = "gradient-clip", maxRecoveries = "max-recoveries", seed
        case snapshotEpochs = "snapshot-epochs", batchNormStatistics = "batch-norm-statistics"
        case couplerBlocks = "coupler-blocks", couplerHidden = "coupler-hidden", trainImages = "train-images", indexHidden = "index-hidden"
    }

    /// The keys a configuration file may use.
    public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// Values set here win over `other`'s.
    public func overriding(_ other: ConfigurationOverrides) -> ConfigurationOverrides {
        var merged = other
        let mirror = self
        merged.layers = mirror.layers ?? other.layers
        merged.hidden = mirror.hidden ?? other.hidden
        merged.batchNorm = mirror.batchNorm ?? other.batchNorm
        merged.indexDimension = mirror.indexDimension ?? other.indexDimension
        merged.shiftScaleHidden = mirror.shiftScaleHidden ?? other.shiftScaleHidden
        merged.priorHidden = mirror.priorHidden ?? other.priorHidden
        merged.posteriorHidden = mirror.posteriorHidden ?? other.posteriorHidden
        merged.variant = mirror.variant ?? other.variant
        merged.activation = mirror.activation ?? other.activation
        merged.logScaleLimit = mirror.logScaleLimit ?? other.logScaleLimit
        merged.learningRate = mirror.learningRate ?? other.learningRate
        merged.batchSize = mirror.batchSize ?? other.batchSize
        merged.epochs = mirror.epochs ?? other.epochs
        merged.patience = mirror.patience ?? other.patience
        merged.trainDraws = mirror.trainDraws ?? other.trainDraws
        merged.validationSamples = mirror.validationSamples ?? other.validationSamples
        merged.gradientClip = mirror.gradientClip ?? other.gradientClip
        merged.maxRecoveries = mirror.maxRecoveries ?? other.maxRecoveries
        merged.seed = mirror.seed ?? other.seed
        merged.snapshotEpochs = mirror.snapshotEpochs ?? other.snapshotEpochs
        merged.batchNormStatistics = mirror.batchNormStatistics ?? other.batchNormStatistics
        merged.couplerBlocks = mirror.couplerBlocks ?? other.couplerBlocks
        merged.couplerHidden = mirror.couplerHidden ?? other.couplerHidden
        merged.trainImages = mirror.trainImages ?? other.trainImages
        merged.indexHidden = mirror.indexHidden ?? other.indexHidden
        return merged
    }

    /// The defaults with these values laid over them.
    public func apply(to model: ModelSpecification, _ training: TrainingConfiguration) -> (ModelSpecification, TrainingConfiguration) {
        var model = model, training = training
        if let layers { model.layerCount = layers }
        if let hidden { model.hiddenCounts = hidden }
        if let batchNorm { model.usesBatchNorm = batchNorm }
        if let indexDimension { model.indexDimension = indexDimension }
        if let shiftScaleHidden { model.shiftScaleHiddenCounts = shiftScaleHidden }
        if let priorHidden { model.indexPriorHiddenCounts = priorHidden }
        if let posteriorHidden { model.indexPosteriorHiddenCounts = posteriorHidden }
        if let variant { model.variant = variant }
        if let activation { model.activation = activation }
        if let logScaleLimit { model.logScaleLimit = logScaleLimit }
        if let learningRate { training.learningRate = learningRate }
        if let batchSize { training.batchSize = batchSize }
        if let epochs { training.maximumEpochs = epochs }
        if let patience { training.patience = patience }
        if let trainDraws { training.trainDrawCount = trainDraws }
        if let validationSamples { training.validationImportanceSamples = validationSamples }
        if let gradientClip { training.maximumGradientNorm = gradientClip }
        if let maxRecoveries { training.maximumRecoveries = maxRecoveries }
        if let seed { training.seed = seed }
        if let snapshotEpochs { training.snapshotEpochs = snapshotEpochs }
        if let batchNormStatistics { training.batchNormStatistics = batchNormStatistics }
        return (model, training)
    }

    /// Reads a YAML (`.yaml`, `.yml`) or JSON (`.json`) file of overrides; unknown and repeated keys are
    /// errors, and YAML aliases are bounded (`ConfigurationFileCheck`).
    public static func read(path: String) throws -> ConfigurationOverrides {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExperimentError.configurationFile(path: path, reason: "the file does not exist or cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self)
        let isJSON = path.lowercased().hasSuffix(".json")
        // Structure first (size, duplicate keys, alias expansion), so nothing large is ever built.
        let topLevelKeys = isJSON ? try ConfigurationFileCheck.topLevelKeys(json: data, path: path)
                                  : try ConfigurationFileCheck.topLevelKeys(yaml: text, byteCount: data.count, path: path)
        for key in topLevelKeys.sorted() where !keys.contains(key) {
            throw ExperimentError.unknownConfigurationKey(path: path, key: key, known: keys)
        }
        do {
            return isJSON ? try JSONDecoder().decode(ConfigurationOverrides.self, from: data) : try YAMLDecoder().decode(ConfigurationOverrides.self, from: text)
        } catch let error as DecodingError {
            throw ExperimentError.configurationFile(path: path, reason: describe(error))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "key \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\": expected a value of type \(type)"
        case .dataCorrupted(let context):
            return "key \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\": \(context.debugDescription)"
        case .keyNotFound(let key, _):
            return "missing key \"\(key.stringValue)\""
        @unknown default:
            return "\(error)"
        }
    }
}
