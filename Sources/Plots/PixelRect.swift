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

    /// Whether pixel (`column`, `row`) lies inside.
    func contains(column: Int, row: Int) -> Bool {
        column >= x && column < maxX && row >= y && row < maxY
    }
}
