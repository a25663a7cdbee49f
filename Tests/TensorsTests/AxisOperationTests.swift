import Foundation
import Testing
import Tensors
import TestSupport

/// The operations rational-quadratic splines need (softmax, cumulative sum, sorted search, gather along an axis,
/// selection): values against direct loops, gradients against central differences in Double, along every axis,
/// and Float against Double.
struct AxisOperationTests {
    static let tolerance = GradientTests.tolerance
    static let shape: Shape = [2, 3, 4]

    /// Knots ascending along `axis` of `shape`: cumulative sums of positive steps, starting below −1.
    static func knots(_ shape: Shape, axis: Int, seed: UInt64) -> Tensor {
        let steps = randomDoubles(shape, seed: seed).squared() + 0.2
        return steps.cumulativeSum(alongAxis: axis) - 2
    }

    @Test(arguments: [0, 1, 2])
    func softmaxLinesArePositiveAndSumToOne(axis: Int) {
        let x = randomDoubles(Self.shape, seed: 1) * 30   // large logits: the maximum must be subtracted
        let y = x.softmax(alongAxis: axis)
        #expect(y.doubles.allSatisfy { $0 > 0 && $0 <= 1 })
        #expect(y.sum(alongAxis: axis).doubles.allSatisfy { abs($0 - 1) < 1e-12 })
        let expected = (x - x.logSumExp(alongAxis: axis, keepingDimension: true)).exp()
        #expect(maximumAbsoluteDifference(y, expected) < 1e-12)
        #expect(GradientTests.check([Self.shape]) { $0[0].softmax(alongAxis: axis) } <= Self.tolerance)
    }

    @Test(arguments: [0, 1, 2])
    func cumulativeSumMatchesALoop(axis: Int) {
        let x = randomDoubles(Self.shape, seed: 2)
        let y = x.cumulativeSum(alongAxis: axis)
        let length = Self.shape[axis]
        for k in 0..<length {
            let expected = x.slicing(alongAxis: axis, 0..<(k + 1)).sum(alongAxis: axis, keepingDimension: true)
            #expect(maximumAbsoluteDifference(y.slicing(alongAxis: axis, k..<(k + 1)), expected) < 1e-12)
        }
        #expect(GradientTests.check([Self.shape]) { $0[0].cumulativeSum(alongAxis: axis) } <= Self.tolerance)
    }

    @Test(arguments: [0, 1, 2])
    func gatherReadsTheIndexedElementAndScattersItsGradient(axis: Int) {
        var collapsed = Self.shape
        collapsed[axis] = 1
        let positions = (0..<collapsed.elementCount).map { ($0 * 7 + 1) % Self.shape[axis] }
        let indices = AxisIndices(shape: collapsed, axis: axis, positions: positions)
        let x = randomDoubles(Self.shape, seed: 3)
        let y = x.gathering(alongAxis: axis, at: indices)
        let strides = Self.shape.strides, collapsedStrides = collapsed.strides
        for flat in 0..<collapsed.elementCount {
            var source = 0, rest = flat
            for a in 0..<3 {
                let coordinate = rest / collapsedStrides[a]
                rest %= collapsedStrides[a]
                source += (a == axis ? positions[flat] : coordinate) * strides[a]
            }
            #expect(y[flat: flat] == x[flat: source])
        }
        #expect(GradientTests.check([Self.shape]) { $0[0].gathering(alongAxis: axis, at: indices) } <= Self.tolerance)
        // Two reads of the same elements sum their gradients.
        let twice = GradientTests.check([Self.shape]) { $0[0].gathering(alongAxis: axis, at: indices) * 2 + $0[0].gathering(alongAxis: axis, at: indices) }
        #expect(twice <= Self.tolerance)
    }

