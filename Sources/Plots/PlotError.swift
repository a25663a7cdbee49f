/// Everything that can go wrong while laying out, encoding or writing a plot.
///
/// Each case says what was expected, what arrived and where, so a failed figure in a long
/// experiment run can be diagnosed from its log line alone.
public enum PlotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An image with no pixels cannot be encoded as PNG (the format needs width, height ≥ 1).
    case emptyImage(width: Int, height: Int)
    /// Cairo reported `reason` while doing `operation` (e.g. out of memory for a huge surface).
    case drawingFailed(operation: String, reason: String)
    /// The file at `path` could not be written or moved into place; `reason` is the system's message.
    case cannotWriteFile(path: String, reason: String)
    /// A density grid held `actual` values where `gridSize × gridSize = expected` were needed.
    case gridSizeMismatch(expected: Int, actual: Int)
    /// A plot parameter lay outside its valid domain, e.g. `gridSize` below 2 or a non-positive size.
    case invalidParameter(name: String, value: String, expected: String)
    /// An axis range was empty or not finite; `axis` names it ("x", "y").
    case invalidRange(axis: String, lowerBound: Double, upperBound: Double)
    /// A figure needs at least one panel.
    case noPanels

    /// One sentence naming what was expected and what arrived, for logs and the command line.
    public var description: String {
        switch self {
        case let .emptyImage(width, height): "Cannot encode an empty image: expected width and height ≥ 1, got \(width)×\(height)."
        case let .drawingFailed(operation, reason): "Cairo failed while \(operation): \(reason)."
        case let .cannotWriteFile(path, reason): "Cannot write file at \(path): \(reason)."
        case let .gridSizeMismatch(expected, actual): "Density grid: expected gridSize² = \(expected) values, got \(actual)."
        case let .invalidParameter(name, value, expected): "Invalid \(name): expected \(expected), got \(value)."
        case let .invalidRange(axis, lowerBound, upperBound): "Invalid \(axis) range: expected finite bounds with lower < upper, got \(lowerBound)...\(upperBound)."
        case .noPanels: "A figure needs at least one panel, got none."
        }
    }
}
