import Testing
import Tensors
import Networks
import TestSupport

/// Adam's first two steps against values worked out by hand from Algorithm 1 of Kingma & Ba (2015).
struct AdamTests {
    @Test func firstTwoStepsMatchHandComputedValues() {
        let parameter = Parameter(name: "theta", value: Tensor(shape: [2], doubles: [1.0, -2.0]))
        let adam = Adam(parameters: [parameter], learningRate: 0.1)
        // Step 1, g = (0.5, -4): m = 0.1g, v = 0.001g², m̂ = g, v̂ = g², so θ −= 0.1 · g / (|g| + 1e-8).
        adam.update(with: [Tensor(shape: [2], doubles: [0.5, -4])])
        let expected1 = [1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 + 0.1 * 4 / (4 + 1e-8)]
        #expect(isApproximatelyEqual(parameter.value.doubles, expected1, tolerance: 1e-15))
        // Step 2, g = (1, 2):
        //   m = 0.9·0.1·g1 + 0.1·g2,  v = 0.999·0.001·g1² + 0.001·g2²,
        //   m̂ = m / (1 − 0.81) = m / 0.19,  v̂ = v / (1 − 0.998001) = v / 0.001999.
        adam.update(with: [Tensor(shape: [2], doubles: [1, 2])])
        let g1 = [0.5, -4.0], g2 = [1.0, 2.0]
        let expected2 = (0..<2).map { i -> Double in
            let m = 0.09 * g1[i] + 0.1 * g2[i]
            let v = 0.000999 * g1[i] * g1[i] + 0.001 * g2[i] * g2[i]
            return expected1[i] - 0.1 * (m / 0.19) / ((v / 0.001999).squareRoot() + 1e-8)
        }
        #expect(isApproximatelyEqual(parameter.value.doubles, expected2, tolerance: 1e-12))
        #expect(adam.stepCount == 2)
    }

    @Test func clippingScalesTheGlobalNorm() {
        let a = Parameter(name: "a", value: Tensor(shape: [1], doubles: [0]))
        let b = Parameter(name: "b", value: Tensor(shape: [1], doubles: [0]))
        let adam = Adam(parameters: [a, b], learningRate: 1, maximumGradientNorm: 1)
        let norm = adam.update(with: [Tensor(shape: [1], doubles: [3]), Tensor(shape: [1], doubles: [4])])
        #expect(norm == 5)
        // With clipping the first moment holds 0.1 · g · (1/5): check through the stored moments.
        #expect(isApproximatelyEqual(adam.firstMoments[0].doubles + adam.firstMoments[1].doubles, [0.1 * 3 / 5, 0.1 * 4 / 5], tolerance: 1e-6))
    }

    @Test func trainingReducesALeastSquaresLoss() {
        var generator = testGenerator(2)
        let layer = Linear(inputCount: 3, outputCount: 1, using: &generator)
        let x = Tensor.randomNormal(shape: [64, 3], using: &generator)
        let target = Tensor.linear(x, weight: Tensor(shape: [1, 3], scalars: [1, -2, 0.5]), bias: Tensor(shape: [1], scalars: [0.3]))
        let adam = Adam(parameters: layer.parameters, learningRate: 0.05)
        func loss() -> Tensor { (layer(x) - target).squared().mean() }
        let initial = loss().item
        for _ in 0..<300 { adam.update(with: loss().gradients(withRespectTo: layer.parameters.map(\.value))) }
        #expect(loss().item < initial * 1e-3)
    }
}
