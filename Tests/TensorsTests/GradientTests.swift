import Testing
import Tensors
import TestSupport

/// Every differentiable primitive against central differences in Double (relative error ≤ 1e-6).
struct GradientTests {
    static let tolerance = 1e-6

    /// A scalar that depends on every element with distinct weights, so a wrong gradient element shows.
    static func weightedSum(_ y: Tensor) -> Tensor {
        let values: [Double] = (0..<y.elementCount).map { (index: Int) -> Double in
            let a = 0.37 * Double(index % 7), b = 0.11 * Double(index % 3)
            return 0.5 + a - b
        }
        let weights = Tensor(shape: y.shape, doubles: values)
        return (y * weights).sum()
    }

    static func check(_ shapes: [Shape], seed: UInt64 = 1, positive: Bool = false, _ f: @escaping ([Tensor]) -> Tensor) -> Double {
        let inputs = shapes.enumerated().map { index, shape -> Tensor in
            let x = randomDoubles(shape, seed: seed + UInt64(index))
            return positive ? x.squared().detached() + 0.5 : x
        }
        return GradientCheck.relativeError(of: { weightedSum(f($0)) }, at: inputs)
    }

    @Test(arguments: ["exp", "tanh", "sigmoid", "softplus", "squared", "negate"])
    func unaryFunctions(name: String) {
        let f: (Tensor) -> Tensor
        switch name {
        case "exp": f = { $0.exp() }
        case "tanh": f = { $0.tanh() }
        case "sigmoid": f = { $0.sigmoid() }
        case "softplus": f = { $0.softplus() }
        case "squared": f = { $0.squared() }
        default: f = { -$0 }
        }
        #expect(Self.check([[3, 4]]) { f($0[0]) } <= Self.tolerance)
    }

    @Test func logarithmAndSquareRootOnPositiveInputs() {
        #expect(Self.check([[3, 4]], positive: true) { $0[0].log() } <= Self.tolerance)
        #expect(Self.check([[3, 4]], positive: true) { $0[0].squareRoot() } <= Self.tolerance)
    }

    @Test func reluAwayFromZero() {
        let x = Tensor(shape: [2, 3], doubles: [-1.5, 0.7, 2.0, -0.3, 0.2, -2.2])
        let error = GradientCheck.relativeError(of: { Self.weightedSum($0[0].relu()) }, at: [x])
        #expect(error <= Self.tolerance)
    }

    @Test(arguments: [
        ([3, 4], [3, 4]), ([3, 4], [4]), ([3, 4], [3, 1]), ([3, 4], []), ([], [2, 3]), ([2, 1, 3], [4, 1]), ([2, 3, 1, 2], [3, 5, 1]),
    ] as [([Int], [Int])])
    func broadcastingArithmetic(left: [Int], right: [Int]) {
        let shapes = [Shape(left), Shape(right)]
        #expect(Self.check(shapes) { $0[0] + $0[1] } <= Self.tolerance)
        #expect(Self.check(shapes) { $0[0] - $0[1] } <= Self.tolerance)
        #expect(Self.check(shapes) { $0[0] * $0[1] } <= Self.tolerance)
        #expect(Self.check(shapes, positive: true) { $0[0] / $0[1] } <= Self.tolerance)
    }

    @Test func scalarOperands() {
        #expect(Self.check([[2, 3]]) { 2.5 - $0[0] * 3 + 1 } <= Self.tolerance)
        #expect(Self.check([[2, 3]], positive: true) { 1.5 / $0[0] / 2 } <= Self.tolerance)
    }

    @Test(arguments: [0, 1, 2])
    func reductionsAlongEachAxis(axis: Int) {
        for keep in [false, true] {
            #expect(Self.check([[2, 3, 4]]) { $0[0].sum(alongAxis: axis, keepingDimension: keep) } <= Self.tolerance)
            #expect(Self.check([[2, 3, 4]]) { $0[0].mean(alongAxis: axis, keepingDimension: keep) } <= Self.tolerance)
            #expect(Self.check([[2, 3, 4]]) { $0[0].max(alongAxis: axis, keepingDimension: keep) } <= Self.tolerance)
            #expect(Self.check([[2, 3, 4]]) { $0[0].logSumExp(alongAxis: axis, keepingDimension: keep) } <= Self.tolerance)
        }
        #expect(Self.check([[2, 3, 4]]) { $0[0].mean() } <= Self.tolerance)
    }

