import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// The rational-quadratic spline as an elementwise transform: against a scalar transcription of the paper's
/// equations, at its knots, at ±B and in its tails, its inverse, its log-derivative against central differences, and
/// the gradients through it.
struct RationalQuadraticSplineTests {
    static let spline = RationalQuadraticSpline(binCount: 5, tailBound: 2.5)

    /// Raw parameters for `rows` × 3 features, laid out by parameter, spread enough to give uneven bins.
    static func raw(rows: Int, features n: Int = 3, seed: UInt64) -> Tensor {
        randomDoubles([rows, spline.parameterCount * n], seed: seed) * 1.5
    }

    /// Durkan et al. (2019), §3 and Appendix A, for one spline and one x, written from the paper with scalars only.
    static func reference(_ x: Double, widths w: [Double], heights h: [Double], derivatives d: [Double], bound: Double) -> (y: Double, logDerivative: Double) {
        func knots(_ raw: [Double], minimum: Double) -> [Double] {
            let m = raw.max() ?? 0, e = raw.map { Foundation.exp($0 - m) }, total = e.reduce(0, +)
            let fractions = e.map { minimum + (1 - minimum * Double(raw.count)) * $0 / total }
            var knots = [-bound]
            for f in fractions.dropLast() { knots.append((knots.last ?? 0) + 2 * bound * f) }
            return knots + [bound]
        }
        guard abs(x) <= bound else { return (x, 0) }
        let xs = knots(w, minimum: 1e-3), ys = knots(h, minimum: 1e-3)
        let derivatives = [1] + d.map { 1e-3 + Foundation.log1p(Foundation.exp($0)) } + [1]
        let k = min(max((xs.lastIndex { $0 <= x } ?? 0), 0), w.count - 1)
        let width = xs[k + 1] - xs[k], height = ys[k + 1] - ys[k], slope = height / width
        let xi = (x - xs[k]) / width
        let denominator = slope + (derivatives[k] + derivatives[k + 1] - 2 * slope) * xi * (1 - xi)
        let y = ys[k] + height * (slope * xi * xi + derivatives[k] * xi * (1 - xi)) / denominator
        let numerator = slope * slope * (derivatives[k + 1] * xi * xi + 2 * slope * xi * (1 - xi) + derivatives[k] * (1 - xi) * (1 - xi))
        return (y, Foundation.log(numerator) - 2 * Foundation.log(denominator))
    }

    /// A scalar that weights every element differently, so that a wrong gradient element shows.
    static func weightedSum(_ y: Tensor) -> Tensor {
        let weights: [Double] = (0..<y.elementCount).map { (index: Int) -> Double in
            let a = 0.37 * Double(index % 7), b = 0.11 * Double(index % 3)
            return 0.5 + a - b
        }
        return (y * Tensor(shape: y.shape, doubles: weights)).sum()
    }

    /// The raw values of row `row`, feature `j` (of `n`): its K widths, K heights and K − 1 derivatives.
    static func rawParameters(_ raw: Tensor, row: Int, feature j: Int, n: Int) -> (widths: [Double], heights: [Double], derivatives: [Double]) {
        let k = spline.binCount
        let values = (0..<spline.parameterCount).map { p in raw[row, p * n + j] }
        return (Array(values[0..<k]), Array(values[k..<(2 * k)]), Array(values[(2 * k)...]))
    }

    @Test func agreesWithTheEquationsOfThePaper() {
        let raw = Self.raw(rows: 40, seed: 1)
        let x = randomDoubles([40, 3], seed: 2) * 2
        let (y, logDerivative) = Self.spline.forward(x, Self.spline.parameters(from: raw, featureCount: 3))
        for row in 0..<40 {
            for j in 0..<3 {
                let p = Self.rawParameters(raw, row: row, feature: j, n: 3)
                let expected = Self.reference(x[row, j], widths: p.widths, heights: p.heights, derivatives: p.derivatives, bound: 2.5)
                #expect(abs(y[row, j] - expected.y) < 1e-12 && abs(logDerivative[row, j] - expected.logDerivative) < 1e-12, "row \(row), feature \(j)")
            }
        }
    }

