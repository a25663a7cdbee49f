import Foundation

extension DataTable {
    /// The mean of every column, `[columnCount]` (NumPy's `x.mean(axis=0)`).
    public func columnMeans() -> [Double] {
        var sums = [Double](repeating: 0, count: columnCount)
        guard rowCount > 0 else { return sums.map { _ in .nan } }
        values.withUnsafeBufferPointer { source in
            sums.withUnsafeMutableBufferPointer { sums in
                for row in 0 ..< rowCount {
                    let base = row * columnCount
                    for column in 0 ..< columnCount { sums[column] += source[base + column] }
                }
            }
        }
        return sums.map { $0 / Double(rowCount) }
    }

    /// The standard deviation of every column, `[columnCount]`.
    ///
    /// `sqrt(Σ (x − mean)² / (rowCount − deltaDegreesOfFreedom))`: 0 is NumPy's default `x.std(axis=0)`,
    /// 1 is pandas' default `DataFrame.std()`. Two passes (mean, then squared deviations) keep it
    /// accurate when the mean is large compared with the spread.
    public func columnStandardDeviations(deltaDegreesOfFreedom: Int = 0) -> [Double] {
        let means = columnMeans()
        var squares = [Double](repeating: 0, count: columnCount)
        values.withUnsafeBufferPointer { source in
            squares.withUnsafeMutableBufferPointer { squares in
                for row in 0 ..< rowCount {
                    let base = row * columnCount
                    for column in 0 ..< columnCount {
                        let deviation = source[base + column] - means[column]
                        squares[column] += deviation * deviation
                    }
                }
            }
        }
        let divisor = Double(rowCount - deltaDegreesOfFreedom)
        return squares.map { ($0 / divisor).squareRoot() }
    }

    /// Every entry shifted and scaled per column: `(x[i, j] − mean[j]) / std[j]`.
    ///
    /// - Parameters:
    ///   - mean: `[columnCount]`, usually the training columns' means.
    ///   - std: `[columnCount]`, usually the training columns' standard deviations; entries must be non-zero.
    public func standardised(mean: [Double], std: [Double]) -> DataTable {
        precondition(mean.count == columnCount && std.count == columnCount,
                     "standardised needs \(columnCount) means and standard deviations")
        var result = self
        let columnCount = columnCount
        result.values.withUnsafeMutableBufferPointer { values in
            for index in values.indices {
                let column = index % columnCount
                values[index] = (values[index] - mean[column]) / std[column]
            }
        }
        return result
    }

    /// The Pearson correlation of every pair of columns, `[columnCount][columnCount]`
    /// (NumPy's `np.corrcoef(x, rowvar=False)`, pandas' `DataFrame.corr()`).
    func columnCorrelations() -> [[Double]] {
        let means = columnMeans()
        var products = [Double](repeating: 0, count: columnCount * columnCount)
        var deviations = [Double](repeating: 0, count: columnCount)
        values.withUnsafeBufferPointer { source in
            products.withUnsafeMutableBufferPointer { products in
                for row in 0 ..< rowCount {
                    let base = row * columnCount
                    for column in 0 ..< columnCount { deviations[column] = source[base + column] - means[column] }
                    for i in 0 ..< columnCount {
                        let di = deviations[i]
                        for j in i ..< columnCount { products[i * columnCount + j] += di * deviations[j] }
                    }
                }
            }
        }
        return (0 ..< columnCount).map { i in
            (0 ..< columnCount).map { j in
                let (a, b) = (min(i, j), max(i, j))
                return products[a * columnCount + b]
                    / (products[a * columnCount + a] * products[b * columnCount + b]).squareRoot()
            }
        }
    }
}

extension DataTable {
    /// Column means and standard deviations for standardising, refusing constant columns.
    ///
    /// - Throws: `DatasetError.constantColumn` (1-based column) when a column has zero spread.
    func standardisationParameters(deltaDegreesOfFreedom: Int, source: String) throws -> (mean: [Double], std: [Double]) {
        let std = columnStandardDeviations(deltaDegreesOfFreedom: deltaDegreesOfFreedom)
        if let constant = std.firstIndex(where: { !($0 > 0) }) {
            throw DatasetError.constantColumn(source: source, column: constant + 1)
        }
        return (columnMeans(), std)
    }
}
