import Testing
import Datasets
@testable import Benchmarks
import Tensors

/// The image benchmark's figures are consistent with one another and its batches are what the reference feeds
/// (speed itself is measured by `lgf bench`, not by tests).
struct ImageFlowBenchmarkTests {
    /// Six 1 × 4 × 4 images with pixels 0, 17, 34, … (mod 256).
    static let images = ImageStack(count: 6, channels: 1, height: 4, width: 4, pixels: (0..<96).map { UInt8(($0 * 17) % 256) })

    static func benchmark(_ model: FlowBenchmarkModel) -> ImageFlowBenchmark {
        var benchmark = ImageFlowBenchmark(dataset: .fashionMNIST, model: model, images: images, imageFile: "tiny")
        benchmark.couplerBlocks = 0
        benchmark.batch = 4
        benchmark.warmup = 1
        benchmark.steps = 2
        return benchmark
    }

    @Test func batchesAreDequantisedPixelsThatWrapAround() {
        var generator = SplitMix64(seed: 3)
        let batch = Self.benchmark(.realNVP).dequantisedBatch(startingAt: 4, count: 4, using: &generator)
        #expect(batch.shape == [4, 1, 4, 4])
        let values = batch.doubles
        // Images 4, 5, then 0, 1: each pixel p becomes p + U[0, 1) (float32 may round p + 0.99999994 up to p + 1).
        for (slot, image) in [4, 5, 0, 1].enumerated() {
            for (offset, pixel) in Self.images.image(image).enumerated() {
                let value = values[slot * 16 + offset]
                #expect(value >= Double(pixel) && value <= Double(pixel) + 1, "image \(image) pixel \(offset): \(value) from \(pixel)")
            }
        }
        #expect(Set(values.map { $0 - $0.rounded(.down) }).count > 40, "the noise varies from pixel to pixel")
    }

    @Test func trainingFiguresAreConsistent() throws {
        let result = try Self.benchmark(.realNVP).train()
        #expect(result.phase == "train" && result.imagesPerStep == 4 && result.timedSteps == 2 && result.couplerBlocks == 0)
        #expect(result.imagesPerCPUSecond > 0 && result.imagesPerCPUSecond.isFinite)
        #expect(result.stepMillisecondsFastest > 0 && result.stepMillisecondsFastest <= result.stepMilliseconds)
        #expect(abs(result.imagesPerSecond * result.stepMilliseconds / 1000 - 4) < 1e-9)
        #expect(result.meanObjective.isFinite && result.peakResidentMiB > 0)
    }

    @Test func localisedEvaluationSharesOnePassAmongKDrawsPerImage() throws {
        var benchmark = Self.benchmark(.lgfRealNVP)
        benchmark.importanceSamples = 2
        let result = try benchmark.evaluate()
        #expect(result.phase == "evaluate" && result.importanceSamples == 2 && result.imagesPerStep == 2)
        #expect(result.meanObjective.isFinite && result.imagesPerCPUSecond > 0)
        let exact = try Self.benchmark(.realNVP).evaluate()
        #expect(exact.importanceSamples == 1 && exact.imagesPerStep == 4 && exact.meanObjective.isFinite)
    }

    @Test func defaultCouplerBlocksAreTheReferenceDefaults() {
        let images = Self.images
        #expect(ImageFlowBenchmark(dataset: .cifar10, model: .realNVP, images: images, imageFile: "").resolvedCouplerBlocks == 8)
        #expect(ImageFlowBenchmark(dataset: .cifar10, model: .lgfRealNVP, images: images, imageFile: "").specification.couplerBlocks == 4)
        #expect(ImageFlowBenchmark(dataset: .cifar10, model: .lgfRealNVP, images: images, imageFile: "").specification.logitLambda == 0.05)
    }
}
