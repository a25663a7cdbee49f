import Tensors
import Flows
import Datasets
import Configurations

extension LoadedRun {
    /// Images drawn from an image run's model by the generative process (z ~ N(0, I), then every step inverted:
    /// the logit's inverse brings values back to [0, 256)), quantised to pixels by ⌊x⌋ clamped to 0…255, the inverse
    /// of dequantisation. Drawn `batchSize` at a time.
    /// - Throws: `.unsupported` for a vector run; `.invalidHyperparameter` for a non-positive count; `.exceedsResourceLimit`
    ///   before anything is drawn when the images would not fit under `limits`.
    public func sampleImages(count: Int, batchSize: Int = 64, using generator: inout SplitMix64) throws -> ImageStack {
        guard let image = configuration.image else { throw ExperimentError.unsupported("\(folder.path) is not an image run") }
        guard count > 0 else { throw ExperimentError.invalidHyperparameter(name: "sample count", value: "\(count)", requirement: "must be positive") }
        let shape = image.specification.imageShape
        try limits.checkSamples(count: Double(count), valuesEach: shape.featureCount,
                                what: "drawing \(count) images of \(shape.channels)×\(shape.height)×\(shape.width)")
        var values: [Double] = []
        values.reserveCapacity(count * shape.featureCount)
        var drawn = 0
        while drawn < count {
            let n = min(batchSize, count - drawn)
            values += try model.sample(count: n, generator: &generator).doubles
            drawn += n
        }
        return ImageStack.quantized(values, count: count, channels: shape.channels, height: shape.height, width: shape.width)
    }
}
