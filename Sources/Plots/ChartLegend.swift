/// A framed box listing named entries, each with a short line or a marker in its style, placed in whichever
/// corner of the plot area covers the fewest data points (matplotlib's `loc="best"`, restricted to corners).
struct ChartLegend {
    /// What stands before an entry's name.
    enum Swatch {
        /// A short line, dashed when `dash` is not empty.
        case line(color: RGBAColor, width: Double, dash: [Double])
        /// Three scatter markers.
        case marker(MarkerStyle)
    }

    var entries: [(name: String, swatch: Swatch)]
    /// Box fill (translucent, so covered data stays faintly visible), frame and text colours.
    var background = RGBAColor.white.withOpacity(0.85)
    var frame = RGBAColor(hex: 0xCCCCCC)
    var textColor = RGBAColor.black

    static let font = FontStyle.tick
    private static let swatchLength = 20.0
    private static let padding = 5.0
    private static let inset = 6.0
    private static let rowSpacing = 4.0

    /// Size of the box in points.
    func size(measuring canvas: Canvas) -> SIMD2<Double> {
        let widest = entries.map { canvas.textWidth($0.name, font: Self.font) }.max() ?? 0
        let rowHeight = canvas.capHeight(of: Self.font)
        return SIMD2(2 * Self.padding + Self.swatchLength + 6 + widest,
                     2 * Self.padding + Double(entries.count) * (rowHeight + Self.rowSpacing) + Self.rowSpacing)
    }

    /// The corner box of `area` containing the fewest of `points` (canvas positions); ties prefer
    /// top-right, top-left, bottom-right, then bottom-left.
    func placement(in area: PlotRect, avoiding points: [SIMD2<Double>], measuring canvas: Canvas) -> PlotRect {
        let size = size(measuring: canvas)
        let left = area.x + Self.inset, right = area.maxX - Self.inset - size.x
        let top = area.y + Self.inset, bottom = area.maxY - Self.inset - size.y
        let corners = [(right, top), (left, top), (right, bottom), (left, bottom)].map {
            PlotRect(x: $0.0, y: $0.1, width: size.x, height: size.y)
        }
        let counts = corners.map { corner in points.filter(corner.contains).count }
        let best = counts.indices.min { counts[$0] < counts[$1] } ?? 0
        return corners[best]
    }

    /// Draws the box at `box`.
    func draw(on canvas: Canvas, box: PlotRect) {
        canvas.fill(box, with: background)
        canvas.stroke(box, color: frame, lineWidth: PlotAxes.lineWidth)
        let rowHeight = canvas.capHeight(of: Self.font)
        for (index, entry) in entries.enumerated() {
            let middle = box.y + Self.padding + Self.rowSpacing + Double(index) * (rowHeight + Self.rowSpacing)
                + rowHeight / 2
            let start = box.x + Self.padding
            switch entry.swatch {
            case let .line(color, width, dash):
                canvas.strokeLine(through: [SIMD2(start, middle), SIMD2(start + Self.swatchLength, middle)],
                                  color: color, lineWidth: width, dash: dash)
            case let .marker(style):
                let visible = MarkerStyle(color: style.color.withOpacity(1), radius: max(style.radius, 1.5))
                canvas.fillDiscs(at: [0.2, 0.5, 0.8].map { SIMD2(start + $0 * Self.swatchLength, middle) },
                                 radius: visible.radius, color: visible.color)
            }
            canvas.drawText(entry.name, x: start + Self.swatchLength + 6, y: middle, font: Self.font, color: textColor,
                            baseline: .middle)
        }
    }
}
