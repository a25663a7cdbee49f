/// Curves of y against x for several named series, e.g. validation log-likelihood per epoch for an
/// LGF and its baseline, with 1-2-5 ticks, light grid lines, a legend and a title.
///
/// Ranges default to the finite data rounded outward to whole ticks; set ``xRange`` or ``yRange`` to
/// zoom in (lines are clipped to the plot area), e.g. past the first epochs' very low likelihoods.
///
/// ```swift
/// let chart = LineChart(title: "Validation log-likelihood", series: [
///     LineSeries(name: "MAF", yValues: mafValidation),
///     LineSeries(name: "LGF-MAF", yValues: lgfValidation),
/// ], xLabel: "epoch", yLabel: "log-likelihood")
/// try PNGEncoder().write(try chart.render(), to: "training.png")
/// ```
public struct LineChart: Sendable {
    /// Drawn centred above the chart; empty for none.
    public var title: String
    /// The curves, drawn in order (later ones on top).
    public var series: [LineSeries]
    /// Caption centred below the x tick labels; empty for none.
    public var xLabel: String
    /// Caption above the y axis; empty for none.
    public var yLabel: String
    /// Image width in pixels.
    public var width = 640
    /// Image height in pixels.
    public var height = 400
    /// Displayed x range; `nil` fits the data.
    public var xRange: ClosedRange<Double>?
    /// Displayed y range; `nil` fits the data.
    public var yRange: ClosedRange<Double>?
    /// Integer magnification of the title.
    public var titleScale = 2
    /// Integer magnification of tick labels, axis captions and the legend.
    public var labelScale = 1
    /// Whether to draw light grid lines at the ticks.
    public var showsGrid = true
    /// Colours given to series without their own, in order (Tableau 10, as in matplotlib).
    public var palette: [RGBAColor] = LineChart.defaultPalette
    /// Chart background.
    public var backgroundColor: RGBAColor = .white
    /// Colour of text, frame and ticks.
    public var foregroundColor: RGBAColor = .black

