import Datasets

extension DensityGrid {
    /// The rectangle a density grid covers: its first and last grid columns lie on `xRange`'s bounds and
    /// its first (bottom) and last (top) rows on `yRange`'s.
    public struct Box: Sendable, Hashable {
        /// The x coordinates of the first and last grid columns.
        public let xRange: ClosedRange<Double>
        /// The y coordinates of the first (bottom) and last (top) grid rows.
        public let yRange: ClosedRange<Double>

        /// The margin the authors' 2-D plots leave around the data's bounding box (the authors' code for Cornish et al. 2020).
        public static let defaultMargin = 0.2

        /// A box from its two ranges.
        ///
        /// - Throws: ``FigureError/invalidRange(axis:lowerBound:upperBound:)`` for an empty or infinite range.
        public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) throws {
            for (axis, range) in [("x", xRange), ("y", yRange)] {
                guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
                    throw FigureError.invalidRange(axis: axis, lowerBound: range.lowerBound, upperBound: range.upperBound)
                }
            }
            self.xRange = xRange
            self.yRange = yRange
        }

        /// The square [−halfWidth, halfWidth]², e.g. a wide box for checking that a density integrates to 1.
        ///
        /// - Throws: ``FigureError/invalidRange(axis:lowerBound:upperBound:)`` unless `halfWidth` is positive and finite.
        public init(halfWidth: Double) throws {
            guard halfWidth.isFinite, halfWidth > 0 else {
                throw FigureError.invalidRange(axis: "x", lowerBound: -halfWidth, upperBound: halfWidth)
            }
            try self.init(xRange: -halfWidth...halfWidth, yRange: -halfWidth...halfWidth)
        }

        /// The bounding box of `data` widened by `margin` on every side, as the paper code frames its 2-D plots:
        /// x ∈ [min x₁ − margin, max x₁ + margin], y ∈ [min x₂ − margin, max x₂ + margin].
        ///
        /// - Parameter data: `[rows, 2]`, at least one row, all finite.
        /// - Throws: ``FigureError/dimensionMismatch(expected:actual:)``, ``FigureError/emptyData``,
        ///   ``FigureError/nonFiniteData(row:column:)``, or an invalid range when `margin` is not positive.
        public init(enclosing data: DataTable, margin: Double = Box.defaultMargin) throws {
            guard data.columnCount == 2 else { throw FigureError.dimensionMismatch(expected: 2, actual: data.columnCount) }
            guard data.rowCount > 0 else { throw FigureError.emptyData }
            guard margin.isFinite, margin > 0 else {
                throw FigureError.invalidParameter(name: "margin", value: "\(margin)", expected: "a positive finite number")
            }
            var lower = [Double.infinity, .infinity], upper = [-Double.infinity, -.infinity]
            for (index, value) in data.values.enumerated() {
                guard value.isFinite else { throw FigureError.nonFiniteData(row: index / 2, column: index % 2) }
                lower[index % 2] = min(lower[index % 2], value)
                upper[index % 2] = max(upper[index % 2], value)
            }
            try self.init(xRange: (lower[0] - margin)...(upper[0] + margin), yRange: (lower[1] - margin)...(upper[1] + margin))
        }
    }
}
