import Testing
import Tensors
import Networks
import TestSupport

/// `BatchNorm2d`, and a ResNet built on it, with a batch's images split over replicas (threads standing in for MPI
/// ranks) give what one process with the whole batch gives: outputs, input gradients, the sum of the replicas'
/// parameter gradients (what the step's all-reduce forms) and the running averages.
struct DataParallelBatchNorm2dTests {
    /// What one replica computed from its images, all in Double.
    struct Outcome: Sendable {
        var output: [Double], inputGradient: [Double], parameterGradients: [[Double]], buffers: [[Double]]
    }

    static let imageShape = [3, 2, 3]
    static let imageCount = 7
    static var valuesPerImage: Int { imageShape.reduce(1, *) }

    /// The whole batch (per-channel means and spreads that differ), and the weights of a loss Σ w·y that is a sum
    /// over images, so the whole batch's loss is the sum of the replicas'.
    static func data(channels: Int = 3) -> (images: [Double], weights: [Double]) {
        var g = SplitMix64(seed: 33)
        let shape: Shape = [imageCount, channels, imageShape[1], imageShape[2]]
        let offsets = Tensor(shape: [channels, 1, 1], doubles: (0..<channels).map { Double($0) - 1 })
        let images = (Tensor.randomNormal(shape: shape, dtype: .float64, using: &g) * 1.5 + offsets).doubles
        return (images, Tensor.randomNormal(shape: shape, using: &g).doubles)
    }

    /// `layer` in training mode on images `range` of the batch.
    static func outcome(of layer: some UnaryLayer, channels: Int, images range: Range<Int>, _ apply: (Tensor) -> Tensor) -> Outcome {
        let (images, weights) = data(channels: channels)
        let size = channels * imageShape[1] * imageShape[2]
        let slice = { (values: [Double]) in Array(values[(range.lowerBound * size)..<(range.upperBound * size)]) }
        let shape: Shape = [range.count, channels, imageShape[1], imageShape[2]]
        let x = Tensor(shape: shape, doubles: slice(images)).requiringGradient()
        let y = apply(x)
        let loss = (y * Tensor(shape: shape, doubles: slice(weights))).sum()
        let gradients = loss.gradients(withRespectTo: [x] + layer.parameters.map(\.value))
        return Outcome(output: y.doubles, inputGradient: gradients[0].doubles, parameterGradients: gradients.dropFirst().map(\.doubles),
                       buffers: layer.buffers.map(\.value.doubles))
    }

    static func batchNorm(images range: Range<Int>, relu: Bool) -> Outcome {
        let layer = BatchNorm2d(channelCount: 3)
        layer.convert(to: .float64)
        layer.scale.value = Tensor(shape: [3], doubles: [1.2, 0.7, -0.4])
        layer.shift.value = Tensor(shape: [3], doubles: [0.1, 0.2, 0.3])
        return outcome(of: layer, channels: 3, images: range) { relu ? layer.normalizedWithReLU($0) : layer($0) }
    }

    static func resNet(images range: Range<Int>) -> Outcome {
        var generator = testGenerator(8)
        let network = ResNet(inputChannels: 3, outputChannels: 3, blockCount: 2, hiddenChannels: 4, using: &generator)
        network.convert(to: .float64)
        return outcome(of: network, channels: 3, images: range) { network($0) }
    }

    /// Splits the batch at `bounds`, one replica per part, and checks every part against the whole batch in one process.
    static func expectReplicasMatchOneProcess(bounds: [Int], _ run: @escaping @Sendable (Range<Int>) -> Outcome) {
        let whole = run(0..<imageCount)
        let parts = ThreadReplicas.run(count: bounds.count - 1) { replica, _ in run(bounds[replica]..<bounds[replica + 1]) }
        let tolerance = 1e-11
        #expect(isApproximatelyEqual(parts.flatMap(\.output), whole.output, tolerance: tolerance))
        #expect(isApproximatelyEqual(parts.flatMap(\.inputGradient), whole.inputGradient, tolerance: tolerance))
        for (index, expected) in whole.parameterGradients.enumerated() {
            let summed = expected.indices.map { i in parts.reduce(0) { $0 + $1.parameterGradients[index][i] } }
            #expect(isApproximatelyEqual(summed, expected, tolerance: tolerance), "parameter \(index)")
        }
        for part in parts {
            for (own, expected) in zip(part.buffers, whole.buffers) { #expect(isApproximatelyEqual(own, expected, tolerance: tolerance)) }
        }
    }

    @Test(arguments: [([0, 3, 7], false), ([0, 1, 4, 7], false), ([0, 3, 7], true), ([0, 2, 5, 7], true)])
    func batchNormOverReplicasMatchesOneProcess(bounds: [Int], relu: Bool) {
        Self.expectReplicasMatchOneProcess(bounds: bounds) { Self.batchNorm(images: $0, relu: relu) }
    }

    @Test(arguments: [[0, 4, 7], [0, 2, 4, 7]])
    func aResNetOverReplicasMatchesOneProcess(bounds: [Int]) {
        Self.expectReplicasMatchOneProcess(bounds: bounds) { Self.resNet(images: $0) }
    }

    /// Without a replica scope each part is normalised by its own images: the law above is not met by accident.
    @Test func withoutAReplicaScopeEachPartUsesItsOwnImages() {
        let whole = Self.batchNorm(images: 0..<Self.imageCount, relu: false)
        let part = Self.batchNorm(images: 0..<3, relu: false)
        #expect(!isApproximatelyEqual(part.output, Array(whole.output.prefix(part.output.count)), tolerance: 1e-3))
    }

    /// The fused kernel's outputs, statistics and gradients (float32) on a fixed batch, with or without replicas.
    static func kernelOutcome(relu: Bool, over replicas: (any ReplicaGroup)?) -> [[Float]] {
        var g = testGenerator(12)
        let x = Tensor.randomNormal(shape: [5, 4, 6, 7], dtype: .float32, using: &g).requiringGradient()
        let scale = (Tensor.randomNormal(shape: [4], dtype: .float32, using: &g) + 1).requiringGradient()
        let shift = Tensor.randomNormal(shape: [4], dtype: .float32, using: &g).requiringGradient()
        let weights = Tensor.randomNormal(shape: [5, 4, 6, 7], dtype: .float32, using: &g)
        let (y, statistics) = Tensor.batchNormalized(x, scale: scale, shift: shift, epsilon: 1e-5, appliesReLU: relu, over: replicas)
        let gradients = (y * weights).sum().gradients(withRespectTo: [x, scale, shift])
        return [y.scalars, statistics.mean.scalars, statistics.variance.scalars, [Float(statistics.count)]] + gradients.map(\.scalars)
    }

    /// The pass-by-pass kernel that replicas run gives, for one replica, the bits of the fused one-process kernel
    /// (float32, forward and backward).
    @Test(arguments: [false, true])
    func oneReplicaGivesTheFusedKernelsBits(relu: Bool) {
        let fused = Self.kernelOutcome(relu: relu, over: nil)
        let passes = ThreadReplicas.run(count: 1) { _, group in Self.kernelOutcome(relu: relu, over: group) }[0]
        #expect(passes == fused)
    }
}
