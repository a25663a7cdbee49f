import Testing
import Tensors
import Networks
import TestSupport

struct NetworkTests {
    @Test func pytorchDefaultInitialisationBoundsAndCounts() {
        var generator = testGenerator(5)
        let layer = Linear(inputCount: 50, outputCount: 200, using: &generator)
        let bound = 1 / Double(50).squareRoot()
        #expect(layer.weight.value.doubles.allSatisfy { abs($0) <= bound })
        #expect(layer.bias!.value.doubles.allSatisfy { abs($0) <= bound })
        // Uniform on ±bound has standard deviation bound/√3.
        let weights = layer.weight.value
        let deviation = weights.squared().mean().item.squareRoot()
        #expect(abs(deviation - bound / 3.0.squareRoot()) < 0.01)
        let mlp = MLP(inputCount: 2, hiddenCounts: [50, 50], outputCount: 4, using: &generator)
        #expect(mlp.parameterCount == (2 * 50 + 50) + (50 * 50 + 50) + (50 * 4 + 4))
        #expect(mlp.namedState.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias"])
        #expect(mlp.positionalState.map(\.name) == ["0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias"])
    }

    @Test func maskedConnectionsHaveNoEffect() {
        var generator = testGenerator(5)
        let mask = Tensor(shape: [2, 3], scalars: [1, 0, 0, 1, 1, 0])
        let layer = MaskedLinear(mask: mask, using: &generator)
        let x = Tensor(shape: [1, 3], scalars: [1, 2, 3])
        let changed = Tensor(shape: [1, 3], scalars: [1, 2, -40])
        #expect(layer(x).scalars == layer(changed).scalars)
        let loss = layer(x.requiringGradient()).sum()
        let gradient = loss.gradients(withRespectTo: [layer.weight.value])[0].scalars
        #expect(gradient[1] == 0 && gradient[2] == 0 && gradient[5] == 0)
    }

    @Test func madeHidesTheReferenceDegreesInAscendingOrder() {
        let degrees = MADE.degrees(featureCount: 5, hiddenCounts: [11, 9])
        #expect(degrees[0] == [1, 2, 3, 4, 5])
        #expect(degrees[1] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4] && degrees[1] == (0..<11).map { $0 % 4 + 1 }.sorted())
        #expect(degrees[2] == [1, 1, 1, 2, 2, 3, 3, 4, 4])
    }

    @Test func aMaskReplacedByACheckpointIsTheOneUsed() {
        var generator = testGenerator(5)
        let layer = MaskedLinear(mask: Tensor(repeating: 1, shape: [40, 40]), using: &generator)
        let x = Tensor.randomNormal(shape: [3, 40], dtype: .float32, using: &generator)
        let staircase = Tensor(shape: [40, 40], scalars: (0..<40).flatMap { r in (0..<40).map { c in c <= r ? 1 : 0 } })
        layer.mask.value = staircase
        #expect(layer.maskBlocks == MaskBlocks(mask: staircase))
        #expect(maximumAbsoluteDifference(layer(x), Tensor.linear(x, weight: layer.weight.value * staircase, bias: layer.bias.value)) < 1e-5)
    }

    @Test func batchNormNormalisesInTrainingAndIsFixedAffineInEvaluation() {
        var generator = testGenerator(8)
        let layer = BatchNorm2d(channelCount: 2)
        let x = Tensor.randomNormal(shape: [500, 2], dtype: .float32, using: &generator) * 3 + 5
        let y = layer(x)
        #expect(abs(y.mean(alongAxis: 0).doubles[0]) < 1e-4)
        #expect(abs(y.squared().mean(alongAxis: 0).doubles[1] - 1) < 1e-3)
        // The running mean moved 10% of the way from 0 to the batch mean (~5).
        let batchMean = x.mean(alongAxis: 0).doubles
        #expect(abs(layer.runningMean.value.doubles[0] - 0.1 * batchMean[0]) < 1e-5)
        layer.setMode(.evaluation)
        let a = Tensor(shape: [1, 2], scalars: [1, 2]), b = Tensor(shape: [1, 2], scalars: [3, 7])
        let mid = Tensor(shape: [1, 2], scalars: [2, 4.5])
        // An affine map sends midpoints to midpoints and does not depend on the rest of the batch.
        let ya = layer(a).doubles, yb = layer(b).doubles, ymid = layer(mid).doubles
        #expect(isApproximatelyEqual(ymid, zip(ya, yb).map { ($0 + $1) / 2 }, tolerance: 1e-5))
        #expect(isApproximatelyEqual(layer(Tensor.concatenatingColumns([a.transposed(), b.transposed()]).transposed()).doubles, ya + yb, tolerance: 1e-6))
    }
}
