/// A framed box listing each named series with a short line in its colour, placed in whichever
/// corner of the plot area covers the fewest data points.
struct ChartLegend {
    var entries: [(name: String, color: RGBAColor)]
    var labelScale: Int

    private static let swatchLength = 16
    private static let padding = 5
    private static let inset = 6

    /// Size of the box in pixels.
    var size: (width: Int, height: Int) {
        let widest = entries.map { BitmapFont.size(of: $0.name, scale: labelScale).width }.max() ?? 0
        let rowHeight = BitmapFont.lineHeight * labelScale + 2
        return (2 * Self.padding + Self.swatchLength + 4 + widest, 2 * Self.padding + entries.count * rowHeight - 2)
    }

    /// The corner box of `area` containing the fewest of `points` (pixel positions); ties prefer
    /// top-right, top-left, bottom-right, then bottom-left.
    func placement(in area: PixelRect, avoiding points: [SIMD2<Double>]) -> PixelRect {
        let (width, height) = size
        let left = area.x + Self.inset, right = area.maxX - Self.inset - width
        let top = area.y + Self.inset, bottom = area.maxY - Self.inset - height
        let corners = [(right, top), (left, top), (right, bottom), (left, bottom)].map {
            PixelRect(x: $0.0, y: $0.1, width: width, height: height)
        }
        let counts = corners.map { corner in
            points.filter { corner.contains(column: Int($0.x.rounded(.down)), row: Int($0.y.rounded(.down))) }.count
        }
        let best = counts.indices.min { counts[$0] < counts[$1] } ?? 0
        return corners[best]
    }

    /// Draws the box at `box` on a translucent background so that covered data stays faintly visible.
    func draw(on image: inout RGBAImage, box: PixelRect, textColor: RGBAColor) {
        image.fill(box, with: RGBAColor.white.withOpacity(0.85))
        image.strokeRectangle(box, color: .gray)
        let rowHeight = BitmapFont.lineHeight * labelScale + 2
        for (index, entry) in entries.enumerated() {
            let top = box.y + Self.padding + index * rowHeight
            let middle = Double(top) + 3.5 * Double(labelScale)
            let swatchStart = Double(box.x + Self.padding)
            image.drawLine(from: SIMD2(swatchStart, middle), to: SIMD2(swatchStart + Double(Self.swatchLength), middle),
                           color: entry.color, width: 2)
            image.drawText(entry.name, x: box.x + Self.padding + Self.swatchLength + 4, y: top,
                           color: textColor, scale: labelScale)
        }
    }
}
