import Foundation
import Datasets

extension DensityGrid {
    /// The empirical density of `data`: a 2-D histogram whose bins are centred on the grid points,
    /// so that a data panel shares the grid layout, box and colour scale of the model panels.
    ///
    /// Each point counts towards its nearest grid point; a bin's density is count / (N · Δx · Δy) with N
    /// all rows of `data` (points beyond half a cell outside the box count in N but in no bin). Empty bins
    /// get log 0 = −∞, which plots in the lowest colour.
    ///
    /// - Parameters:
    ///   - data: `[N, 2]`, at least one row, all finite.
    ///   - box: the rectangle to cover.
    ///   - gridSize: bins per side; about √N / 2 keeps most bins of a 10,000-point set populated.
    /// - Throws: ``FigureError`` for data that are not 2-D, empty or non-finite, and for a grid below 2 × 2.
    public init(histogramOf data: DataTable, over box: Box, gridSize: Int = 60) throws {
        guard data.columnCount == 2 else { throw FigureError.dimensionMismatch(expected: 2, actual: data.columnCount) }
        guard data.rowCount > 0 else { throw FigureError.emptyData }
        try Self.validate(gridSize: gridSize)
        var counts = [Int](repeating: 0, count: gridSize * gridSize)
        let last = Double(gridSize - 1)
        func bin(_ value: Double, _ range: ClosedRange<Double>) -> Int? {
            let position = ((value - range.lowerBound) / (range.upperBound - range.lowerBound) * last).rounded()
            return position >= 0 && position <= last ? Int(position) : nil
        }
        for row in 0..<data.rowCount {
            let x = data[row, 0], y = data[row, 1]
            guard x.isFinite, y.isFinite else { throw FigureError.nonFiniteData(row: row, column: x.isFinite ? 1 : 0) }
            if let column = bin(x, box.xRange), let gridRow = bin(y, box.yRange) {
                counts[gridRow * gridSize + column] += 1
            }
        }
        let logNormaliser = Foundation.log(Double(data.rowCount) * Self.cellArea(of: box, gridSize: gridSize))
        try self.init(logDensities: counts.map { Foundation.log(Double($0)) - logNormaliser }, gridSize: gridSize, box: box)
    }
}
