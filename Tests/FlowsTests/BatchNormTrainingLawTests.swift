import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// Batch norm as a bijection in training mode (RealNVP §3.6, MAF §3.4), where the map is standardisation by the
/// batch's own mean m and biased variance v: z = (x − m) / √(v + ε) ⊙ exp(γ) + β, log|det| = Σ (γ − ½ log(v + ε)).
/// The evaluation-mode law suite (`BijectionLawTests`) cannot see this mode: its map depends on the whole batch.
struct BatchNormTrainingLawTests {
    static let featureCount = 3

    /// A float64 layer with γ and β away from zero, so that a wrong sign or a dropped term shows.
    static func layer(momentum: Double = 0.1) -> BatchNormBijection {
        let layer = BatchNormBijection(featureCount: featureCount, momentum: momentum)
        layer.convert(to: .float64)
        layer.logScale!.value = Tensor(shape: [featureCount], doubles: [0.3, -0.4, 0.1])
        layer.shift!.value = Tensor(shape: [featureCount], doubles: [1, -2, 0.5])
        return layer
    }

    /// A batch whose features have very different means and spreads.
    static func batch(rows: Int, seed: UInt64) -> Tensor {
        var g = SplitMix64(seed: seed)
        let x = Tensor.randomNormal(shape: [rows, featureCount], dtype: .float64, using: &g)
        return x * Tensor(shape: [featureCount], doubles: [3, 0.2, 1]) + Tensor(shape: [featureCount], doubles: [-5, 2, 0])
    }

    /// The map and its log-determinant written out in Double from the batch's columns, independently of the tensors.
    @Test func trainingModeStandardisesByTheBatchStatistics() {
        let layer = Self.layer()
        let x = Self.batch(rows: 9, seed: 1)
        let (z, logAbsDet) = layer.forward(x)
        let values = x.doubles, rows = 9, d = Self.featureCount, epsilon = layer.epsilon
        let gamma = layer.logScale!.value.doubles, beta = layer.shift!.value.doubles
        var expectedLogDet = 0.0
        var expected = [Double](repeating: 0, count: values.count)
        for j in 0 ..< d {
            let column = (0 ..< rows).map { values[$0 * d + j] }
            let m = column.reduce(0, +) / Double(rows)
            let v = column.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(rows)   // biased, as in the layer
            for i in 0 ..< rows { expected[i * d + j] = (column[i] - m) / (v + epsilon).squareRoot() * exp(gamma[j]) + beta[j] }
            expectedLogDet += gamma[j] - 0.5 * log(v + epsilon)
        }
        #expect(isApproximatelyEqual(z.doubles, expected, tolerance: 1e-12))
        // The same log-determinant for every row: the statistics are the batch's, not the row's.
        #expect(isApproximatelyEqual(logAbsDet.doubles, [Double](repeating: expectedLogDet, count: rows), tolerance: 1e-12))
    }

    /// With momentum 1 the running averages become the batch's statistics, so evaluation mode then applies the very
    /// map training mode applied, and `inverse` (which always uses the running averages) undoes it.
    @Test func momentumOneCarriesTheBatchMapToEvaluationAndInverse() {
        let layer = Self.layer(momentum: 1)
        let x = Self.batch(rows: 12, seed: 2)
        let trained = layer.forward(x)
        layer.setMode(.evaluation)
        let evaluated = layer.forward(x)
        #expect(isApproximatelyEqual(trained.output.doubles, evaluated.output.doubles, tolerance: 1e-12))
        #expect(isApproximatelyEqual(trained.logAbsDet.doubles, evaluated.logAbsDet.doubles, tolerance: 1e-12))
        let back = layer.inverse(trained.output)
        #expect(isApproximatelyEqual(back.output.doubles, x.doubles, tolerance: 1e-10))
        #expect(isApproximatelyEqual(back.logAbsDet.doubles, trained.logAbsDet.doubles.map { -$0 }, tolerance: 1e-12))
    }

    /// Reverse mode through the batch mean and variance (every row's output depends on every row) against central
    /// differences: relative error ≤ 1e-6, the bound every layer gradient test uses.
    @Test func gradientsThroughTheBatchStatisticsMatchFiniteDifferences() {
        let layer = Self.layer()
        let x = Parameter(name: "input", value: Self.batch(rows: 6, seed: 3))
        var g = SplitMix64(seed: 4)
        let weights = Tensor.randomNormal(shape: [6, Self.featureCount], dtype: .float64, using: &g)
        let error = GradientCheck.relativeError(of: {
            let (z, logAbsDet) = layer.forward(x.value)
            return (z * weights).sum() + logAbsDet.sum()
        }, parameters: [x] + layer.parameters)
        #expect(error <= 1e-6, "relative error \(error)")
    }
}
