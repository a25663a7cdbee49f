import Testing
import Tensors
import TestSupport

/// The fused per-channel batch normalisation against its composition from broadcasting primitives, and its gradients.
struct BatchNormalizedTests {
    static func composed(_ x: Tensor, _ scale: Tensor, _ shift: Tensor, relu: Bool) -> Tensor {
        let c = x.shape[1]
        let mean = x.mean(alongAxes: [0, 2, 3], keepingDimensions: true)
        let variance = (x - mean).squared().mean(alongAxes: [0, 2, 3], keepingDimensions: true)
        let y = (x - mean) / (variance + 1e-5).squareRoot() * scale.reshaped(to: [c, 1, 1]) + shift.reshaped(to: [c, 1, 1])
        return relu ? y.relu() : y
    }

    @Test(arguments: [false, true])
    func matchesTheComposedFormulaAndItsGradients(relu: Bool) {
        let x = randomDoubles([3, 4, 2, 5], seed: 1) * 2 + 0.5
        let scale = randomDoubles([4], seed: 2), shift = randomDoubles([4], seed: 3)
        let (y, statistics) = Tensor.batchNormalized(x, scale: scale, shift: shift, epsilon: 1e-5, appliesReLU: relu)
        #expect(maximumAbsoluteDifference(y, Self.composed(x, scale, shift, relu: relu)) < 1e-12)
        #expect(maximumAbsoluteDifference(statistics.mean, x.mean(alongAxes: [0, 2, 3])) < 1e-12)
        let check = GradientTests.check([[3, 4, 2, 5], [4], [4]]) { inputs in
            Tensor.batchNormalized(inputs[0], scale: inputs[1], shift: inputs[2], epsilon: 1e-5, appliesReLU: relu).output
        }
        #expect(check <= GradientTests.tolerance)
    }

    @Test func singlePrecisionAgreesAndThreadsDoNotChangeIt() {
        var generator = testGenerator(2)
        let x = (Tensor.randomNormal(shape: [4, 6, 5, 5], dtype: .float32, using: &generator) * 3 + 2).requiringGradient()
        let scale = Tensor.randomNormal(shape: [6], dtype: .float32, using: &generator).requiringGradient()
        let shift = Tensor.randomNormal(shape: [6], dtype: .float32, using: &generator).requiringGradient()
        func run() -> [[Float]] {
            let y = Tensor.batchNormalized(x, scale: scale, shift: shift, epsilon: 1e-5, appliesReLU: true).output
            return [y.scalars] + (y * y).sum().gradients(withRespectTo: [x, scale, shift]).map(\.scalars)
        }
        let serial = WorkerPool(threadCount: 1).withCurrent(run)
        #expect(WorkerPool(threadCount: 2).withCurrent(run) == serial)
        let reference = Self.composed(x.converted(to: .float64), scale.converted(to: .float64), shift.converted(to: .float64), relu: true)
        #expect(isApproximatelyEqual(serial[0].map(Double.init), reference.doubles, tolerance: 1e-5))
    }
}
