import Flows
import Networks

/// One hyperparameter, described once: its key (the same in YAML and JSON configuration files, in sweep grids,
/// and as the CLI's flag `--key`), the field of `ConfigurationOverrides` that holds it, what it applies to, and
/// where its value lands in the resolved configuration (`configuration.json`).
///
/// `ConfigurationOverrides` derives its keys, its coding, its merging and its application from
/// `Hyperparameter.all`; the CLI derives its flag-to-override mapping and the flags `--resume` refuses from it.
/// A new hyperparameter is one entry there (and its flag's help text in the CLI, which a test requires).
public struct Hyperparameter: Sendable {
    /// What a hyperparameter applies to: an image run refuses the vector models' keys and a vector run the image
    /// models' ones, rather than ignore them.
    public enum Scope: Sendable, Equatable {
        /// The MADE / coupling networks of vector (tabular and 2-D) models.
        case vectorModel
        /// The ResNet couplers and training subset of image models.
        case imageModel
        /// The indexed layers of localised models, vector or image.
        case localisedModel
        /// Optimisation, early stopping, estimation and seeding: every model.
        case training
    }

    /// The key in files and sweeps, and the flag's name without its dashes, e.g. `learning-rate`.
    public let key: String
    public let scope: Scope
    let isSet: @Sendable (ConfigurationOverrides) -> Bool
    let fillUnset: @Sendable (inout ConfigurationOverrides, ConfigurationOverrides) -> Void
    let decode: @Sendable (inout ConfigurationOverrides, KeyedDecodingContainer<HyperparameterKey>) throws -> Void
    let encode: @Sendable (ConfigurationOverrides, inout KeyedEncodingContainer<HyperparameterKey>) throws -> Void
    let land: @Sendable (ConfigurationOverrides, inout HyperparameterTargets) -> Void
    let store: @Sendable (inout ConfigurationOverrides, Any) -> Bool

    /// - Parameters:
    ///   - field: where `ConfigurationOverrides` keeps the value (`nil`: not given).
    ///   - land: puts a given value into the configuration it decides.
    init<Value: Codable & Sendable>(_ key: String, _ field: any WritableKeyPath<ConfigurationOverrides, Value?> & Sendable, _ scope: Scope,
                                    land: @escaping @Sendable (Value, inout HyperparameterTargets) -> Void) {
        self.key = key
        self.scope = scope
        isSet = { $0[keyPath: field] != nil }
        fillUnset = { merged, other in
            if merged[keyPath: field] == nil { merged[keyPath: field] = other[keyPath: field] }
        }
        decode = { overrides, container in
            overrides[keyPath: field] = try container.decodeIfPresent(Value.self, forKey: HyperparameterKey(key))
        }
        encode = { overrides, container in
            try container.encodeIfPresent(overrides[keyPath: field], forKey: HyperparameterKey(key))
        }
        self.land = { overrides, targets in
            if let value = overrides[keyPath: field] { land(value, &targets) }
        }
        store = { overrides, value in
            guard let value = value as? Value? else { return false }
            overrides[keyPath: field] = value
            return true
        }
    }

    /// Sets this hyperparameter of `overrides` from a value of its own type (optional or not); `false` when
    /// `value` has another type. The CLI uses it to carry its parsed flags over.
    public func assign(_ value: Any, to overrides: inout ConfigurationOverrides) -> Bool { store(&overrides, value) }

    /// Whether `overrides` gives this hyperparameter.
    public func isGiven(in overrides: ConfigurationOverrides) -> Bool { isSet(overrides) }

    /// The key written in Swift's camel case (`learningRate`), as the CLI's property names are.
    public var propertyName: String {
        let parts = key.split(separator: "-")
        return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }
}

/// What hyperparameters land in: a vector model's specification, the training settings, and for image runs the
/// image model.
struct HyperparameterTargets {
    var model: ModelSpecification
    var training: TrainingConfiguration
    var image: ImageExperiment?
}

/// A configuration file's key.
struct HyperparameterKey: CodingKey {
    let stringValue: String
    init(_ key: String) { stringValue = key }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}
