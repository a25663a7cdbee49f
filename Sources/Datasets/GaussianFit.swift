import Foundation

/// A full-covariance Gaussian fitted by maximum likelihood (the sample mean and the covariance with
/// divisor N): the simplest density with every linear correlation, and the baseline any flow should beat.
public struct GaussianFit: Equatable, Sendable {
    /// The mean, `[D]`.
    public let mean: [Double]
    /// The lower Cholesky factor L of the covariance Σ = L Lᵀ, row-major `[D * D]`.
    public let choleskyFactor: [Double]
    /// D.
    public let dimension: Int

    /// Fits `table`; `nil` when its covariance is not positive definite (a constant column, or columns that
    /// are exact linear combinations of others), where the Gaussian's density is unbounded.
    public init?(fitting table: DataTable) {
        let dimension = table.columnCount
        guard table.rowCount > 0 else { return nil }
        let mean = table.columnMeans()
        var covariance = [Double](repeating: 0, count: dimension * dimension)
        for row in 0 ..< table.rowCount {
            let values = table.row(row)
            let deviation = (0 ..< dimension).map { values[values.startIndex + $0] - mean[$0] }
            for i in 0 ..< dimension {
                for j in 0 ... i { covariance[i * dimension + j] += deviation[i] * deviation[j] }
            }
        }
        for index in covariance.indices { covariance[index] /= Double(table.rowCount) }
        guard let factor = Self.cholesky(covariance, dimension: dimension) else { return nil }
        self.mean = mean
        self.choleskyFactor = factor
        self.dimension = dimension
    }

    /// log N(x; mean, Σ) of every row of `table`, `[rowCount]`.
    ///
    /// −½ (D log 2π + log det Σ + ‖L⁻¹(x − mean)‖²), with log det Σ = 2 Σ log L_ii.
    public func logDensities(_ table: DataTable) -> [Double] {
        precondition(table.columnCount == dimension, "GaussianFit of dimension \(dimension) given \(table.columnCount) columns")
        let logDeterminant = 2 * (0 ..< dimension).reduce(0) { $0 + log(choleskyFactor[$1 * dimension + $1]) }
        let constant = -0.5 * (Double(dimension) * log(2 * Double.pi) + logDeterminant)
        return (0 ..< table.rowCount).map { row in
            let values = table.row(row)
            var solved = [Double](repeating: 0, count: dimension)   // L y = x − mean, by forward substitution
            var squaredNorm = 0.0
            for i in 0 ..< dimension {
                var sum = values[values.startIndex + i] - mean[i]
                for j in 0 ..< i { sum -= choleskyFactor[i * dimension + j] * solved[j] }
                solved[i] = sum / choleskyFactor[i * dimension + i]
                squaredNorm += solved[i] * solved[i]
            }
            return constant - 0.5 * squaredNorm
        }
    }

    /// The mean log-density over the rows of `table`.
    public func meanLogDensity(_ table: DataTable) -> Double {
        let densities = logDensities(table)
        return densities.reduce(0, +) / Double(max(densities.count, 1))
    }

    /// The lower Cholesky factor of a symmetric matrix given by its lower triangle; `nil` unless positive
    /// definite (a pivot not above 1e-12 of the largest diagonal entry counts as zero).
    private static func cholesky(_ matrix: [Double], dimension: Int) -> [Double]? {
        var factor = [Double](repeating: 0, count: dimension * dimension)
        let tolerance = 1e-12 * ((0 ..< dimension).map { matrix[$0 * dimension + $0] }.max() ?? 0)
        for i in 0 ..< dimension {
            for j in 0 ... i {
                var sum = matrix[i * dimension + j]
                for k in 0 ..< j { sum -= factor[i * dimension + k] * factor[j * dimension + k] }
                if i == j {
                    guard sum > tolerance else { return nil }
                    factor[i * dimension + i] = sum.squareRoot()
                } else {
                    factor[i * dimension + j] = sum / factor[j * dimension + j]
                }
            }
        }
        return factor
    }
}