    /// Every knot maps to its y-knot (with slope d_k there), ±B to ±B, and the tails are the identity with log f′ = 0.
    @Test func knotsBoundsAndTails() {
        let raw = Self.raw(rows: 2, seed: 3)
        let θ = Self.spline.parameters(from: raw, featureCount: 3)
        let k = Self.spline.binCount
        for knot in 0...k {
            let x = θ.knotsX.slicing(alongAxis: 1, knot..<(knot + 1)).reshaped(to: [2, 3])
            let (y, logDerivative) = Self.spline.forward(x, θ)
            #expect(maximumAbsoluteDifference(y, θ.knotsY.slicing(alongAxis: 1, knot..<(knot + 1)).reshaped(to: [2, 3])) < 1e-12)
            #expect(maximumAbsoluteDifference(logDerivative, θ.derivatives.slicing(alongAxis: 1, knot..<(knot + 1)).reshaped(to: [2, 3]).log()) < 1e-12)
            #expect(maximumAbsoluteDifference(Self.spline.inverse(y, θ).output, x) < 1e-12)
        }
        #expect(θ.knotsX.slicing(alongAxis: 1, 0..<1).doubles.allSatisfy { $0 == -2.5 } && θ.knotsY.slicing(alongAxis: 1, k..<(k + 1)).doubles.allSatisfy { $0 == 2.5 })
        let tails = Tensor(shape: [2, 3], doubles: [-2.5000001, 3, -40, 2.5000001, -3, 1e6])
        let (y, logDerivative) = Self.spline.forward(tails, θ)
        #expect(y.doubles == tails.doubles && logDerivative.doubles.allSatisfy { $0 == 0 })
        #expect(Self.spline.inverse(tails, θ).output.doubles == tails.doubles)
    }

    @Test func inverseUndoesForwardAndNegatesItsLogDerivative() {
        let raw = Self.raw(rows: 200, seed: 4)
        let θ = Self.spline.parameters(from: raw, featureCount: 3)
        let x = randomDoubles([200, 3], seed: 5) * 1.6
        let (y, logDerivative) = Self.spline.forward(x, θ)
        let (back, inverseLogDerivative) = Self.spline.inverse(y, θ)
        #expect(maximumAbsoluteDifference(back, x) < 1e-11)
        #expect(maximumAbsoluteDifference(inverseLogDerivative, -logDerivative) < 1e-10)
        // Strictly increasing along a fine grid through every bin and both tails.
        let grid = Tensor(shape: [1000, 1], doubles: (0..<1000).map { -3 + 6 * Double($0) / 999 })
        let θ1 = Self.spline.parameters(from: Self.raw(rows: 1, features: 1, seed: 6).repeatingRows(1000), featureCount: 1)
        let values = Self.spline.forward(grid, θ1).output.doubles
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func logDerivativeMatchesCentralDifferences() {
        let raw = Self.raw(rows: 30, seed: 7)
        let θ = Self.spline.parameters(from: raw, featureCount: 3)
        let x = randomDoubles([30, 3], seed: 8) * 1.6
        let h = 1e-6
        let slope = (Self.spline.forward(x + h, θ).output - Self.spline.forward(x - h, θ).output) / (2 * h)
        #expect(maximumAbsoluteDifference(slope.log(), Self.spline.forward(x, θ).logDerivative) < 1e-7)
    }

    /// Gradients with respect to the inputs and to the raw network outputs, forward and inverse, against central
    /// differences (the points stay inside bins: a derivative across a knot is one-sided).
    @Test(arguments: [false, true])
    func gradientsMatchFiniteDifferences(inverse: Bool) {
        let spline = RationalQuadraticSpline(binCount: 4, tailBound: 2, unnormalizedScale: 0.5)
        let raw = randomDoubles([3, spline.parameterCount * 2], seed: 9)
        let x = Tensor(shape: [3, 2], doubles: [-1.3, 0.2, 0.9, -0.4, 1.7, 3.1])   // the last one in a tail
        let error = GradientCheck.relativeError(of: { inputs in
            let θ = spline.parameters(from: inputs[1], featureCount: 2)
            let (y, logDerivative) = inverse ? spline.inverse(inputs[0], θ) : spline.forward(inputs[0], θ)
            return Self.weightedSum(y) + Self.weightedSum(logDerivative * 0.7)
        }, at: [x, raw])
        #expect(error <= 1e-6)
    }

    /// Float agrees with Double to Float precision, and its round trip holds to Float precision.
    @Test func floatAgreesWithDouble() {
        let raw = Self.raw(rows: 64, seed: 10)
        let x = randomDoubles([64, 3], seed: 11) * 1.5
        let double = Self.spline.forward(x, Self.spline.parameters(from: raw, featureCount: 3))
        let θ = Self.spline.parameters(from: raw.converted(to: .float32), featureCount: 3)
        let float = Self.spline.forward(x.converted(to: .float32), θ)
        #expect(float.output.dtype == .float32)
        #expect(maximumAbsoluteDifference(float.output, double.output) < 1e-5 && maximumAbsoluteDifference(float.logDerivative, double.logDerivative) < 1e-4)
        // Measured where the map is well conditioned: y → x → y (a nearly flat bin magnifies y's rounding in x).
        #expect(maximumAbsoluteDifference(Self.spline.forward(Self.spline.inverse(float.output, θ).output, θ).output, float.output) < 1e-5)
    }
}
