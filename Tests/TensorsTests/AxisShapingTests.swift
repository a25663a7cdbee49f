import Testing
import Tensors
import TestSupport

/// Slices, concatenation, permutations, space-to-depth and several-axis reductions: values and gradients.
struct AxisShapingTests {
    @Test(arguments: [0, 1, 2, 3])
    func slicingAndConcatenatingAlongEachAxis(axis: Int) {
        let shape: Shape = [3, 4, 5, 3]
        #expect(GradientTests.check([shape]) { $0[0].slicing(alongAxis: axis, 1..<(shape[axis] - 1)) } <= GradientTests.tolerance)
        var other = shape
        other[axis] = 2
        #expect(GradientTests.check([shape, other]) { Tensor.concatenating([$0[0], $0[1], $0[0]], alongAxis: axis) } <= GradientTests.tolerance)
        // Slicing the parts back out of a concatenation gives them unchanged.
        let a = randomDoubles(shape, seed: 1), b = randomDoubles(other, seed: 2)
        let joined = Tensor.concatenating([a, b], alongAxis: axis)
        #expect(joined.slicing(alongAxis: axis, 0..<shape[axis]).doubles == a.doubles)
        #expect(joined.slicing(alongAxis: axis, shape[axis]..<(shape[axis] + 2)).doubles == b.doubles)
    }

    @Test func channelSliceOfAnImageBatch() {
        let x = Tensor(shape: [2, 3, 1, 2], doubles: (0..<12).map(Double.init))
        #expect(x.slicing(alongAxis: 1, 1..<3).doubles == [2, 3, 4, 5, 8, 9, 10, 11])
    }

    @Test func permutationMovesEveryElementWhereItsIndicesSay() {
        let x = randomDoubles([2, 3, 4, 5], seed: 3)
        let order = [2, 0, 3, 1]
        let y = x.permuted(order)
        #expect(y.shape == [4, 2, 5, 3])
        let xs = x.doubles, ys = y.doubles
        var matches = true
        for a in 0..<2 { for b in 0..<3 { for c in 0..<4 { for d in 0..<5 {
            // y[c, a, d, b] = x[a, b, c, d]
            matches = matches && ys[((c * 2 + a) * 5 + d) * 3 + b] == xs[((a * 3 + b) * 4 + c) * 5 + d]
        } } } }
        #expect(matches)
        #expect(x.permuted(order).permuted([1, 3, 0, 2]).doubles == xs)
        #expect(GradientTests.check([[2, 3, 4, 5]]) { $0[0].permuted(order) } <= GradientTests.tolerance)
        #expect(GradientTests.check([[3, 4]]) { $0[0].permuted([1, 0]) } <= GradientTests.tolerance)
        #expect(GradientTests.check([[2, 3, 4]]) { $0[0].permuted([1, 2, 0]) } <= GradientTests.tolerance)
    }

    @Test func spaceToDepthFollowsRealNVPsSqueezeOrder() {
        // One 1 × 4 × 4 image with values 0…15: channel i·2 + j holds pixels (2r + i, 2s + j).
        let x = Tensor(shape: [1, 1, 4, 4], doubles: (0..<16).map(Double.init))
        let y = x.spaceToDepth()
        #expect(y.shape == [1, 4, 2, 2])
        #expect(y.doubles == [0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15])
        let batch = randomDoubles([2, 3, 4, 6], seed: 4)
        #expect(batch.spaceToDepth().depthToSpace().doubles == batch.doubles)
        #expect(batch.spaceToDepth().shape == [2, 12, 2, 3])
        #expect(GradientTests.check([[2, 3, 4, 6]]) { $0[0].spaceToDepth() } <= GradientTests.tolerance)
        #expect(GradientTests.check([[2, 8, 2, 3]]) { $0[0].depthToSpace() } <= GradientTests.tolerance)
    }

    @Test func reductionsOverSeveralAxes() {
        let x = randomDoubles([2, 3, 4, 5], seed: 5)
        let perChannel = x.sum(alongAxes: [0, 2, 3])
        #expect(perChannel.shape == [3])
        let xs = x.doubles
        var expected = [Double](repeating: 0, count: 3)
        for n in 0..<2 { for c in 0..<3 { for i in 0..<20 { expected[c] += xs[(n * 3 + c) * 20 + i] } } }
        #expect(isApproximatelyEqual(perChannel.doubles, expected, tolerance: 1e-12))
        #expect(x.mean(alongAxes: [1, 2, 3], keepingDimensions: true).shape == [2, 1, 1, 1])
        #expect(GradientTests.check([[2, 3, 4, 5]]) { $0[0].sum(alongAxes: [0, 2, 3]) } <= GradientTests.tolerance)
        #expect(GradientTests.check([[2, 3, 4, 5]]) { $0[0].mean(alongAxes: [1, 2, 3], keepingDimensions: true) } <= GradientTests.tolerance)
    }
}
