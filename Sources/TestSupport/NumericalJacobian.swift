import Tensors
import Foundation

/// Jacobians by central differences and log|det| by LU decomposition, in Double.
public enum NumericalJacobian {
    /// The D×D Jacobian of `f` at the single point `x` (`[D]` values), row i = ∂f_i/∂x.
    public static func jacobian(of f: ([Double]) -> [Double], at x: [Double], step: Double = 1e-5) -> [[Double]] {
        let d = x.count
        var columns: [[Double]] = []
        for j in 0..<d {
            var plus = x, minus = x
            plus[j] += step
            minus[j] -= step
            let up = f(plus), down = f(minus)
            columns.append(zip(up, down).map { ($0 - $1) / (2 * step) })
        }
        return (0..<columns[0].count).map { i in (0..<d).map { j in columns[j][i] } }
    }

    /// log |det A| by Gaussian elimination with partial pivoting.
    public static func logAbsDeterminant(_ matrix: [[Double]]) -> Double {
        var a = matrix
        let n = a.count
        var total = 0.0
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) } ?? column
            a.swapAt(column, pivot)
            let value = a[column][column]
            if value == 0 { return -.infinity }
            total += Foundation.log(abs(value))
            for row in (column + 1)..<max(n, column + 1) {
                let factor = a[row][column] / value
                for k in column..<n { a[row][k] -= factor * a[column][k] }
            }
        }
        return total
    }
}
