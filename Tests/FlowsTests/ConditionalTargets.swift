import Foundation
import Tensors

/// Conditional targets whose densities are known in closed form, for the learning tests of conditional models.
enum ConditionalTargets {
    /// x | c ~ N(A c + b, L Lᵀ) with c ~ N(0, I₂), 2-D x and 2-D c (a linear-Gaussian regression).
    enum LinearGaussian {
        static let a = [[1.0, -0.5], [0.4, 0.8]], b = [0.5, -1.0]
        /// The lower-triangular Cholesky factor L of Σ.
        static let l = [[0.6, 0.0], [0.3, 0.5]]

        /// `count` rows of (x, c), Double.
        static func sample(_ count: Int, using generator: inout SplitMix64) -> (x: [Double], c: [Double]) {
            let c = Tensor.randomNormal(shape: [count, 2], dtype: .float64, using: &generator).doubles
            let noise = Tensor.randomNormal(shape: [count, 2], dtype: .float64, using: &generator).doubles
            var x: [Double] = []
            for row in 0..<count {
                let mean = mean(given: [c[2 * row], c[2 * row + 1]]), e = [noise[2 * row], noise[2 * row + 1]]
                x += [mean[0] + l[0][0] * e[0], mean[1] + l[1][0] * e[0] + l[1][1] * e[1]]
            }
            return (x, c)
        }

        static func mean(given c: [Double]) -> [Double] {
            [a[0][0] * c[0] + a[0][1] * c[1] + b[0], a[1][0] * c[0] + a[1][1] * c[1] + b[1]]
        }

        /// log N(x; A c + b, L Lᵀ).
        static func logDensity(x: [Double], c: [Double]) -> Double {
            let mean = mean(given: c)
            let e0 = (x[0] - mean[0]) / l[0][0]
            let e1 = (x[1] - mean[1] - l[1][0] * e0) / l[1][1]
            return -0.5 * (e0 * e0 + e1 * e1) - Foundation.log(l[0][0] * l[1][1]) - Foundation.log(2 * Double.pi)
        }
    }

    /// A label l ∈ {0, 1, 2} with probabilities `weights`, and x | l ~ N(μ_l, diag σ_l²) in 2-D: p(x | l) and the
    /// marginal p(x) = Σ_l π_l p(x | l) in closed form, and the mutual information I(x; l) by quadrature.
    enum LabelMixture {
        static let weights = [0.5, 0.3, 0.2]
        static let means = [[-1.0, 0.0], [1.0, 0.5], [0.0, -1.2]]
        static let scales = [[0.7, 0.7], [0.6, 0.9], [0.8, 0.5]]

        /// `count` rows of x and the one-hot label, Double.
        static func sample(_ count: Int, using generator: inout SplitMix64) -> (x: [Double], c: [Double]) {
            let u = Tensor.randomUniform(shape: [count], dtype: .float64, using: &generator).doubles
            let noise = Tensor.randomNormal(shape: [count, 2], dtype: .float64, using: &generator).doubles
            var x: [Double] = [], c: [Double] = []
            for row in 0..<count {
                let label = u[row] < weights[0] ? 0 : (u[row] < weights[0] + weights[1] ? 1 : 2)
                x += (0..<2).map { means[label][$0] + scales[label][$0] * noise[2 * row + $0] }
                c += (0..<3).map { $0 == label ? 1 : 0 }
            }
            return (x, c)
        }

        /// The label of row `row` of one-hot rows `c` (3 values a row).
        static func label(ofRow row: Int, in c: [Double]) -> Int {
            (0..<3).first { c[3 * row + $0] == 1 } ?? 0
        }

        static func logComponent(_ label: Int, x: [Double]) -> Double {
            (0..<2).reduce(-Foundation.log(2 * Double.pi)) { total, j in
                let e = (x[j] - means[label][j]) / scales[label][j]
                return total - 0.5 * e * e - Foundation.log(scales[label][j])
            }
        }

        static func logMarginal(x: [Double]) -> Double {
            Foundation.log((0..<3).reduce(0) { $0 + weights[$1] * Foundation.exp(logComponent($1, x: x)) })
        }

        /// I(x; l) = Σ_l π_l ∫ p(x | l) log (p(x | l) / p(x)) dx by the midpoint rule on [−8, 8]² with step 0.02 (the
        /// Gaussian tails beyond carry less than 10⁻¹⁵ of the mass; the rule is spectrally accurate for these integrands).
        static var mutualInformation: Double {
            let step = 0.02, grid = stride(from: -8.0 + step / 2, to: 8.0, by: step).map { $0 }
            var total = 0.0
            for x0 in grid {
                for x1 in grid {
                    let x = [x0, x1], logMarginal = logMarginal(x: x)
                    for label in 0..<3 {
                        let logComponent = logComponent(label, x: x)
                        total += weights[label] * Foundation.exp(logComponent) * (logComponent - logMarginal)
                    }
                }
            }
            return total * step * step
        }
    }
}
