import Testing
import Tensors
import Networks
import TestSupport

/// Conv2d, BatchNorm2d, ResidualBlock and ResNet: initialisation, parameter counts, statistics, gradients.
struct ConvolutionalNetworkTests {
    @Test(arguments: [
        // (in, out, blocks, hidden, parameters): counts of a PyTorch build of the same ResNet (the authors' layout)
        (1, 2, 4, 64, 296_772), (1, 2, 8, 64, 592_708), (2, 4, 4, 64, 297_480), (1, 2, 2, 8, 2_476),
    ] as [(Int, Int, Int, Int, Int)])
    func resNetParameterCounts(input: Int, output: Int, blocks: Int, hidden: Int, parameters: Int) {
        var generator = testGenerator(1)
        let network = ResNet(inputChannels: input, outputChannels: output, blockCount: blocks, hiddenChannels: hidden, using: &generator)
        #expect(network.parameterCount == parameters)
    }

    @Test func convolutionInitialisationAndStateNames() {
        var generator = testGenerator(2)
        let layer = Conv2d(inputChannels: 16, outputChannels: 32, kernelSize: 3, using: &generator)
        let bound = 1 / Double(16 * 9).squareRoot()
        #expect(layer.weight.value.doubles.allSatisfy { abs($0) <= bound } && layer.bias!.value.doubles.allSatisfy { abs($0) <= bound })
        // Uniform on ±bound has standard deviation bound/√3.
        #expect(abs(layer.weight.value.squared().mean().item.squareRoot() - bound / 3.0.squareRoot()) < 0.01 * bound * 10)
        let network = ResNet(inputChannels: 1, outputChannels: 2, blockCount: 1, hiddenChannels: 4, using: &generator)
        #expect(network.namedState.map(\.name) == [
            "outputScale", "input.weight",
            "blocks.0.norm1.weight", "blocks.0.norm1.bias", "blocks.0.norm1.runningMean", "blocks.0.norm1.runningVariance",
            "blocks.0.conv1.weight",
            "blocks.0.norm2.weight", "blocks.0.norm2.bias", "blocks.0.norm2.runningMean", "blocks.0.norm2.runningVariance",
            "blocks.0.conv2.weight",
            "outputNorm.weight", "outputNorm.bias", "outputNorm.runningMean", "outputNorm.runningVariance", "output.weight", "output.bias",
        ])
        // The names checkpoints used before roles, which old files still carry.
        #expect(network.positionalState.map(\.name) == [
            "outputScale", "0.weight",
            "1.0.weight", "1.0.bias", "1.0.runningMean", "1.0.runningVariance", "1.1.weight",
            "1.2.weight", "1.2.bias", "1.2.runningMean", "1.2.runningVariance", "1.3.weight",
            "2.weight", "2.bias", "2.runningMean", "2.runningVariance", "3.weight", "3.bias",
        ])
    }

    @Test func batchNormTrainsOnBatchStatisticsAndEvaluatesOnRunningOnes() {
        var generator = testGenerator(3)
        let layer = BatchNorm2d(channelCount: 3)
        let x = Tensor.randomNormal(shape: [8, 3, 5, 5], dtype: .float32, using: &generator) * 3 + 5
        let y = layer(x)
        #expect(y.mean(alongAxes: [0, 2, 3]).doubles.allSatisfy { abs($0) < 1e-4 })
        #expect(y.squared().mean(alongAxes: [0, 2, 3]).doubles.allSatisfy { abs($0 - 1) < 1e-3 })
        // Running averages moved 10% of the way towards the batch mean and the unbiased batch variance.
        let mean = x.mean(alongAxes: [0, 2, 3])
        let variance = (x - mean.reshaped(to: [3, 1, 1])).squared().mean(alongAxes: [0, 2, 3]) * (200.0 / 199.0)
        #expect(isApproximatelyEqual(layer.runningMean.value.doubles, mean.doubles.map { 0.1 * $0 }, tolerance: 1e-5))
        #expect(isApproximatelyEqual(layer.runningVariance.value.doubles, variance.doubles.map { 0.9 + 0.1 * $0 }, tolerance: 1e-4))
        layer.setMode(.evaluation)
        let statsBefore = layer.runningMean.value.doubles
        let single = x.slicing(alongAxis: 0, 0..<1)
        // In evaluation an image's output does not depend on the rest of the batch, and statistics stay put.
        #expect(maximumAbsoluteDifference(layer(single), layer(x).slicing(alongAxis: 0, 0..<1)) < 1e-6)
        #expect(layer.runningMean.value.doubles == statsBefore)
        let expected = (single - layer.runningMean.value.reshaped(to: [3, 1, 1])) / (layer.runningVariance.value.reshaped(to: [3, 1, 1]) + 1e-5).squareRoot()
        #expect(maximumAbsoluteDifference(layer(single), expected) < 1e-5)
        #expect(maximumAbsoluteDifference(layer.normalizedWithReLU(single), expected.relu()) < 1e-5)
    }

    @Test func networkOutputIsBoundedByTheScale() {
        var generator = testGenerator(4)
        let network = ResNet(inputChannels: 1, outputChannels: 2, blockCount: 1, hiddenChannels: 8, using: &generator)
        network.outputScale.value = Tensor(shape: [2], scalars: [0.5, 2])
        let y = network(Tensor.randomNormal(shape: [3, 1, 6, 6], dtype: .float32, using: &generator) * 50)
        #expect(y.shape == [3, 2, 6, 6])
        let values = y.doubles
        #expect((0..<3).allSatisfy { n in (0..<36).allSatisfy { abs(values[n * 72 + $0]) <= 0.5 } })
        #expect(values.contains { abs($0) > 0.5 })
    }
}

extension LayerGradientTests {
    @Test(arguments: [1, 3])
    func conv2d(kernelSize: Int) {
        var generator = testGenerator(1)
        let layer = Conv2d(inputChannels: 2, outputChannels: 3, kernelSize: kernelSize, using: &generator)
        #expect(Self.relativeError(of: layer, input: randomDoubles([2, 2, 4, 3], seed: 2)) <= 1e-6)
    }

    @Test(arguments: [LayerMode.training, .evaluation])
    func batchNorm2d(mode: LayerMode) {
        let layer = BatchNorm2d(channelCount: 3)
        layer.runningMean.value = Tensor(shape: [3], scalars: [0.3, -0.2, 1])
        layer.runningVariance.value = Tensor(shape: [3], scalars: [2, 0.5, 1.5])
        layer.scale.value = Tensor(shape: [3], scalars: [1.2, 0.7, -0.4])
        layer.shift.value = Tensor(shape: [3], scalars: [0.1, 0.2, 0.3])
        layer.setMode(mode)
        #expect(Self.relativeError(of: layer, input: randomDoubles([3, 3, 2, 3], seed: 4)) <= 1e-6)
    }

    @Test(arguments: [LayerMode.training, .evaluation])
    func residualNetwork(mode: LayerMode) {
        var generator = testGenerator(6)
        let network = ResNet(inputChannels: 1, outputChannels: 2, blockCount: 2, hiddenChannels: 3, using: &generator)
        network.setMode(mode)
        #expect(Self.relativeError(of: network, input: randomDoubles([2, 1, 4, 4], seed: 7)) <= 1e-6)
    }
}
