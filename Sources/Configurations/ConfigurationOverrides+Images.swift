import Flows

extension ConfigurationOverrides {
    /// The keys that only vector models have, given here; an image run refuses them rather than ignore them.
    public var vectorModelKeys: [String] { Hyperparameter.all.filter { $0.scope == .vectorModel && $0.isSet(self) }.map(\.key) }

    /// The keys that only image models have, given here.
    public var imageModelKeys: [String] { Hyperparameter.all.filter { $0.scope == .imageModel && $0.isSet(self) }.map(\.key) }

    /// The image run's defaults with these values laid over them: the model's coupler sizes and the training subset
    /// from the image keys, the training settings from the shared ones.
    /// - Throws: `ExperimentError.unsupported` naming any key of vector models (`hidden`, `layers`, …), which an
    ///   image model does not have.
    public func apply(to image: ImageExperiment, _ training: TrainingConfiguration) throws -> (ImageExperiment, TrainingConfiguration) {
        let refused = vectorModelKeys
        guard refused.isEmpty else {
            let imageKeys = Hyperparameter.all.filter { $0.scope == .imageModel }.map(\.key)
            throw ExperimentError.unsupported("\(refused.joined(separator: ", ")) set the vector models' networks; an image model takes "
                + "\(imageKeys.dropLast().joined(separator: ", ")) and \(imageKeys.last ?? "") instead")
        }
        var targets = HyperparameterTargets(model: image.summaryModel, training: training, image: image)
        for hyperparameter in Hyperparameter.all where hyperparameter.scope != .vectorModel { hyperparameter.land(self, &targets) }
        guard let image = targets.image else { throw ExperimentError.unsupported("internal error: the image model was lost") }
        return (image, targets.training)
    }
}
