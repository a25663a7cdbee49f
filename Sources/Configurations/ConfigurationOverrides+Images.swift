import Flows

extension ConfigurationOverrides {
    /// The keys that only vector models have, given here; an image run refuses them rather than ignore them.
    public var vectorModelKeys: [String] { givenKeys(in: .vectorModel) }

    /// The keys that only image models have, given here; a vector run refuses them.
    public var imageModelKeys: [String] { givenKeys(in: .imageModel) }

    /// The keys of the localised models' indexed layers, given here; a model without indexed layers refuses them.
    public var indexedLayerKeys: [String] { givenKeys(in: .localisedModel) }

    /// Refuses the indexed layers' keys (`index-normalization`, `index-initialization`) for a model without
    /// indexed layers, which would otherwise ignore them.
    /// - Throws: `ExperimentError.unsupported` naming the keys and the model.
    public func checkIndexedLayerKeys(for kind: ModelKind) throws {
        let given = indexedLayerKeys
        guard !kind.isLocalised, !given.isEmpty else { return }
        throw ExperimentError.unsupported("\(given.joined(separator: ", ")) set up the indexed layers of LGF models; \(kind.rawValue) has none")
    }

    private func givenKeys(in scope: HyperparameterScope) -> [String] {
        Hyperparameters.all.filter { $0.scope == scope && $0.isGiven(in: self) }.map(\.key)
    }

    /// The image run's defaults with these values laid over them: the model's coupler sizes and the training subset
    /// from the image keys, the training settings from the shared ones.
    /// - Throws: `ExperimentError.unsupported` naming any key of vector models (`hidden`, `layers`, …), which an
    ///   image model does not have.
    public func apply(to image: ImageExperiment, _ training: TrainingConfiguration) throws -> (ImageExperiment, TrainingConfiguration) {
        let refused = vectorModelKeys
        guard refused.isEmpty else {
            let imageKeys = Hyperparameters.all.filter { $0.scope == .imageModel }.map(\.key)
            throw ExperimentError.unsupported("\(refused.joined(separator: ", ")) set the vector models' networks; an image model takes "
                + "\(imageKeys.dropLast().joined(separator: ", ")) and \(imageKeys.last ?? "") instead")
        }
        var targets = HyperparameterTargets(model: nil, training: training, image: image)
        land(in: &targets)
        return (targets.image ?? image, targets.training ?? training)
    }
}
