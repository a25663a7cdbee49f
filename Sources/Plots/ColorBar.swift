/// A vertical colour scale beside a heat map: the colour map from bottom (t = 0) to top (t = 1), framed,
/// with tick marks and labels at the values ``ColorIndex/ticks`` chooses and its caption reading upwards
/// on the right, as matplotlib's `colorbar` draws it.
struct ColorBar {
    var colorMap: ColorMap
    var index: ColorIndex

    /// Width of the coloured strip in points.
    static let barWidth = 11.0
    /// Space between the heat map and the strip.
    static let gap = 12.0

    /// Total width of strip, ticks, labels and caption in points.
    func width(measuring canvas: Canvas) -> Double {
        let widest = index.ticks.labels.map { canvas.textWidth($0, font: PlotAxes.tickFont) }.max() ?? 0
        return Self.barWidth + PlotAxes.tickLength + PlotAxes.labelGap + widest + PlotAxes.axisLabelGap
            + PlotAxes.labelFont.size * 1.1
    }

    /// Draws the strip into `strip`, ticks and labels to its right and the caption beyond them.
    func draw(on canvas: Canvas, strip: PlotRect, textColor: RGBAColor) throws(PlotError) {
        let steps = 256
        var gradient = RGBAImage(width: 1, height: steps)
        for row in 0..<steps { gradient[0, row] = colorMap.color(at: 1 - (Double(row) + 0.5) / Double(steps)) }
        try canvas.draw(gradient, in: strip, smooth: true)
        canvas.stroke(strip, color: textColor, lineWidth: PlotAxes.lineWidth)
        let ticks = index.ticks
        var widest = 0.0
        for (value, label) in zip(ticks.values, ticks.labels) {
            let y = strip.maxY - index.position(of: value) * strip.height
            canvas.strokeLine(through: [SIMD2(strip.maxX, y), SIMD2(strip.maxX + PlotAxes.tickLength, y)],
                              color: textColor, lineWidth: PlotAxes.lineWidth)
            canvas.drawText(label, x: strip.maxX + PlotAxes.tickLength + PlotAxes.labelGap, y: y,
                            font: PlotAxes.tickFont, color: textColor, baseline: .middle)
            widest = max(widest, canvas.textWidth(label, font: PlotAxes.tickFont))
        }
        let captionX = strip.maxX + PlotAxes.tickLength + PlotAxes.labelGap + widest + PlotAxes.axisLabelGap
        canvas.drawText(index.caption, x: captionX, y: strip.midY, font: PlotAxes.labelFont, color: textColor,
                        alignment: .center, baseline: .top, angle: Double.pi / 2)
    }
}
