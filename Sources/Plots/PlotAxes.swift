/// A rectangular data area in an image with its x and y ranges: maps data to pixels and draws the
/// frame, tick marks and tick labels around it.
///
/// The range's lower bound sits on the area's left (bottom) edge and the upper bound on its right
/// (top) edge, so y grows upwards as in any plot even though image rows grow downwards.
struct PlotAxes {
    /// The pixels that show data; the frame is drawn just outside it.
    var area: PixelRect
    var xRange: ClosedRange<Double>
    var yRange: ClosedRange<Double>

    /// Length of tick marks in pixels.
    static let tickLength = 4
    /// Space between a tick mark and its label.
    static let labelGap = 3

    /// The continuous pixel column of data coordinate `x`.
    func pixelX(_ x: Double) -> Double {
        Double(area.x) + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * Double(area.width)
    }

    /// The continuous pixel row of data coordinate `y` (larger y is higher up).
    func pixelY(_ y: Double) -> Double {
        Double(area.maxY) - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * Double(area.height)
    }

    /// The pixel position of a data point.
    func pixel(_ point: DataPoint) -> SIMD2<Double> {
        SIMD2(pixelX(point.x), pixelY(point.y))
    }

    /// Width the y tick labels need left of the area, tick mark included.
    static func leftMargin(for yTicks: AxisTicks, labelScale: Int) -> Int {
        let widest = yTicks.labels.map { BitmapFont.size(of: $0, scale: labelScale).width }.max() ?? 0
        return widest + tickLength + labelGap + 1
    }

    /// Height the x tick labels need below the area, tick mark included.
    static func bottomMargin(labelScale: Int) -> Int {
        1 + tickLength + labelGap + BitmapFont.glyphHeight * labelScale
    }

    /// Light grid lines at every tick, drawn under the data.
    func drawGrid(on image: inout RGBAImage, xTicks: AxisTicks, yTicks: AxisTicks, color: RGBAColor) {
        for value in xTicks.values {
            image.fill(PixelRect(x: column(for: value), y: area.y, width: 1, height: area.height), with: color)
        }
        for value in yTicks.values {
            image.fill(PixelRect(x: area.x, y: row(for: value), width: area.width, height: 1), with: color)
        }
    }

    /// The frame one pixel outside the area, tick marks pointing outwards, and tick labels.
    func drawFrameAndTicks(
        on image: inout RGBAImage, xTicks: AxisTicks, yTicks: AxisTicks, color: RGBAColor, labelScale: Int
    ) {
        image.strokeRectangle(
            PixelRect(x: area.x - 1, y: area.y - 1, width: area.width + 2, height: area.height + 2), color: color)
        for (value, label) in zip(xTicks.values, xTicks.labels) {
            let column = column(for: value)
            image.fill(PixelRect(x: column, y: area.maxY + 1, width: 1, height: Self.tickLength), with: color)
            image.drawText(label, x: column + 1, y: area.maxY + 1 + Self.tickLength + Self.labelGap,
                           color: color, scale: labelScale, alignment: .center)
        }
        // Capital letters and digits fill glyph rows 0–6, so row 3 is their visual centre.
        let labelCenterOffset = 3 * labelScale + labelScale / 2
        for (value, label) in zip(yTicks.values, yTicks.labels) {
            let row = row(for: value)
            image.fill(PixelRect(x: area.x - 1 - Self.tickLength, y: row, width: Self.tickLength, height: 1),
                       with: color)
            image.drawText(label, x: area.x - 1 - Self.tickLength - Self.labelGap, y: row - labelCenterOffset,
                           color: color, scale: labelScale, alignment: .right)
        }
    }

    /// The pixel column of a tick at `x`, kept inside the area so the upper bound's tick is visible.
    private func column(for x: Double) -> Int {
        let position = pixelX(x).rounded(.down)
        return Int(min(max(position, Double(area.x)), Double(area.maxX - 1)))
    }

    private func row(for y: Double) -> Int {
        let position = pixelY(y).rounded(.down)
        return Int(min(max(position, Double(area.y)), Double(area.maxY - 1)))
    }
}