    @Test func shapingOperations() {
        #expect(Self.check([[3, 4]]) { $0[0].reshaped(to: [2, 6]) } <= Self.tolerance)
        #expect(Self.check([[3, 5]]) { $0[0].slicingColumns(1..<4) } <= Self.tolerance)
        #expect(Self.check([[3, 4]]) { $0[0].gatheringColumns([3, 0, 0, 2]) } <= Self.tolerance)
        #expect(Self.check([[3, 2], [3, 3]]) { Tensor.concatenatingColumns([$0[0], $0[1], $0[0]]) } <= Self.tolerance)
        #expect(Self.check([[3, 2]]) { $0[0].repeatingRows(4) } <= Self.tolerance)
        #expect(Self.check([[3, 2]]) { $0[0].transposed() } <= Self.tolerance)
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func matrixProducts(transposingA: Bool, transposingB: Bool) {
        let a: Shape = transposingA ? [4, 3] : [3, 4]
        let b: Shape = transposingB ? [5, 4] : [4, 5]
        #expect(Self.check([a, b]) { Tensor.matmul($0[0], $0[1], transposingA: transposingA, transposingB: transposingB) } <= Self.tolerance)
    }

    @Test func fusedLinear() {
        #expect(Self.check([[6, 4], [3, 4], [3]]) { Tensor.linear($0[0], weight: $0[1], bias: $0[2]) } <= Self.tolerance)
        #expect(Self.check([[6, 4], [3, 4]]) { Tensor.linear($0[0], weight: $0[1], bias: nil) } <= Self.tolerance)
    }

    @Test func fusedLinearTanh() {
        #expect(Self.check([[6, 4], [3, 4], [3]]) { Tensor.linearTanh($0[0], weight: $0[1], bias: $0[2]) } <= Self.tolerance)
    }

    /// The Float kernel path (bias, product and tanh in one call, row block by row block) against the composed
    /// operations, on shapes that take each of the kernel's routes (12×32 tiles with panels inner and outer, the 8×48
    /// tile, a narrow last panel), with gradients.
    @Test(arguments: [(300, 70, 512), (1000, 43, 40), (50, 50, 50), (7, 3, 10)])
    func fusedLinearTanhEqualsTheComposition(shape: (Int, Int, Int)) {
        let (batch, inputs, outputs) = shape
        var generator = testGenerator(7)
        let x = Tensor.randomNormal(shape: [batch, inputs], using: &generator).requiringGradient()
        let w = (Tensor.randomNormal(shape: [outputs, inputs], using: &generator) * 0.2).requiringGradient()
        let b = Tensor.randomNormal(shape: [outputs], using: &generator).requiringGradient()
        let weights = Tensor.randomNormal(shape: [batch, outputs], using: &generator)
        let fused = Tensor.linearTanh(x, weight: w, bias: b)
        let composed = Tensor.linear(x, weight: w, bias: b).tanh()
        #expect(maximumAbsoluteDifference(fused, composed) <= 1e-6)
        let fusedGradients = (fused * weights).sum().gradients(withRespectTo: [x, w, b])
        let composedGradients = (composed * weights).sum().gradients(withRespectTo: [x, w, b])
        for (f, c) in zip(fusedGradients, composedGradients) { #expect(maximumAbsoluteDifference(f, c) <= 1e-3 * max(1, c.doubles.map(abs).max() ?? 0)) }
    }

    @Test func valueUsedTwiceAccumulates() {
        // f(x) = Σ x·x + tanh(x): each element of x reaches the loss three times.
        let x = Tensor(shape: [3], doubles: [0.3, -1.2, 2.0]).requiringGradient()
        let loss = (x * x + x.tanh()).sum()
        let gradient = loss.gradients(withRespectTo: [x])[0].doubles
        let expected = x.doubles.map { 2 * $0 + 1 - Foundation.tanh($0) * Foundation.tanh($0) }
        #expect(isApproximatelyEqual(gradient, expected, tolerance: 1e-12))
    }

    @Test func unrelatedTargetGetsZeros() {
        let x = Tensor(shape: [2], doubles: [1, 2]).requiringGradient()
        let y = Tensor(shape: [3], doubles: [1, 2, 3]).requiringGradient()
        let gradients = (x * 3).sum().gradients(withRespectTo: [y, x])
        #expect(gradients[0].doubles == [0, 0, 0])
        #expect(gradients[1].doubles == [3, 3])
    }

    @Test func noGraphIsRecordedWhenDisabled() {
        let x = Tensor(shape: [2], doubles: [1, 2]).requiringGradient()
        let y = withoutGradientRecording { (x * 3).exp() }
        #expect(!y.requiresGradient)
        #expect((x * 3).requiresGradient)
    }

    @Test func repeatedBackwardPassesGiveTheSameGradient() {
        let x = Tensor(shape: [2, 2], doubles: [1, 2, 3, 4]).requiringGradient()
        let first = (x.tanh() * x).sum().gradients(withRespectTo: [x])[0].doubles
        let second = (x.tanh() * x).sum().gradients(withRespectTo: [x])[0].doubles
        #expect(first == second)
    }
}

import Foundation
