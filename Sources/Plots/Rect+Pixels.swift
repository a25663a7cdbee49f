extension Rect where Coordinate == Int {
    /// Whether the rectangle covers no pixel.
    var isEmpty: Bool { width <= 0 || height <= 0 }

    /// Whether pixel (`column`, `row`) lies inside.
    func contains(column: Int, row: Int) -> Bool {
        column >= x && column < maxX && row >= y && row < maxY
    }
}
