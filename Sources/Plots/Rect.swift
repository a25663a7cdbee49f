/// An axis-aligned rectangle, y growing downwards as in an image: in points (`PlotRect`, 1/72 inch at a
/// figure's nominal size; the canvas's scale turns points into pixels) or in whole pixels (`PixelRect`).
struct Rect<Coordinate: Numeric & Comparable & Hashable & Sendable>: Hashable, Sendable {
    var x: Coordinate
    var y: Coordinate
    var width: Coordinate
    var height: Coordinate

    /// The right edge (for pixels, one past the rightmost column).
    var maxX: Coordinate { x + width }
    /// The bottom edge (for pixels, one past the bottom row).
    var maxY: Coordinate { y + height }
}

/// A rectangle in points.
typealias PlotRect = Rect<Double>

/// A rectangle of whole pixels: columns `x ..< x + width`, rows `y ..< y + height`.
typealias PixelRect = Rect<Int>
