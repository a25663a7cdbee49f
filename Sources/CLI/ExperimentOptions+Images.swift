import ArgumentParser
import Datasets
import Flows
import Networks
import Configurations

extension ExperimentOptions {
    /// The configuration of an image run: the paper's defaults for images of the source's shape, then the
    /// configuration file, then the flags. A catalogue dataset's files are read only when `readingFiles`; a user's
    /// `.npy` always (its shape decides the model).
    func resolveImages(_ source: DataSource, overrides: ConfigurationOverrides, readingFiles: Bool) throws -> (Resolved, ImageDataset?) {
        let named = model ?? .lgfRealNVP
        guard !named.hasSplineSteps else {
            throw ValidationError("--model \(named.rawValue) has spline steps, which image models do not take; use \(ModelName.realNVP.rawValue) or \(ModelName.lgfRealNVP.rawValue)")
        }
        let kind = named.kind
        try overrides.checkIndexedLayerKeys(for: kind)
        let shape: ImageShape, lambda: Double, name: String
        var images: ImageDataset?
        if let catalogueName = source.imageDatasetName {
            (shape, lambda, name) = (catalogueName.imageShape, catalogueName.logitLambda, catalogueName.rawValue)
        } else {
            let loaded = try ImageData.load(source, trainingImageLimit: overrides.trainImages)
            let extents = loaded.imageShape
            (shape, name) = (ImageShape(channels: extents[0], height: extents[1], width: extents[2]), loaded.name)
            lambda = ImageDefaults.logitLambda(channels: extents[0])
            images = loaded
        }
        let defaults = try ImageDefaults.configuration(kind: kind, imageShape: shape, logitLambda: lambda)
        let (image, training) = try overrides.apply(to: defaults.0, defaults.1)
        var configuration = ExperimentConfiguration(data: source, model: image.summaryModel, training: training)
        configuration.image = image
        try configuration.validate()
        try limits.check(configuration)
        if images == nil && readingFiles { images = try configuration.loadImages(limits: limits) }
        return (Resolved(configuration: configuration, dataset: nil, prepared: nil, name: name), images)
    }
}

extension ExperimentOptions {
    /// The configuration of a new image run and its images (read from disk).
    func resolveImageRun() throws -> (ExperimentConfiguration, ImageDataset) {
        let fileOverrides = try config.map(ConfigurationOverrides.read(path:)) ?? ConfigurationOverrides()
        let (resolved, images) = try resolveImages(dataSource, overrides: flagOverrides.overriding(fileOverrides), readingFiles: true)
        guard let images else { throw ExperimentError.unsupported("internal error: the images were not loaded") }
        return (resolved.configuration, images)
    }
}
