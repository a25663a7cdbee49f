import Datasets
import Configurations
import Runs

extension Trainer {
    /// A trainer of an image run (`configuration.image` set): batches are dequantised afresh from `images` with draws
    /// of the trainer's seeded generator, and validation uses K_valid importance samples in passes of
    /// `ImageExperiment.rowsPerPass` rows.
    /// - Throws: configuration errors; `.exceedsResourceLimit` with the estimate; `.unsupported` for a vector run or
    ///   images of another shape than the model's.
    public convenience init(configuration: ExperimentConfiguration, images: ImageDataset, run: RunFolder, log: TrainingLog? = nil,
                            limits: ResourceLimits = .standard) throws {
        try configuration.validate()
        try limits.check(configuration)
        guard let image = configuration.image else {
            throw ExperimentError.unsupported("\(images.name): the configuration has no image model (train images with --model realnvp or lgf-realnvp)")
        }
        let shape = image.specification.imageShape
        guard images.imageShape == [shape.channels, shape.height, shape.width] else {
            throw ExperimentError.unsupported("\(images.name) holds images of \(images.imageShape.map(String.init).joined(separator: "×")), but the model is built for \(shape)")
        }
        try self.init(configuration: configuration, train: .images(images.train), validation: .images(images.validation), run: run, log: log)
    }
}
