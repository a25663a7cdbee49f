import Testing
import Tensors
import Networks
import Flows
import TestSupport

struct StructureTests {
    /// Output i of either MADE head depends only on inputs before i: numerically and by multiplying masks.
    @Test(arguments: [2, 3, 6])
    func madeIsAutoregressive(dimension: Int) {
        var g = SplitMix64(seed: 1)
        let made = MADE(featureCount: dimension, hiddenCounts: [16, 16], using: &g)
        made.convert(to: .float64)
        let x = randomDoubles([1, dimension], seed: 2).doubles
        for head in 0..<2 {
            let jacobian = NumericalJacobian.jacobian(of: { made(Tensor(shape: [1, dimension], doubles: $0))[head].doubles }, at: x)
            for i in 0..<dimension { for j in i..<dimension { #expect(jacobian[i][j] == 0, "head \(head): output \(i) depends on input \(j)") } }
            // …and it does depend on some earlier inputs (a mask that cut everything would pass the check above).
            #expect(jacobian[dimension - 1].prefix(dimension - 1).contains { $0 != 0 })
        }
        let masks = MADE.masks(featureCount: dimension, hiddenCounts: [16, 16], headCount: 2)
        var connectivity = masks[0]
        for mask in masks.dropFirst() { connectivity = Tensor.matmul(mask, connectivity) }
        for output in 0..<(2 * dimension) {
            let i = output % dimension
            for j in 0..<dimension where j >= i { #expect(connectivity[output, j] == 0) }
        }
    }

    /// The flow's log-det Jacobian is triangular: ∂z_i/∂x_j = 0 for j > i in MADE's degree order.
    @Test func madeBijectionJacobianIsTriangular() {
        var g = SplitMix64(seed: 3)
        let layer = AffineAutoregressiveBijection(featureCount: 4, hiddenCounts: [10, 10], using: &g)
        layer.convert(to: .float64)
        let x = randomDoubles([1, 4], seed: 4).doubles
        let jacobian = NumericalJacobian.jacobian(of: { layer.forward(Tensor(shape: [1, 4], doubles: $0)).output.doubles }, at: x)
        for i in 0..<4 { for j in (i + 1)..<4 { #expect(jacobian[i][j] == 0) } }
    }

    /// A conditional autoregressive layer (affine or spline) stays triangular in x whatever its context, and its
    /// diagonal moves with the context.
    @Test(arguments: [false, true])
    func conditionalAutoregressiveJacobianIsTriangularForEveryContext(spline: Bool) {
        var g = SplitMix64(seed: 8)
        let layer: any Bijection = spline
            ? AutoregressiveBijection(featureCount: 4, hiddenCounts: [10, 10], contextCount: 2, transform: RationalQuadraticSpline(binCount: 5, tailBound: 3),
                                      using: &g)
            : AffineAutoregressiveBijection(featureCount: 4, hiddenCounts: [10, 10], contextCount: 2, using: &g)
        layer.convert(to: .float64)
        let x = randomDoubles([1, 4], seed: 9).doubles
        var diagonals: [[Double]] = []
        for c in [[0.0, 0.0], [3.0, -1.0], [-20.0, 7.0]] {
            let context = Tensor(shape: [1, 2], doubles: c)
            let jacobian = NumericalJacobian.jacobian(of: { layer.forward(Tensor(shape: [1, 4], doubles: $0), context: context).output.doubles }, at: x)
            for i in 0..<4 { for j in (i + 1)..<4 { #expect(jacobian[i][j] == 0, "c = \(c): z_\(i) depends on x_\(j)") } }
            diagonals.append((1..<4).map { jacobian[$0][$0] })
        }
        #expect(diagonals[0] != diagonals[1] && diagonals[1] != diagonals[2])
    }

    @Test func couplingLeavesTheIdentityHalfUntouched() {
        var g = SplitMix64(seed: 5)
        let layer = AffineCouplingBijection(featureCount: 5, transformsSecondHalf: true, hiddenCounts: [8], using: &g)
        let x = Tensor.randomNormal(shape: [7, 5], using: &g)
        let z = layer.forward(x).output
        #expect(z.slicingColumns(0..<2).scalars == x.slicingColumns(0..<2).scalars)
        #expect(z.slicingColumns(2..<5).scalars != x.slicingColumns(2..<5).scalars)
    }

    @Test func batchNormInEvaluationIsAFixedAffineMap() {
        var g = SplitMix64(seed: 6)
        let layer = BatchNormBijection(featureCount: 2)
        _ = layer.forward(Tensor.randomNormal(shape: [100, 2], using: &g) * 3 + 2)
        layer.setMode(.evaluation)
        let a = Tensor(shape: [1, 2], scalars: [1, -1]), b = Tensor(shape: [1, 2], scalars: [3, 5])
        let both = layer.forward(Tensor(shape: [2, 2], scalars: [1, -1, 3, 5]))
        #expect(both.output.scalars == layer.forward(a).output.scalars + layer.forward(b).output.scalars)
        let mid = layer.forward(Tensor(shape: [1, 2], scalars: [2, 2])).output.doubles
        let ends = both.output.doubles
        #expect(isApproximatelyEqual(mid, [(ends[0] + ends[2]) / 2, (ends[1] + ends[3]) / 2], tolerance: 1e-5))
        #expect(both.logAbsDet.doubles[0] == both.logAbsDet.doubles[1])
    }

    @Test func batchNormInTrainingStandardisesTheBatch() {
        var g = SplitMix64(seed: 7)
        let layer = BatchNormBijection(featureCount: 3)
        let z = layer.forward(Tensor.randomNormal(shape: [400, 3], using: &g) * 4 - 3).output
        #expect(z.mean(alongAxis: 0).doubles.allSatisfy { abs($0) < 1e-4 })
        #expect(z.squared().mean(alongAxis: 0).doubles.allSatisfy { abs($0 - 1) < 1e-3 })
    }
}
