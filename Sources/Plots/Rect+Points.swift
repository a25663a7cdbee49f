extension Rect where Coordinate == Double {
    /// The horizontal centre.
    var midX: Double { x + width / 2 }
    /// The vertical centre.
    var midY: Double { y + height / 2 }

    /// Whether the point (`x`, `y`) lies inside or on the edge.
    func contains(_ point: SIMD2<Double>) -> Bool {
        point.x >= x && point.x <= maxX && point.y >= y && point.y <= maxY
    }

    /// The pixels this rectangle covers at `scale` pixels per point, rounded inward, so that every pixel
    /// returned lies wholly inside it (for tests and for callers reading pixels back).
    func pixels(scale: Double) -> PixelRect {
        let left = Int((x * scale).rounded(.up)), top = Int((y * scale).rounded(.up))
        let right = Int((maxX * scale).rounded(.down)), bottom = Int((maxY * scale).rounded(.down))
        return PixelRect(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
    }
}
