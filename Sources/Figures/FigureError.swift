import FileSystem

/// Bad input to the figure builders (density grids, density figures, training curves), saying what was
/// expected, what arrived and where. Rendering and file errors from Plots arrive as `PlotError`, and
/// model errors as `DensityError`, unchanged.
public enum FigureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A count or size lay outside its valid domain, e.g. a grid of fewer than 2 points per side.
    case invalidParameter(name: String, value: String, expected: String)
    /// An axis range was empty or not finite; `axis` names it ("x", "y").
    case invalidRange(axis: String, lowerBound: Double, upperBound: Double)
    /// Data or a model had `actual` features where a 2-D figure needs `expected`.
    case dimensionMismatch(expected: Int, actual: Int)
    /// A table with no rows was given where points were needed, e.g. to fit a box around the data.
    case emptyData
    /// The data hold a NaN or an infinity at (row, column), both 0-based.
    case nonFiniteData(row: Int, column: Int)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, expected):
            return "Invalid \(name): expected \(expected), got \(value)."
        case let .invalidRange(axis, lowerBound, upperBound):
            return "Invalid \(axis) range: expected finite bounds with lower < upper, got \(lowerBound)...\(upperBound)."
        case let .dimensionMismatch(expected, actual):
            return "Expected \(expected)-dimensional data or model for a 2-D figure, got \(MessageText.count(actual, "dimension"))."
        case .emptyData:
            return "Expected at least one data point, got an empty table."
        case let .nonFiniteData(row, column):
            return "The data contain a non-finite value (NaN or infinity) at row \(row + 1), column \(column + 1)."
        }
    }
}