    /// Blue, orange, green, red, purple, brown, pink, grey, olive, cyan.
    public static let defaultPalette: [RGBAColor] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    ].map { RGBAColor(hex: $0) }

    /// A chart of `series`; adjust the other properties before calling ``render()``.
    public init(title: String, series: [LineSeries], xLabel: String = "", yLabel: String = "") {
        self.title = title
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Draws the chart. With no finite point at all it draws empty axes over 0 … 1.
    ///
    /// - Throws: ``PlotError/invalidRange(axis:lowerBound:upperBound:)`` for an empty or infinite explicit
    ///   range, and ``PlotError/invalidParameter(name:value:expected:)`` when the image is too small for
    ///   its labels or a scale or line width is invalid.
    public func render() throws(PlotError) -> RGBAImage {
        guard titleScale >= 1, labelScale >= 1, !palette.isEmpty else {
            throw .invalidParameter(name: "titleScale, labelScale, palette.count",
                                    value: "\(titleScale), \(labelScale), \(palette.count)", expected: "at least 1")
        }
        let axes = try makeAxes()
        let xTicks = AxisTicks(covering: axes.xRange, targetCount: Self.targetTickCount)
        let yTicks = AxisTicks(covering: axes.yRange, targetCount: Self.targetTickCount)
        let area = axes.area, padding = Self.padding
        let lineHeight = BitmapFont.lineHeight * labelScale
        let titleHeight = title.isEmpty ? 0 : BitmapFont.glyphHeight * titleScale + padding

        var image = RGBAImage(width: width, height: height, background: backgroundColor)
        if showsGrid {
            axes.drawGrid(on: &image, xTicks: xTicks, yTicks: yTicks, color: RGBAColor(hex: 0xEBEBEB))
        }
        for (index, curve) in series.enumerated() {
            try draw(curve, color: curve.color ?? palette[index % palette.count], axes: axes, on: &image)
        }
        axes.drawFrameAndTicks(on: &image, xTicks: xTicks, yTicks: yTicks, color: foregroundColor,
                               labelScale: labelScale)
        drawLegend(on: &image, axes: axes, points: series.flatMap(\.points).filter(\.isFinite))
        if !title.isEmpty {
            image.drawText(title, x: width / 2, y: padding, color: foregroundColor, scale: titleScale,
                           alignment: .center)
        }
        if !yLabel.isEmpty {
            image.drawText(yLabel, x: padding, y: padding + titleHeight, color: foregroundColor, scale: labelScale)
        }
        if !xLabel.isEmpty {
            image.drawText(xLabel, x: area.x + area.width / 2, y: height - padding - lineHeight + 1,
                           color: foregroundColor, scale: labelScale, alignment: .center)
        }
        return image
    }

    // MARK: - Layout

    private static let padding = 10
    private static let targetTickCount = 6

    /// The ranges (explicit or fitted) and the plot area left by the title, captions and tick labels.
    func makeAxes() throws(PlotError) -> PlotAxes {
        let finitePoints = series.flatMap(\.points).filter(\.isFinite)
        let xRange = try xRange.map { range throws(PlotError) in try Self.validated(range, axis: "x") }
            ?? Self.fittedRange(finitePoints.map(\.x), targetCount: Self.targetTickCount)
        let yRange = try yRange.map { range throws(PlotError) in try Self.validated(range, axis: "y") }
            ?? Self.fittedRange(finitePoints.map(\.y), targetCount: Self.targetTickCount)
        let xTicks = AxisTicks(covering: xRange, targetCount: Self.targetTickCount)
        let yTicks = AxisTicks(covering: yRange, targetCount: Self.targetTickCount)
        let padding = Self.padding, lineHeight = BitmapFont.lineHeight * labelScale
        let titleHeight = title.isEmpty ? 0 : BitmapFont.glyphHeight * titleScale + padding
        let yLabelHeight = yLabel.isEmpty ? 0 : lineHeight + 4
        let xLabelHeight = xLabel.isEmpty ? 0 : lineHeight + 4
        let left = padding + PlotAxes.leftMargin(for: yTicks, labelScale: labelScale)
        let top = padding + titleHeight + yLabelHeight + 1
        let rightOverhang = BitmapFont.size(of: xTicks.labels.last ?? "", scale: labelScale).width / 2 + 1
        let area = PixelRect(
            x: left, y: top, width: width - left - max(padding, rightOverhang + 2) - 1,
            height: height - top - PlotAxes.bottomMargin(labelScale: labelScale) - xLabelHeight - padding)
        guard area.width >= 16, area.height >= 16 else {
            throw .invalidParameter(name: "width × height", value: "\(width) × \(height)",
                                    expected: "room for a plot area of at least 16 × 16 pixels besides the labels")
        }
        return PlotAxes(area: area, xRange: xRange, yRange: yRange)
    }

    // MARK: - Drawing

    /// Joins consecutive finite points; a point with no finite neighbour is drawn as a dot so that it
    /// does not vanish.
    private func draw(_ curve: LineSeries, color: RGBAColor, axes: PlotAxes, on image: inout RGBAImage)
        throws(PlotError)
    {
        guard curve.lineWidth.isFinite, curve.lineWidth > 0 else {
            throw .invalidParameter(name: "lineWidth of \(curve.name)", value: "\(curve.lineWidth)", expected: "> 0")
        }
        let points = curve.points
        for index in points.indices where points[index].isFinite {
            let position = axes.pixel(points[index])
            let hasPrevious = index > points.startIndex && points[index - 1].isFinite
            let hasNext = index + 1 < points.endIndex && points[index + 1].isFinite
            if hasNext {
                image.drawLine(from: position, to: axes.pixel(points[index + 1]), color: color,
                               width: curve.lineWidth, clippedTo: axes.area)
            } else if !hasPrevious {
                image.fillCircle(center: position, radius: curve.lineWidth, color: color, clippedTo: axes.area)
            }
        }
    }

    private func drawLegend(on image: inout RGBAImage, axes: PlotAxes, points: [DataPoint]) {
        let entries = series.enumerated().filter { !$0.element.name.isEmpty }.map { index, curve in
            (name: curve.name, color: curve.color ?? palette[index % palette.count])
        }
        guard !entries.isEmpty else { return }
        let legend = ChartLegend(entries: entries, labelScale: labelScale)
        let box = legend.placement(in: axes.area, avoiding: points.map(axes.pixel))
        legend.draw(on: &image, box: box, textColor: foregroundColor)
    }

    private static func validated(_ range: ClosedRange<Double>, axis: String) throws(PlotError)
        -> ClosedRange<Double>
    {
        guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
            throw .invalidRange(axis: axis, lowerBound: range.lowerBound, upperBound: range.upperBound)
        }
        return range
    }

    /// The span of `values` rounded outward to ticks; a single value gets ±10 % (±1 for zero) around it.
    private static func fittedRange(_ values: [Double], targetCount: Int) -> ClosedRange<Double> {
        guard let lowest = values.min(), let highest = values.max() else { return 0...1 }
        if lowest < highest {
            return AxisTicks.roundedOutward(lowest...highest, targetCount: targetCount)
        }
        let halfWidth = lowest == 0 ? 1 : abs(lowest) / 10
        return AxisTicks.roundedOutward((lowest - halfWidth)...(highest + halfWidth), targetCount: targetCount)
    }
}
