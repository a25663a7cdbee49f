import FileSystem
import Flows
import Foundation
import Networks
import Yams

/// Hyperparameters given by a configuration file (YAML or JSON) or by command-line flags, each optional;
/// `apply(to:_:)` lays them over the defaults (flags over file over defaults).
///
/// Keys (the same in YAML, JSON, sweep grids and as the CLI's flag names), coding, merging and application all come
/// from the one table `Hyperparameters.all`. A value is read and set through its entry, by name:
/// `overrides.learningRate` is `overrides[Hyperparameters.learningRate]`.
@dynamicMemberLookup
public struct ConfigurationOverrides: Sendable, Codable, Equatable {
    /// The given values by key; only entries of the table put values here, each of its own type.
    private var values: [String: any HyperparameterValue] = [:]

    public init() {}

    /// The value given for `entry`, `nil` when none is.
    public subscript<Value>(_ entry: Hyperparameter<Value>) -> Value? {
        get { values[entry.key] as? Value }
        set { values[entry.key] = newValue }
    }

    /// `overrides.epochs` for `overrides[Hyperparameters.epochs]`.
    public subscript<Value>(dynamicMember entry: KeyPath<Hyperparameters.Type, Hyperparameter<Value>>) -> Value? {
        get { self[Hyperparameters.self[keyPath: entry]] }
        set { self[Hyperparameters.self[keyPath: entry]] = newValue }
    }

    /// The keys a configuration file may use (`Hyperparameters.all`).
    public static var keys: [String] { Hyperparameters.all.map(\.key) }

    /// The keys given here, in the table's order.
    public var givenKeys: [String] { Hyperparameters.all.filter { $0.isGiven(in: self) }.map(\.key) }

    /// The keys whose values differ between these overrides and `other` (a key given on one side only counts).
    public func keys(differingFrom other: ConfigurationOverrides) -> [String] {
        Hyperparameters.all.filter { !$0.base.hasSameValue(in: self, and: other) }.map(\.key)
    }

    public static func == (lhs: ConfigurationOverrides, rhs: ConfigurationOverrides) -> Bool {
        lhs.keys(differingFrom: rhs).isEmpty
    }

    /// These overrides without the value given for `key`, which then takes its default.
    public func removing(_ key: String) -> ConfigurationOverrides {
        var removed = self
        removed.values[key] = nil
        return removed
    }

    /// Values set here win over `other`'s.
    public func overriding(_ other: ConfigurationOverrides) -> ConfigurationOverrides {
        var merged = self
        for entry in Hyperparameters.all { entry.base.copyIfUnset(into: &merged, from: other) }
        return merged
    }

    /// The defaults with these values laid over them: the vector models' keys and the training keys (an image run
    /// goes through `apply(to:_:)` of `ImageExperiment`, which refuses the vector keys).
    public func apply(to model: ModelSpecification, _ training: TrainingConfiguration) -> (ModelSpecification, TrainingConfiguration) {
        var targets = HyperparameterTargets(model: model, training: training, image: nil)
        land(in: &targets)
        return (model: targets.model ?? model, training: targets.training ?? training)
    }

    /// Puts every given value into its field of `targets`.
    func land(in targets: inout HyperparameterTargets) {
        for entry in Hyperparameters.all { entry.base.land(self, in: &targets) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: HyperparameterKey.self)
        for entry in Hyperparameters.all { try entry.base.decode(into: &self, from: container) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: HyperparameterKey.self)
        for entry in Hyperparameters.all { try entry.base.encode(self, into: &container) }
    }

    /// Reads a YAML (`.yaml`, `.yml`) or JSON (`.json`) file of overrides; unknown and repeated keys are
    /// errors, and YAML aliases are bounded (`ConfigurationFileCheck`).
    /// - Throws: `ExperimentError.configurationFile` naming the file and saying whether it is missing, unreadable or
    ///   malformed (and where: the key, the value found and what it takes); `.unknownConfigurationKey`.
    public static func read(path: String) throws -> ConfigurationOverrides {
        let data: Data
        do throws(FileSystemError) {
            data = try FileContents.read(path)
        } catch {
            throw ExperimentError.configurationFile(path: path, reason: error.reason)
        }
        let text = String(decoding: data, as: UTF8.self)
        let isJSON = path.lowercased().hasSuffix(".json")
        // Structure first (size, duplicate keys, alias expansion), so nothing large is ever built.
        let entries = isJSON ? try ConfigurationFileCheck.entries(json: data, path: path) : try ConfigurationFileCheck.entries(yaml: data, path: path)
        for key in entries.map(\.key).sorted() where !keys.contains(key) {
            throw ExperimentError.unknownConfigurationKey(path: path, key: key, known: keys)
        }
        do {
            return isJSON ? try JSONDecoder().decode(ConfigurationOverrides.self, from: data) : try YAMLDecoder().decode(ConfigurationOverrides.self, from: text)
        } catch let error as DecodingError {
            throw ExperimentError.configurationFile(path: path, reason: ConfigurationFileCheck.mismatch(error, in: entries) ?? error.summary)
        }
    }
}
