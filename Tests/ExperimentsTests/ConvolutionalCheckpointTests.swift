import Testing
import Tensors
import Networks
@testable import Checkpoints

/// A ResNet coupler's weights and batch-norm running statistics survive a checkpoint round trip.
struct ConvolutionalCheckpointTests {
    @Test func resNetStateAndRunningStatisticsRoundTrip() throws {
        var generator = SplitMix64(seed: 1)
        let network = ResNet(inputChannels: 1, outputChannels: 2, blockCount: 1, hiddenChannels: 4, using: &generator)
        let adam = Adam(parameters: network.parameters, learningRate: 1e-2)
        for _ in 0..<2 {
            let x = Tensor.randomNormal(shape: [3, 1, 5, 5], using: &generator)
            let y = network(x)
            adam.update(with: (y * y).sum().gradients(withRespectTo: network.parameters.map(\.value)))
        }
        let trainedMean = network.outputNorm.runningMean.value.doubles
        #expect(trainedMean.contains { $0 != 0 })
        let bytes = try Checkpoint(model: network, optimizer: adam, metadata: [:]).encoded()
        var other = SplitMix64(seed: 2)
        let restored = ResNet(inputChannels: 1, outputChannels: 2, blockCount: 1, hiddenChannels: 4, using: &other)
        try Checkpoint(decoding: bytes, source: "memory").restore(into: restored, optimizer: nil)
        #expect(restored.outputNorm.runningMean.value.doubles == trainedMean)
        #expect(CheckpointTests.stateBits(restored) == CheckpointTests.stateBits(network))
        network.setMode(.evaluation)
        restored.setMode(.evaluation)
        let probe = Tensor.randomNormal(shape: [2, 1, 5, 5], using: &generator)
        #expect(restored(probe).scalars == network(probe).scalars)
    }
}
