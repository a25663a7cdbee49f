import Flows
import Networks

/// What a hyperparameter applies to: an image run refuses the vector models' keys and a vector run the image
/// models' ones, rather than ignore them.
public enum HyperparameterScope: Sendable, Equatable {
    /// The MADE / coupling networks of vector (tabular and 2-D) models.
    case vectorModel
    /// The ResNet couplers and training subset of image models.
    case imageModel
    /// The indexed layers of localised models, vector or image.
    case localisedModel
    /// Optimisation, early stopping, estimation and seeding: every model.
    case training
}

/// Where a hyperparameter's value lands in the resolved configuration (`configuration.json`): a field of the vector
/// model's `ModelSpecification`, of `TrainingConfiguration`, of an image run's `ImageExperiment`, or the same field of
/// both models' indexed layers. The part it lands in also decides the hyperparameter's scope.
public struct HyperparameterField<Value: HyperparameterValue>: Sendable {
    let scope: HyperparameterScope
    let read: @Sendable (HyperparameterTargets) -> Value?
    let write: @Sendable (inout HyperparameterTargets, Value) -> Void
    /// Gives the second targets the first's value, absent (`nil`) included: what `neutralize` sets a field with.
    let copy: @Sendable (HyperparameterTargets, inout HyperparameterTargets) -> Void

    /// A field of the vector model, e.g. `.model(\.layerCount)`.
    public static func model(_ field: any WritableKeyPath<ModelSpecification, Value> & Sendable) -> Self {
        Self(.vectorModel, in: \.model, field)
    }

    /// An optional field of the vector model (`nil`: the option is off).
    public static func model(_ field: any WritableKeyPath<ModelSpecification, Value?> & Sendable) -> Self {
        Self(.vectorModel, in: \.model, optional: field)
    }

    /// A field of a neural spline flow's splines, e.g. `.spline(\.binCount)`: it lands only in a model with spline steps
    /// (one with affine steps has none, and `ConfigurationOverrides.checkSplineKeys(for:)` refuses the values given for it).
    public static func spline(_ field: any WritableKeyPath<SplineSpecification, Value> & Sendable) -> Self {
        // Key paths through optional chaining (`\.model?.spline`) are read-only, so the spline reaches through by hand.
        Self(scope: .vectorModel, read: { $0.model?.spline?[keyPath: field] }, write: { $0.model?.spline?[keyPath: field] = $1 },
             copy: { source, targets in if let value = source.model?.spline?[keyPath: field] { targets.model?.spline?[keyPath: field] = value } })
    }

    /// A training setting, e.g. `.training(\.batchSize)`.
    public static func training(_ field: any WritableKeyPath<TrainingConfiguration, Value> & Sendable) -> Self {
        Self(.training, in: \.training, field)
    }

    /// An optional training setting (`nil`: off, e.g. no early stopping).
    public static func training(_ field: any WritableKeyPath<TrainingConfiguration, Value?> & Sendable) -> Self {
        Self(.training, in: \.training, optional: field)
    }

    /// A field of an image run's model or subset, e.g. `.image(\.specification.couplerBlocks)`.
    public static func image(_ field: any WritableKeyPath<ImageExperiment, Value> & Sendable) -> Self {
        Self(.imageModel, in: \.image, field)
    }

    /// A field of the indexed layers of either model, e.g. `.indexedLayers(\.normalization)`: it lands in the model the
    /// run builds.
    public static func indexedLayers(_ field: any WritableKeyPath<IndexedLayerSetup, Value> & Sendable) -> Self {
        Self(scope: .localisedModel,
             read: { $0.model?.indexedLayers[keyPath: field] ?? $0.image?.specification.indexedLayers[keyPath: field] },
             write: { targets, value in
                 targets.model?.indexedLayers[keyPath: field] = value
                 targets.image?.specification.indexedLayers[keyPath: field] = value
             },
             copy: { source, targets in
                 guard let value = source.model?.indexedLayers[keyPath: field] ?? source.image?.specification.indexedLayers[keyPath: field] else { return }
                 targets.model?.indexedLayers[keyPath: field] = value
                 targets.image?.specification.indexedLayers[keyPath: field] = value
             })
    }

    /// An optional field of an image run (`nil`: off, e.g. every training image).
    public static func image(_ field: any WritableKeyPath<ImageExperiment, Value?> & Sendable) -> Self {
        Self(.imageModel, in: \.image, optional: field)
    }
}

extension HyperparameterField {
    /// `field` of the targets' `part`, read and written only where the part is present; a copy leaves the
    /// field alone where the source has no part to take it from.
    fileprivate init<Part>(_ scope: HyperparameterScope, in part: any WritableKeyPath<HyperparameterTargets, Part?> & Sendable,
                           _ field: any WritableKeyPath<Part, Value> & Sendable) {
        self.init(scope: scope, read: { $0[keyPath: part]?[keyPath: field] }, write: { $0[keyPath: part]?[keyPath: field] = $1 },
                  copy: { source, targets in if let value = source[keyPath: part]?[keyPath: field] { targets[keyPath: part]?[keyPath: field] = value } })
    }

    /// An optional `field` of the targets' `part`: as above, except that a copy carries an absent value (`nil`: the
    /// option off) over too.
    fileprivate init<Part>(_ scope: HyperparameterScope, in part: any WritableKeyPath<HyperparameterTargets, Part?> & Sendable,
                           optional field: any WritableKeyPath<Part, Value?> & Sendable) {
        self.init(scope: scope, read: { $0[keyPath: part]?[keyPath: field] }, write: { $0[keyPath: part]?[keyPath: field] = $1 },
                  copy: { source, targets in if let whole = source[keyPath: part] { targets[keyPath: part]?[keyPath: field] = whole[keyPath: field] } })
    }
}

/// The parts of a configuration that hyperparameters land in. An absent part (the image model of a vector run,
/// the vector model of an image run, or all but the training settings when those are checked alone) is skipped.
struct HyperparameterTargets {
    var model: ModelSpecification?
    var training: TrainingConfiguration?
    var image: ImageExperiment?

    /// Fixed values of every part (the types' defaults where they have them), which `neutralize` copies from.
    static let reference = HyperparameterTargets(
        model: ModelSpecification(kind: .maf, dimension: 1, layerCount: 1, hiddenCounts: [1]),
        training: TrainingConfiguration(),
        image: ImageExperiment(specification: ImageModelSpecification(kind: .realNVP, imageShape: ImageShape(channels: 1, height: 2, width: 2))))
}
