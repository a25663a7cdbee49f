import Foundation
import Yams
import Flows
import Networks

/// Hyperparameters given by a configuration file (YAML or JSON) or by command-line flags, each optional;
/// `apply(to:)` lays them over the paper's defaults (flags over file over defaults).
///
/// Keys (the same in YAML, JSON, sweep grids and as the CLI's flag names), coding, merging and application all
/// come from the one table `Hyperparameter.all`; the stored properties below are its typed fields.
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
    public var indexNormalization: IndexedLayerNormalization?
    public var indexInitialization: IndexedLayerInitialization?
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

    /// The keys a configuration file may use (`Hyperparameter.all`).
    public static var keys: [String] { Hyperparameter.all.map(\.key) }

    /// The keys given here.
    public var givenKeys: [String] { Hyperparameter.all.filter { $0.isSet(self) }.map(\.key) }

    /// The keys whose values differ between these overrides and `other` (a key given on one side only counts).
    public func keys(differingFrom other: ConfigurationOverrides) -> [String] {
        Hyperparameter.all.filter { hyperparameter in
            var mine = ConfigurationOverrides(), theirs = ConfigurationOverrides()   // this key alone from each side
            hyperparameter.fillUnset(&mine, self)
            hyperparameter.fillUnset(&theirs, other)
            return mine != theirs
        }.map(\.key)
    }

    /// Values set here win over `other`'s.
    public func overriding(_ other: ConfigurationOverrides) -> ConfigurationOverrides {
        var merged = self
        for hyperparameter in Hyperparameter.all { hyperparameter.fillUnset(&merged, other) }
        return merged
    }

    /// The defaults with these values laid over them (the vector models' keys and the training keys; an image
    /// run goes through `apply(to:_:)` of `ImageExperiment`, which refuses the vector keys).
    public func apply(to model: ModelSpecification, _ training: TrainingConfiguration) -> (ModelSpecification, TrainingConfiguration) {
        var targets = HyperparameterTargets(model: model, training: training, image: nil)
        for hyperparameter in Hyperparameter.all where hyperparameter.scope != .imageModel { hyperparameter.land(self, &targets) }
        return (targets.model, targets.training)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: HyperparameterKey.self)
        for hyperparameter in Hyperparameter.all { try hyperparameter.decode(&self, container) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: HyperparameterKey.self)
        for hyperparameter in Hyperparameter.all { try hyperparameter.encode(self, &container) }
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
