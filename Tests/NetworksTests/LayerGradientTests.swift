import Testing
import Tensors
import Networks
import TestSupport

/// Gradients of every layer, with respect to its input and all its parameters, against central
/// differences in Double (relative error ≤ 1e-6).
struct LayerGradientTests {
    /// Checks the gradient with respect to the input and every parameter of `layer` (converted to Double).
    /// In training mode batch norm updates running statistics on every call; they do not enter the output.
    static func relativeError(of layer: some UnaryLayer, input: Tensor) -> Double {
        layer.convert(to: .float64)
        let x = Parameter(name: "input", value: input.converted(to: .float64))
        let weights = randomDoubles(layer(x.value).shape, seed: 99)
        return GradientCheck.relativeError(of: { (layer(x.value) * weights).sum() }, parameters: [x] + layer.parameters)
    }

    @Test func linear() {
        var generator = testGenerator(1)
        let layer = Linear(inputCount: 4, outputCount: 3, using: &generator)
        #expect(Self.relativeError(of: layer, input: randomDoubles([5, 4], seed: 2)) <= 1e-6)
    }

    @Test func maskedLinear() {
        var generator = testGenerator(1)
        let mask = Tensor(shape: [3, 4], scalars: [1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0])
        let layer = MaskedLinear(mask: mask, using: &generator)
        #expect(Self.relativeError(of: layer, input: randomDoubles([5, 4], seed: 2)) <= 1e-6)
    }

    @Test(arguments: [Activation.tanh, .relu])
    func mlp(activation: Activation) {
        var generator = testGenerator(1)
        let layer = MLP(inputCount: 3, hiddenCounts: [6, 5], outputCount: 4, activation: activation, using: &generator)
        #expect(Self.relativeError(of: layer, input: randomDoubles([7, 3], seed: 2)) <= 1e-6)
    }

    @Test(arguments: [LayerMode.training, .evaluation])
    func batchNorm(mode: LayerMode) {
        let layer = BatchNorm2d(channelCount: 3)
        layer.runningMean.value = Tensor(shape: [3], scalars: [0.3, -0.2, 1])
        layer.runningVariance.value = Tensor(shape: [3], scalars: [2, 0.5, 1.5])
        layer.scale.value = Tensor(shape: [3], scalars: [1.2, 0.7, -0.4])
        layer.shift.value = Tensor(shape: [3], scalars: [0.1, 0.2, 0.3])
        layer.setMode(mode)
        #expect(Self.relativeError(of: layer, input: randomDoubles([6, 3], seed: 4)) <= 1e-6)
    }
}
