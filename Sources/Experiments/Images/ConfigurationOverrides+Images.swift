import Flows

extension ConfigurationOverrides {
    /// The keys that only vector models have; an image run refuses them rather than ignore them.
    public var vectorModelKeys: [String] {
        let given: [(String, Bool)] = [
            ("layers", layers != nil), ("hidden", hidden != nil), ("batch-norm", batchNorm != nil), ("index-dimension", indexDimension != nil),
            ("shift-scale-hidden", shiftScaleHidden != nil), ("prior-hidden", priorHidden != nil), ("posterior-hidden", posteriorHidden != nil),
            ("variant", variant != nil), ("activation", activation != nil), ("log-scale-limit", logScaleLimit != nil),
        ]
        return given.filter(\.1).map(\.0)
    }

    /// The keys that only image models have.
    public var imageModelKeys: [String] {
        [("coupler-blocks", couplerBlocks != nil), ("coupler-hidden", couplerHidden != nil), ("train-images", trainImages != nil), ("index-hidden", indexHidden != nil)].filter(\.1).map(\.0)
    }

    /// The image run's defaults with these values laid over them: the model's coupler sizes and the training subset
    /// from the image keys, the training settings from the shared ones.
    /// - Throws: `ExperimentError.unsupported` naming any key of vector models (`hidden`, `layers`, …), which an
    ///   image model does not have.
    public func apply(to image: ImageExperiment, _ training: TrainingConfiguration) throws -> (ImageExperiment, TrainingConfiguration) {
        let refused = vectorModelKeys
        guard refused.isEmpty else {
            throw ExperimentError.unsupported("\(refused.joined(separator: ", ")) set the vector models' networks; an image model takes "
                + "coupler-blocks, coupler-hidden, index-hidden and train-images instead")
        }
        var image = image
        if let couplerBlocks { image.specification.couplerBlocks = couplerBlocks }
        if let couplerHidden { image.specification.couplerHidden = couplerHidden }
        if let trainImages { image.trainingImageLimit = trainImages }
        if let indexHidden { image.specification.indexHidden = indexHidden }
        let (_, training) = apply(to: image.summaryModel, training)
        return (image, training)
    }
}
