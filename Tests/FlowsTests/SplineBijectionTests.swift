import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// The law suite on the inputs where a spline layer could go wrong: exactly on the knots of each row's own spline, at
/// ±B, and in the tails, in coupling and autoregressive form; and the structure each form must have.
struct SplineBijectionTests {
    static let spline = RationalQuadraticSpline(binCount: 4, tailBound: 2)
    /// Where feature values go, by row: on knot 0…K of their spline, at −B or B, or in a tail.
    enum Placement: CaseIterable { case knot0, knot1, knot2, knot3, knot4, lowerBound, upperBound, lowerTail, upperTail }

    /// The value `placement` asks for, read from the knots `[rows, K + 1, n]` of row `row`, feature `j`.
    static func value(_ placement: Placement, knots: Tensor, row: Int, feature j: Int, n: Int) -> Double {
        let k = spline.binCount
        switch placement {
        case .lowerBound: return -spline.tailBound
        case .upperBound: return spline.tailBound
        case .lowerTail: return -spline.tailBound - 0.6
        case .upperTail: return spline.tailBound + 1.3
        default:
            let knot = Placement.allCases.firstIndex(of: placement) ?? 0
            return knots[flat: (row * (k + 1) + knot) * n + j]
        }
    }

    /// Row r puts feature j at placement (r + j) mod 9, so every feature meets every placement.
    static func placement(row: Int, feature j: Int) -> Placement { Placement.allCases[(row + j) % Placement.allCases.count] }

    static func expectLaws(_ bijection: any Bijection, at x: Tensor, index: Tensor? = nil) {
        let report = BijectionLaws.check(bijection, at: x, index: index, jacobianStep: 1e-7)
        #expect(report.shapesAndFinitenessHold, "\(report)")
        #expect(report.roundTripError < 1e-10, "\(report)")
        #expect(report.logDetCancellationError < 1e-10, "\(report)")
        #expect(report.jacobianLogDetError < 1e-6, "\(report)")
        #expect(report.compositionIdentityError < 1e-10, "\(report)")
    }

    @Test func couplingOnKnotsBoundsAndTails() {
        var g = SplitMix64(seed: 1)
        let layer = CouplingBijection(featureCount: 5, transformsSecondHalf: true, hiddenCounts: [8], indexCount: 1, transform: Self.spline, using: &g)
        layer.convert(to: .float64)
        let rows = 9
        let identity = randomDoubles([rows, 2], seed: 2), u = randomDoubles([rows, 1], seed: 3)
        let θ = layer.transform.parameters(from: layer.conditioner(Tensor.concatenatingColumns([identity, u])), featureCount: 3)
        var values: [Double] = []
        for row in 0..<rows {
            values += [identity[row, 0], identity[row, 1]]
            values += (0..<3).map { Self.value(Self.placement(row: row, feature: $0), knots: θ.knotsX, row: row, feature: $0, n: 3) }
        }
        let x = Tensor(shape: [rows, 5], doubles: values)
        Self.expectLaws(layer, at: x, index: u)
        // Knots go to knots: the transformed value of a knot placement is that row's y-knot.
        let z = layer.forward(x, index: u).output
        for row in 0..<rows {
            for j in 0..<3 {
                let placement = Self.placement(row: row, feature: j)
                let expected = [.lowerBound, .upperBound, .lowerTail, .upperTail].contains(placement)
                    ? x[row, 2 + j] : Self.value(placement, knots: θ.knotsY, row: row, feature: j, n: 3)
                #expect(abs(z[row, 2 + j] - expected) < 1e-12)
            }
        }
    }

    @Test func autoregressiveOnKnotsBoundsAndTails() {
        var g = SplitMix64(seed: 4)
        let layer = AutoregressiveBijection(featureCount: 3, hiddenCounts: [9, 9], transform: Self.spline, using: &g)
        layer.convert(to: .float64)
        let rows = 9
        // Feature j's spline depends only on features before it, so setting the features in order puts each on a knot
        // of its own spline (the D passes of the inverse, with the knots as the targets).
        var values = [Double](repeating: 0, count: rows * 3)
        for j in 0..<3 {
            let θ = layer.transform.parameters(from: layer.made.output(Tensor(shape: [rows, 3], doubles: values)), featureCount: 3)
            for row in 0..<rows { values[row * 3 + j] = Self.value(Self.placement(row: row, feature: j), knots: θ.knotsX, row: row, feature: j, n: 3) }
        }
        Self.expectLaws(layer, at: Tensor(shape: [rows, 3], doubles: values))
    }

    /// ∂z_i/∂x_j = 0 for j > i, and z_i depends on some earlier x_j: numerically, through the spline's parameters.
    @Test func autoregressiveSplineIsTriangular() {
        var g = SplitMix64(seed: 5)
        let layer = AutoregressiveBijection(featureCount: 4, hiddenCounts: [10, 10], transform: Self.spline, using: &g)
        layer.convert(to: .float64)
        let x = randomDoubles([1, 4], seed: 6).doubles
        let jacobian = NumericalJacobian.jacobian(of: { layer.forward(Tensor(shape: [1, 4], doubles: $0)).output.doubles }, at: x)
        for i in 0..<4 { for j in (i + 1)..<4 { #expect(jacobian[i][j] == 0) } }
        #expect(jacobian[3].prefix(3).contains { $0 != 0 })
    }

    @Test func couplingSplineLeavesTheIdentityHalfUntouched() {
        var g = SplitMix64(seed: 7)
        let layer = CouplingBijection(featureCount: 5, transformsSecondHalf: false, hiddenCounts: [8], transform: Self.spline, using: &g)
        let x = Tensor.randomNormal(shape: [7, 5], using: &g)
        let z = layer.forward(x).output
        #expect(z.slicingColumns(2..<5).scalars == x.slicingColumns(2..<5).scalars)
        #expect(z.slicingColumns(0..<2).scalars != x.slicingColumns(0..<2).scalars)
        #expect(layer.parameterCount == (3 * 8 + 8) + (8 * 2 * 11 + 2 * 11) && layer.sublayerNames == ["coupler"])
    }
}
