/// A rectangular data area of a canvas with its x and y ranges: maps data to canvas points and draws the
/// frame, tick marks, tick labels and axis labels around it, in matplotlib's default proportions.
///
/// The range's lower bound sits on the area's left (bottom) edge and the upper bound on its right
/// (top) edge, so y grows upwards as in any plot even though canvas rows grow downwards.
struct PlotAxes {
    /// The points that show data; the frame is drawn on its edge.
    var area: PlotRect
    var xRange: ClosedRange<Double>
    var yRange: ClosedRange<Double>

    /// Length of tick marks in points (matplotlib: 3.5).
    static let tickLength = 3.5
    /// Space between a tick mark and its label (matplotlib: 3.5).
    static let labelGap = 3.5
    /// Space between tick labels and the axis label.
    static let axisLabelGap = 5.0
    /// Width of the frame and tick lines (matplotlib: 0.8).
    static let lineWidth = 0.8
    /// The frame, ticks and labels.
    static let tickFont = FontStyle.tick
    static let labelFont = FontStyle.label

    /// The horizontal canvas position of data coordinate `x`.
    func canvasX(_ x: Double) -> Double {
        area.x + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * area.width
    }

    /// The vertical canvas position of data coordinate `y` (larger y is higher up).
    func canvasY(_ y: Double) -> Double {
        area.maxY - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * area.height
    }

    /// The canvas position of a data point.
    func position(_ point: DataPoint) -> SIMD2<Double> {
        SIMD2(canvasX(point.x), canvasY(point.y))
    }

    /// Width the y tick labels and the y label need left of the area.
    static func leftMargin(yTicks: AxisTicks, yLabel: String, measuring canvas: Canvas) -> Double {
        let widest = yTicks.labels.map { canvas.textWidth($0, font: tickFont) }.max() ?? 0
        return tickLength + labelGap + widest + (yLabel.isEmpty ? 0 : axisLabelGap + labelFont.size * 1.1)
    }

    /// Height the x tick labels and the x label need below the area.
    static func bottomMargin(xLabel: String, measuring canvas: Canvas) -> Double {
        tickLength + labelGap + canvas.capHeight(of: tickFont)
            + (xLabel.isEmpty ? 0 : axisLabelGap + canvas.capHeight(of: labelFont) + canvas.descent(of: labelFont))
    }

    /// Light grid lines at every tick, drawn under the data.
    func drawGrid(on canvas: Canvas, xTicks: AxisTicks, yTicks: AxisTicks, color: RGBAColor) {
        for value in xTicks.values {
            let x = canvasX(value)
            canvas.strokeLine(through: [SIMD2(x, area.y), SIMD2(x, area.maxY)], color: color, lineWidth: Self.lineWidth)
        }
        for value in yTicks.values {
            let y = canvasY(value)
            canvas.strokeLine(through: [SIMD2(area.x, y), SIMD2(area.maxX, y)], color: color, lineWidth: Self.lineWidth)
        }
    }

    /// The frame, tick marks pointing outwards with their labels, and the axis labels (the y label reading upwards).
    func drawFrame(on canvas: Canvas, xTicks: AxisTicks, yTicks: AxisTicks, xLabel: String, yLabel: String,
                   color: RGBAColor) {
        canvas.stroke(area, color: color, lineWidth: Self.lineWidth)
        let tickFont = Self.tickFont
        for (value, label) in zip(xTicks.values, xTicks.labels) {
            let x = canvasX(value)
            canvas.strokeLine(through: [SIMD2(x, area.maxY), SIMD2(x, area.maxY + Self.tickLength)], color: color,
                              lineWidth: Self.lineWidth)
            canvas.drawText(label, x: x, y: area.maxY + Self.tickLength + Self.labelGap, font: tickFont, color: color,
                            alignment: .center, baseline: .top)
        }
        var widest = 0.0
        for (value, label) in zip(yTicks.values, yTicks.labels) {
            let y = canvasY(value)
            canvas.strokeLine(through: [SIMD2(area.x - Self.tickLength, y), SIMD2(area.x, y)], color: color,
                              lineWidth: Self.lineWidth)
            canvas.drawText(label, x: area.x - Self.tickLength - Self.labelGap, y: y, font: tickFont, color: color,
                            alignment: .right, baseline: .middle)
            widest = max(widest, canvas.textWidth(label, font: tickFont))
        }
        if !xLabel.isEmpty {
            let top = area.maxY + Self.tickLength + Self.labelGap + canvas.capHeight(of: tickFont) + Self.axisLabelGap
            canvas.drawText(xLabel, x: area.midX, y: top, font: Self.labelFont, color: color, alignment: .center,
                            baseline: .top)
        }
        if !yLabel.isEmpty {
            let right = area.x - Self.tickLength - Self.labelGap - widest - Self.axisLabelGap
            canvas.drawText(yLabel, x: right, y: area.midY, font: Self.labelFont, color: color, alignment: .center,
                            baseline: .bottom, angle: Double.pi / 2)
        }
    }
}
