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
        // Only the part within `reach` of the clip rectangle can cover a pixel; cutting the segment there
        // first keeps far-away endpoints (a clipped outlier at 1e300) from overflowing the geometry.
        let window = (lower: SIMD2(Double(clip.x) - reach, Double(clip.y) - reach),
                      upper: SIMD2(Double(clip.maxX) + reach, Double(clip.maxY) + reach))
        guard let (start, end) = Self.clip(from: start, to: end, lower: window.lower, upper: window.upper),
              isFinite(start), isFinite(end)
        else { return }
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
        guard !lower.isNaN, !upper.isNaN else { return nil }
        // Clamp in floating point first so that huge coordinates never overflow `Int`.
        let first = max(Double(limits.lowerBound), (lower - 0.5).rounded(.down))
        let last = min(Double(limits.upperBound - 1), (upper + 0.5).rounded(.up))
        guard first <= last else { return nil }
        return Int(first)...Int(last)
    }

    /// The part of the segment inside the box `lower … upper`, or nil if it misses the box
    /// (Liang & Barsky, *A new concept and method for line clipping*, ACM TOG 3(1), 1984).
    private static func clip(
        from start: SIMD2<Double>, to end: SIMD2<Double>, lower: SIMD2<Double>, upper: SIMD2<Double>
    ) -> (SIMD2<Double>, SIMD2<Double>)? {
        // Scale first so that the difference of two huge endpoints cannot overflow to infinity.
        let scale = max(1, abs(start.x), abs(start.y), abs(end.x), abs(end.y))
        let scaledDirection = end / scale - start / scale
        var entering = 0.0, leaving = 1.0
        for axis in 0..<2 {
            let step = scaledDirection[axis]
            let toLower = (lower[axis] - start[axis]) / scale, toUpper = (upper[axis] - start[axis]) / scale
            if step == 0 {
                if toLower > 0 || toUpper < 0 { return nil }
                continue
            }
            let first = min(toLower / step, toUpper / step), second = max(toLower / step, toUpper / step)
            entering = max(entering, first)
            leaving = min(leaving, second)
            if entering > leaving { return nil }
        }
        return (start + entering * scaledDirection * scale, start + leaving * scaledDirection * scale)
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
