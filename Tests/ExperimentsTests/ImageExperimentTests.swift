import Foundation
import Testing
import Tensors
import Networks
import Flows
import Datasets
import TestSupport
@testable import Configurations
@testable import Runs
@testable import Training

struct ImageExperimentTests {
    /// `count` seeded random images of 1 × 4 × 4.
    static func stack(_ count: Int, seed: UInt64) -> ImageStack {
        var g = SplitMix64(seed: seed)
        return ImageStack(count: count, channels: 1, height: 4, width: 4, pixels: (0..<(count * 16)).map { _ in UInt8.random(in: 0...255, using: &g) })
    }

    /// A tiny image run's configuration: 1 × 4 × 4 images, couplers of 1 block × 4 channels, small LGF networks.
    static func configuration(_ kind: ModelKind, epochs: Int = 2, path: String = "tiny.npy") -> ExperimentConfiguration {
        let specification = ImageModelSpecification(kind: kind, imageShape: ImageShape(channels: 1, height: 4, width: 4), couplerBlocks: 1, couplerHidden: 4,
                                                    indexBlocks: 1, indexHidden: 4, shiftScaleBlocks: 1, shiftScaleHidden: 4, logitLambda: 1e-6)
        let image = ImageExperiment(specification: specification)
        var training = ImageExperiment.paperTraining()
        (training.batchSize, training.maximumEpochs, training.learningRate, training.validationImportanceSamples, training.seed) = (10, epochs, 1e-3, 3, 4)
        var configuration = ExperimentConfiguration(data: .imageFile(path: path), model: image.summaryModel, training: training)
        configuration.image = image
        return configuration
    }

    @Test func dequantisedPixelsLieInTheirUnitIntervalAndQuantiseBack() {
        let stack = Self.stack(5, seed: 7)
        var g = SplitMix64(seed: 8)
        let x = stack.dequantized([4, 0, 2], using: &g)
        #expect(x.shape == [3, 16])
        let values = x.doubles
        for (row, index) in [4, 0, 2].enumerated() {
            for (feature, pixel) in stack.image(index).enumerated() {
                let value = values[row * 16 + feature]
                #expect(value >= Double(pixel) && value < Double(pixel) + 1)
            }
        }
        // ⌊x⌋ gives the pixels back, and the noise is fresh for every call but fixed by the seed.
        #expect(ImageStack.quantized(values, count: 3, channels: 1, height: 4, width: 4).pixels == Array(stack.image(4) + stack.image(0) + stack.image(2)))
        var again = SplitMix64(seed: 8)
        #expect(stack.dequantized([4, 0, 2], using: &again).doubles == values)
        #expect(stack.dequantized([4, 0, 2], using: &again).doubles != values)
        let noise = zip(values, ImageStack.quantized(values, count: 3, channels: 1, height: 4, width: 4).pixels).map { $0 - Double($1) }
        #expect(abs(noise.reduce(0, +) / Double(noise.count) - 0.5) < 0.1, "U[0, 1) noise has mean ½ (48 draws)")
    }

    @Test func theTopPixelStaysBelow256EvenWhenTheNoiseRoundsUp() {
        /// A generator whose every draw is the largest 53-bit value, u = 1 − 2⁻⁵³.
        struct Largest: RandomNumberGenerator { mutating func next() -> UInt64 { UInt64.max } }
        var g = Largest()
        let x = ImageStack(count: 1, channels: 1, height: 1, width: 2, pixels: [255, 0]).dequantized([0], using: &g).scalars
        #expect(x[0] < 256 && x[0] >= 255 && x[1] < 1)
        #expect(ImageStack.quantized([-3, 255.9, 300, .nan], count: 1, channels: 1, height: 2, width: 2).pixels == [0, 255, 255, 0])
    }

    @Test func aUserFileIsCarvedInFileOrderAndASubsetKeepsTheTenPercentRule() throws {
        let stack = Self.stack(100, seed: 9)
        let carved = try ImageData.carved(stack, name: "x.npy", source: "x.npy")
        #expect((carved.train.count, carved.validation.count, carved.test.count) == (81, 9, 10))
        #expect(carved.test.pixels == stack.images(in: 90..<100).pixels && carved.validation.pixels == stack.images(in: 81..<90).pixels)
        #expect(throws: DatasetError.self) { try ImageData.carved(Self.stack(9, seed: 1), name: "x", source: "x") }
        let folder = ExperimentFixtures.scratchFolder("image-file")
        let path = folder + "/images.npy"
        try Self.npy(stack).write(to: URL(fileURLWithPath: path))
        let subset = try ImageData.load(.imageFile(path: path), trainingImageLimit: 50)
        #expect((subset.train.count, subset.validation.count, subset.test.count) == (45, 5, 10))
        #expect(subset.validation.pixels == stack.images(in: 45..<50).pixels, "validation is the last 10 % of the first 50 training-file images")
    }

