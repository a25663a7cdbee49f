import Foundation
import Testing
import Tensors
import Networks
import Flows
@testable import Checkpoints

/// Spline flows save and restore like the affine ones: every tensor under its role name, bit for bit, and the same
/// objective after restoring (their MADE masks, with 3K − 1 heads, pass the checkpoint's autoregressive check).
struct SplineCheckpointTests {
    static let specifications: [ModelSpecification] = [ModelKind.maf, .lgfMAF, .realNVP].map { kind in
        ModelSpecification(kind: kind, dimension: 3, layerCount: 2, hiddenCounts: [8, 8], shiftScaleHiddenCounts: [6], indexPriorHiddenCounts: [8],
                           indexPosteriorHiddenCounts: [8], spline: SplineSpecification(binCount: 4, tailBound: 2.5))
    }

    @Test(arguments: specifications)
    func trainedSplineFlowsRoundTripBitForBit(_ specification: ModelSpecification) throws {
        let original = try CheckpointTests.build(specification, seed: 1)
        let adam = Adam(parameters: original.parameters, learningRate: 1e-3)
        try CheckpointTests.train(original, with: adam, stepCount: 2, seed: 2)
        let restored = try CheckpointTests.build(specification, seed: 3)
        let restoredAdam = Adam(parameters: restored.parameters, learningRate: 1e-3)
        try Checkpoint(decoding: Checkpoint(model: original, optimizer: adam, metadata: [:]).encoded(), source: "memory")
            .restore(into: restored, optimizer: restoredAdam)
        #expect(CheckpointTests.stateBits(restored) == CheckpointTests.stateBits(original))
        #expect(original.namedState.contains { $0.name.hasSuffix("made.layers.2.mask") || $0.name.hasSuffix("coupler.layers.2.weight") })
        try ModelStateCheck.validate(restored, optimizer: restoredAdam, source: "memory")
        var drawsA = SplitMix64(seed: 4), drawsB = SplitMix64(seed: 4)
        let x = Tensor.randomNormal(shape: [16, 3], using: &drawsA) * 2
        _ = Tensor.randomNormal(shape: [16, 3], using: &drawsB)
        let a = try withoutGradientRecording { try original.elbo(x, using: &drawsA) }
        let b = try withoutGradientRecording { try restored.elbo(x, using: &drawsB) }
        #expect(CheckpointTests.bits(a) == CheckpointTests.bits(b))
    }
}
