/// Anti-aliased lines and discs.
///
/// Positions are continuous pixel coordinates: pixel (i, j) covers `[i, i+1) × [j, j+1)`, so its
/// centre is (i + 0.5, j + 0.5). A pixel's coverage is `clamp(r + 0.5 − d, 0, 1)`, where d is the
/// distance from its centre to the shape's core (a segment or a point) and r the half-width or radius:
/// a cheap box-filter approximation that keeps edges smooth at any width.
extension RGBAImage {
    /// Draws the segment from `start` to `end` with round caps, `width` pixels wide.
    ///
    /// Non-finite endpoints draw nothing.
    public mutating func drawLine(
        from start: SIMD2<Double>, to end: SIMD2<Double>, color: RGBAColor, width: Double = 1
    ) {
        drawLine(from: start, to: end, color: color, width: width, clippedTo: bounds)
    }

    /// Fills the disc of `radius` pixels around `center`, e.g. one scatter point.
    ///
    /// Non-finite centres or radii draw nothing.
    public mutating func fillCircle(center: SIMD2<Double>, radius: Double, color: RGBAColor) {
        fillCircle(center: center, radius: radius, color: color, clippedTo: bounds)
    }

    /// ``drawLine(from:to:color:width:)`` restricted to the pixels of `clip` (e.g. a plot's data area).
    mutating func drawLine(
        from start: SIMD2<Double>, to end: SIMD2<Double>, color: RGBAColor, width: Double, clippedTo clip: PixelRect
    ) {
        let clip = clip.intersection(bounds)
        guard !clip.isEmpty, isFinite(start), isFinite(end), width.isFinite, width > 0 else { return }
        let halfWidth = width / 2
        let reach = halfWidth + 1
        let direction = end - start
        let lengthSquared = (direction * direction).sum()
        let length = lengthSquared.squareRoot()
        guard let rows = pixelSpan(
            from: min(start.y, end.y) - reach, to: max(start.y, end.y) + reach, within: clip.y..<clip.maxY)
        else { return }
        for row in rows {
            let centerY = Double(row) + 0.5
            var left = min(start.x, end.x) - reach
            var right = max(start.x, end.x) + reach
            // On a row, the band of distance ≤ reach around the infinite line is 2·reach·length/|dy| wide.
            if abs(direction.y) * 1e6 > length {
                let crossing = start.x + (centerY - start.y) * direction.x / direction.y
                let halfSpan = reach * length / abs(direction.y)
                left = max(left, crossing - halfSpan)
                right = min(right, crossing + halfSpan)
            }
            guard let columns = pixelSpan(from: left, to: right, within: clip.x..<clip.maxX) else { continue }
            for column in columns {
                let center = SIMD2(Double(column) + 0.5, centerY)
                let distance = Self.distance(from: center, toSegmentFrom: start, direction: direction,
                                             lengthSquared: lengthSquared)
                let coverage = halfWidth + 0.5 - distance
                if coverage > 0 {
                    blend(color, opacity: Float(coverage), at: 4 * (row * self.width + column))
                }
            }
        }
    }

    /// ``fillCircle(center:radius:color:)`` restricted to the pixels of `clip`.
    mutating func fillCircle(center: SIMD2<Double>, radius: Double, color: RGBAColor, clippedTo clip: PixelRect) {
        let clip = clip.intersection(bounds)
        guard !clip.isEmpty, isFinite(center), radius.isFinite, radius > 0 else { return }
        let reach = radius + 0.5
        guard let rows = pixelSpan(from: center.y - reach, to: center.y + reach, within: clip.y..<clip.maxY),
              let columns = pixelSpan(from: center.x - reach, to: center.x + reach, within: clip.x..<clip.maxX)
        else { return }
        for row in rows {
            let deltaY = Double(row) + 0.5 - center.y
            for column in columns {
                let deltaX = Double(column) + 0.5 - center.x
                let coverage = reach - (deltaX * deltaX + deltaY * deltaY).squareRoot()
                if coverage > 0 {
                    blend(color, opacity: Float(coverage), at: 4 * (row * width + column))
                }
            }
        }
    }

    /// Draws the one-pixel outline just inside `rect`.
    mutating func strokeRectangle(_ rect: PixelRect, color: RGBAColor) {
        fill(PixelRect(x: rect.x, y: rect.y, width: rect.width, height: 1), with: color)
        fill(PixelRect(x: rect.x, y: rect.maxY - 1, width: rect.width, height: 1), with: color)
        fill(PixelRect(x: rect.x, y: rect.y + 1, width: 1, height: rect.height - 2), with: color)
        fill(PixelRect(x: rect.maxX - 1, y: rect.y + 1, width: 1, height: rect.height - 2), with: color)
    }

    // MARK: - Geometry helpers

    /// The whole pixels whose centres may lie in `[lower, upper]`, clamped to `limits`; nil if none.
    private func pixelSpan(from lower: Double, to upper: Double, within limits: Range<Int>) -> ClosedRange<Int>? {
        // Clamp in floating point first so that huge coordinates never overflow `Int`.
        let first = max(Double(limits.lowerBound), (lower - 0.5).rounded(.down))
        let last = min(Double(limits.upperBound - 1), (upper + 0.5).rounded(.up))
        guard first <= last else { return nil }
        return Int(first)...Int(last)
    }

    private func isFinite(_ point: SIMD2<Double>) -> Bool {
        point.x.isFinite && point.y.isFinite
    }

    /// Euclidean distance from `point` to the segment `origin + t·direction`, t ∈ [0, 1].
    private static func distance(
        from point: SIMD2<Double>, toSegmentFrom origin: SIMD2<Double>, direction: SIMD2<Double>,
        lengthSquared: Double
    ) -> Double {
        let offset = point - origin
        let t = lengthSquared > 0 ? min(max((offset * direction).sum() / lengthSquared, 0), 1) : 0
        let nearest = offset - t * direction
        return (nearest * nearest).sum().squareRoot()
    }
}