    /// A uint8 `.npy` file of the stack, N × C × H × W.
    static func npy(_ stack: ImageStack) -> Data {
        var header = "{'descr': '|u1', 'fortran_order': False, 'shape': (\(stack.count), \(stack.channels), \(stack.height), \(stack.width)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let length = UInt16(header.utf8.count)
        return Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8) + stack.pixels)
    }

    @Test(arguments: [ModelKind.realNVP, .lgfRealNVP])
    func chunkedEstimatesEqualOneCallOverAllPoints(kind: ModelKind) throws {
        var g = SplitMix64(seed: 10)
        let model = try ImageModelBuilder.build(Self.configuration(kind).image!.specification, using: &g)
        model.setMode(.evaluation)
        var noise = SplitMix64(seed: 11)
        let x = Self.stack(7, seed: 12).dequantized(Array(0..<7), using: &noise)
        var first = SplitMix64(seed: 13), second = SplitMix64(seed: 13)
        var calls: [Int] = []
        let chunked = try model.logLikelihood(x, importanceSamples: 4, inChunksOf: 8, using: &first) { done, _ in calls.append(done) }
        let whole = try model.logLikelihood(x, importanceSamples: 4, rowsPerPass: 8, using: &second)
        #expect(chunked.values == whole.values && chunked.standardErrors == whole.standardErrors)
        #expect(calls == (kind.isLocalised ? [2, 4, 6, 7] : [7]), "two points of four draws per pass; an exact model takes eight points")
    }

    @Test func anIdentityFlowOnDequantisedPixelsGivesTheClosedFormBitsPerDimension() throws {
        // Only the logit pre-transform and N(0, I): each pixel contributes log φ(y) + log((1 − 2λ)/256) − log p − log(1 − p).
        let lambda = 1e-6
        let flow = FlowDensity(steps: [.bijection(LogitTransformBijection(lambda: lambda))], eventShape: [1, 4, 4])
        var g = SplitMix64(seed: 14)
        let x = Self.stack(6, seed: 15).dequantized(Array(0..<6), using: &g)
        let estimate = try flow.logLikelihood(x, importanceSamples: 1, inChunksOf: 4, using: &g)
        let values = x.doubles
        let expected = (0..<6).map { row in
            (0..<16).reduce(0.0) { sum, i in
                let p = lambda + (1 - 2 * lambda) * values[row * 16 + i] / 256
                let y = Foundation.log(p / (1 - p))
                return sum - 0.5 * y * y - 0.5 * Foundation.log(2 * .pi) + Foundation.log((1 - 2 * lambda) / 256) - Foundation.log(p) - Foundation.log(1 - p)
            }
        }
        // float32 logits of values near 0 and 256: a few parts in 10⁶ of each term.
        #expect(isApproximatelyEqual(estimate.values, expected, tolerance: 1e-2, relative: 1e-5))
        let bits = estimate.bitsPerDimension(dimension: 16).mean
        #expect(abs(bits - (-expected.reduce(0, +) / 6 / (16 * Foundation.log(2.0)))) < 1e-4)
    }

    @Test func anImageConfigurationRoundTripsAndOldRunsDecodeWithoutOne() throws {
        let configuration = Self.configuration(.lgfRealNVP)
        let decoded = try JSONDecoder().decode(ExperimentConfiguration.self, from: JSONEncoder().encode(configuration))
        #expect(decoded == configuration && decoded.image?.specification.couplerHidden == 4)
        let tabular = ExperimentFixtures.tinyConfiguration(kind: .maf)
        let text = String(decoding: try JSONEncoder().encode(tabular), as: UTF8.self)
        #expect(!text.contains("\"image\""), "a vector run's configuration.json is written as before")
        #expect(try JSONDecoder().decode(ExperimentConfiguration.self, from: Data(text.utf8)).image == nil)
    }

    @Test func anImageRunResumedAfterOneEpochRepeatsTheUninterruptedRun() throws {
        let path = ExperimentFixtures.scratchFolder("image-resume") + "/tiny.npy"
        try Self.npy(Self.stack(60, seed: 1)).write(to: URL(fileURLWithPath: path))
        let configuration = Self.configuration(.lgfRealNVP, path: path)
        let images = try configuration.loadImages()
        #expect((images.train.count, images.validation.count, images.test.count) == (49, 5, 6))
        let whole = RunFolder(path: ExperimentFixtures.scratchFolder("image-whole"))
        try Trainer(configuration: configuration, images: images, run: whole).train()
        let parted = RunFolder(path: ExperimentFixtures.scratchFolder("image-parted"))
        let log = ScriptedLog()
        log.stopAfterEpoch = 1
        #expect(try Trainer(configuration: configuration, images: images, run: parted, log: log).train().epochs == 1)
        try Trainer(configuration: configuration, images: images, run: parted).train(resuming: true)
        let records = try whole.readMetrics()
        #expect(records.count == 2 && records.allSatisfy { $0.trainObjective.isFinite && $0.validation.isFinite })
        #expect(ExperimentFixtures.timeless(try parted.readMetrics()) == ExperimentFixtures.timeless(records))
        // The best checkpoint loads into a model that scores test images.
        let loaded = try LoadedRun(folder: whole)
        let report = try ImageRunEvaluator.score(loaded, file: nil, importanceSamples: 2).report
        #expect(report.points == 6 && report.bitsPerDimension.isFinite && report.bitsPerDimension > 0)
    }

    @Test(arguments: [ModelKind.realNVP, .lgfRealNVP])
    func theResourceEstimateCountsTheBuiltParametersAndRefusesAbsurdSizes(kind: ModelKind) throws {
        for hidden in [4, 16] {
            var configuration = Self.configuration(kind)
            configuration.image?.specification.couplerHidden = hidden
            var g = SplitMix64(seed: 16)
            let built = Double(try configuration.buildModel(using: &g).parameterCount)
            let estimate = ResourceEstimate(configuration).parameters
            #expect(abs(estimate - built) / built < 0.1, "estimated \(estimate), built \(built)")
        }
        // The paper's Fashion-MNIST models fit the default limit at batch 100; a million-channel coupler does not.
        var paper = Self.configuration(kind)
        paper.image?.specification = .paper(kind, imageShape: ImageShape(channels: 1, height: 28, width: 28), couplerBlocks: kind.isLocalised ? 4 : 8, logitLambda: 1e-6)
        paper.training.batchSize = 100
        try ResourceLimits.standard.check(paper)
        paper.image?.specification.couplerHidden = 1_000_000
        #expect(throws: ExperimentError.self) { try ResourceLimits.standard.check(paper) }
    }
}
