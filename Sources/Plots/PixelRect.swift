/// A rectangle of whole pixels: columns `x ..< x + width`, rows `y ..< y + height` (y grows downwards).
struct PixelRect: Hashable, Sendable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    /// One past the rightmost column.
    var maxX: Int { x + width }
    /// One past the bottom row.
    var maxY: Int { y + height }
    /// Whether the rectangle covers no pixel.
    var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The overlap of two rectangles, empty (zero width or height) when they are disjoint.
    func intersection(_ other: PixelRect) -> PixelRect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        return PixelRect(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
    }

    /// Whether pixel (`column`, `row`) lies inside.
    func contains(column: Int, row: Int) -> Bool {
        column >= x && column < maxX && row >= y && row < maxY
    }
}