    @Test(arguments: [0, 1, 2])
    func binIndicesFindTheBinOfEveryValue(axis: Int) {
        let knots = Self.knots(Self.shape, axis: axis, seed: 4)
        var collapsed = Self.shape
        collapsed[axis] = 1
        let values = randomDoubles(collapsed, seed: 5) * 2
        let bins = knots.binIndices(of: values, alongAxis: axis)
        let left = knots.gathering(alongAxis: axis, at: bins), right = knots.gathering(alongAxis: axis, at: bins.advanced(by: 1))
        let lowest = knots.slicing(alongAxis: axis, 0..<1), highest = knots.slicing(alongAxis: axis, (Self.shape[axis] - 1)..<Self.shape[axis])
        for flat in 0..<collapsed.elementCount {
            let v = values[flat: flat], bin = bins.positions[flat]
            #expect(bin >= 0 && bin <= Self.shape[axis] - 2)
            if v >= lowest[flat: flat] && v < highest[flat: flat] {
                #expect(left[flat: flat] <= v && v < right[flat: flat], "value \(v) in bin \(bin) = [\(left[flat: flat]), \(right[flat: flat]))")
            } else {
                #expect(bin == (v < lowest[flat: flat] ? 0 : Self.shape[axis] - 2))
            }
        }
    }

    /// A value exactly on a knot starts that knot's bin; the last knot closes the last bin; below and above the
    /// knots clamp to the end bins.
    @Test func valuesOnKnotsAndOutsideTheKnots() {
        let knots = Tensor(shape: [1, 4], doubles: [-1, 0, 0.5, 1]).reshaped(to: [1, 4])
        let probes: [Double] = [-1, 0, 0.5, 1, -3, 7, 0.25, -0.0]
        let bins = probes.map { probe in knots.binIndices(of: Tensor(shape: [1, 1], doubles: [probe]), alongAxis: 1).positions[0] }
        #expect(bins == [0, 1, 2, 2, 0, 2, 1, 1])
        let floats = knots.converted(to: .float32).binIndices(of: Tensor(shape: [1, 1], scalars: [0.5]), alongAxis: 1)
        #expect(floats.positions == [2])
    }

    @Test func selectionTakesEachBranchAndRoutesItsGradient() {
        let x = Tensor(shape: [2, 3], doubles: [-2, -0.5, 0, 0.5, 1, 3])
        let inside = x.indicator(of: -1...1)
        #expect(inside.doubles == [0, 1, 1, 1, 1, 0])
        let infinite = Tensor(repeating: .infinity, shape: [2, 3], dtype: .float64)
        #expect(Tensor.selecting(where: inside, x, otherwise: infinite).doubles == [.infinity, -0.5, 0, 0.5, 1, .infinity])
        let condition = Tensor(shape: [2, 3], doubles: [1, 0, 0, 1, 1, 0])
        #expect(GradientTests.check([[2, 3], [2, 3]]) { Tensor.selecting(where: condition, $0[0].exp(), otherwise: $0[1] * 3) } <= Self.tolerance)
        let nan = Tensor(shape: [1], doubles: [.nan])
        #expect(nan.indicator(of: -1...1).doubles == [0])
    }

    /// The Float kernels agree with the Double ones to Float precision, values and gradients.
    @Test func floatAgreesWithDouble() {
        let x = randomDoubles([3, 5, 2], seed: 6)
        let knots = Self.knots([3, 5, 2], axis: 1, seed: 7)
        let values = randomDoubles([3, 1, 2], seed: 8)
        func pipeline(_ x: Tensor, _ knots: Tensor, _ values: Tensor) -> (Tensor, AxisIndices) {
            let bins = knots.binIndices(of: values, alongAxis: 1)
            let y = x.softmax(alongAxis: 1).cumulativeSum(alongAxis: 1).gathering(alongAxis: 1, at: bins)
            return (Tensor.selecting(where: values.indicator(of: -0.5...0.5), y, otherwise: values.softplus()), bins)
        }
        let (double, doubleBins) = pipeline(x, knots, values)
        let leaf = x.converted(to: .float32).requiringGradient()
        let (float, floatBins) = pipeline(leaf, knots.converted(to: .float32), values.converted(to: .float32))
        #expect(floatBins == doubleBins)
        #expect(float.dtype == .float32 && maximumAbsoluteDifference(float, double) < 1e-6)
        let doubleLeaf = x.requiringGradient()
        let doubleGradient = pipeline(doubleLeaf, knots, values).0.sum().gradients(withRespectTo: [doubleLeaf])[0]
        let floatGradient = float.sum().gradients(withRespectTo: [leaf])[0]
        #expect(maximumAbsoluteDifference(floatGradient, doubleGradient) < 1e-6)
    }
}
