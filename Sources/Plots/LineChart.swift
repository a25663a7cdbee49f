/// Curves of y against x for several named series, e.g. validation log-likelihood per epoch for an
/// LGF and its baseline, with 1-2-5 ticks, light grid lines, axis labels, a legend and a title.
///
/// Ranges default to the finite data rounded outward to whole ticks; set ``xRange`` or ``yRange`` to
/// zoom in (lines are clipped to the plot area), e.g. past the first epochs' very low likelihoods.
///
/// ```swift
/// let chart = LineChart(title: "Validation log-likelihood", series: [
///     LineSeries(name: "MAF", yValues: mafValidation),
///     LineSeries(name: "LGF-MAF", yValues: lgfValidation),
/// ], xLabel: "epoch", yLabel: "log-likelihood (nats)")
/// try PNGFile.write(try chart.render(), to: "training.png")
/// ```
public struct LineChart: Sendable {
    /// Drawn centred above the plot area; empty for none.
    public var title: String
    /// The curves, drawn in order (later ones on top).
    public var series: [LineSeries]
    /// Caption centred below the x tick labels; empty for none.
    public var xLabel: String
    /// Caption left of the y tick labels, reading upwards; empty for none.
    public var yLabel: String
    /// Chart width in points.
    public var width = 440.0
    /// Chart height in points.
    public var height = 300.0
    /// Pixels per point of the rendered image.
    public var scale = 2.0
    /// Displayed x range; `nil` fits the data.
    public var xRange: ClosedRange<Double>?
    /// Displayed y range; `nil` fits the data.
    public var yRange: ClosedRange<Double>?
    /// Whether x ticks fall on whole numbers only (e.g. epochs).
    public var usesIntegerXTicks = false
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

    /// The grid lines' colour.
    static let gridColor = RGBAColor(hex: 0xE5E5E5)

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
    ///   range, and ``PlotError/invalidParameter(name:value:expected:)`` when the chart is too small for
    ///   its labels or a line width is invalid.
    public func render() throws(PlotError) -> RGBAImage {
        guard !palette.isEmpty else {
            throw .invalidParameter(name: "palette.count", value: "0", expected: "at least 1")
        }
        for curve in series where !(curve.lineWidth.isFinite && curve.lineWidth > 0) {
            throw .invalidParameter(name: "lineWidth of \(curve.name)", value: "\(curve.lineWidth)", expected: "> 0")
        }
        let layout = try makeLayout()
        let axes = layout.axes
        let canvas = try Canvas(width: width, height: height, scale: scale, background: backgroundColor)
        if showsGrid {
            axes.drawGrid(on: canvas, xTicks: layout.xTicks, yTicks: layout.yTicks, color: Self.gridColor)
        }
        canvas.clipped(to: axes.area) {
            for (index, curve) in series.enumerated() {
                draw(curve, color: curve.color ?? palette[index % palette.count], axes: axes, on: canvas)
            }
        }
        axes.drawFrame(on: canvas, xTicks: layout.xTicks, yTicks: layout.yTicks, xLabel: xLabel, yLabel: yLabel,
                       color: foregroundColor)
        let entries: [(name: String, swatch: ChartLegend.Swatch)] = series.enumerated()
            .filter { !$0.element.name.isEmpty }
            .map { index, curve in
                (curve.name, .line(color: curve.color ?? palette[index % palette.count], width: curve.lineWidth,
                                   dash: curve.dash))
            }
        if !entries.isEmpty {
            let legend = ChartLegend(entries: entries)
            // The lines, not only their vertices, are what the legend should not cover.
            let points = series.flatMap { curve in
                zip(curve.points, curve.points.dropFirst()).flatMap { from, to -> [SIMD2<Double>] in
                    guard from.isFinite, to.isFinite else { return from.isFinite ? [axes.position(from)] : [] }
                    let start = axes.position(from), end = axes.position(to)
                    return (0..<16).map { start + (end - start) * Double($0) / 16 }
                } + [curve.points.last].compactMap { $0 }.filter(\.isFinite).map(axes.position)
            }
            legend.draw(on: canvas, box: legend.placement(in: axes.area, avoiding: points, measuring: canvas))
        }
        if !title.isEmpty {
            canvas.drawText(title, x: axes.area.midX, y: Self.padding, font: .title, color: foregroundColor,
                            alignment: .center, baseline: .top)
        }
        return try canvas.image()
    }

    // MARK: - Layout

    private static let padding = 8.0
    private static let targetTickCount = 6

    struct Layout {
        var axes: PlotAxes
        var xTicks: AxisTicks
        var yTicks: AxisTicks
    }

    /// The ranges (explicit or fitted) and the plot area left by the title, labels and tick labels.
    func makeLayout() throws(PlotError) -> Layout {
        let finitePoints = series.flatMap(\.points).filter(\.isFinite)
        let xRange = try xRange.map { range throws(PlotError) in try Self.validated(range, axis: "x") }
            ?? Self.fittedRange(finitePoints.map(\.x), targetCount: Self.targetTickCount)
        let yRange = try yRange.map { range throws(PlotError) in try Self.validated(range, axis: "y") }
            ?? Self.fittedRange(finitePoints.map(\.y), targetCount: Self.targetTickCount)
        let xTicks = AxisTicks(covering: xRange, targetCount: Self.targetTickCount, minimumStep: usesIntegerXTicks ? 1 : 0)
        let yTicks = AxisTicks(covering: yRange, targetCount: Self.targetTickCount)
        let measure = try Canvas.measuring()
        let padding = Self.padding
        let titleHeight = title.isEmpty ? 0 : measure.capHeight(of: .title) + measure.descent(of: .title) + padding
        let left = padding + PlotAxes.leftMargin(yTicks: yTicks, yLabel: yLabel, measuring: measure)
        let top = padding + titleHeight
        let rightOverhang = measure.textWidth(xTicks.labels.last ?? "", font: PlotAxes.tickFont) / 2
        let area = PlotRect(
            x: left, y: top, width: width - left - max(padding, rightOverhang + 2),
            height: height - top - PlotAxes.bottomMargin(xLabel: xLabel, measuring: measure) - padding)
        guard area.width >= 16, area.height >= 16 else {
            throw .invalidParameter(name: "width × height", value: "\(width) × \(height)",
                                    expected: "room for a plot area of at least 16 × 16 points besides the labels")
        }
        return Layout(axes: PlotAxes(area: area, xRange: xRange, yRange: yRange), xTicks: xTicks, yTicks: yTicks)
    }

    /// The plot area in pixels of the rendered image, and the pixel column of data coordinate `x` (for tests).
    func plotAreaPixels() throws(PlotError) -> PixelRect {
        try makeLayout().axes.area.pixels(scale: scale)
    }

    // MARK: - Drawing

    /// Joins consecutive finite points; a point with no finite neighbour is drawn as a dot so that it
    /// does not vanish.
    private func draw(_ curve: LineSeries, color: RGBAColor, axes: PlotAxes, on canvas: Canvas) {
        var run: [SIMD2<Double>] = []
        func finish() {
            if run.count == 1 {
                canvas.fillDiscs(at: run, radius: curve.lineWidth, color: color)
            } else {
                canvas.strokeLine(through: run, color: color, lineWidth: curve.lineWidth, dash: curve.dash)
            }
            run = []
        }
        for point in curve.points {
            if point.isFinite { run.append(axes.position(point)) } else { finish() }
        }
        finish()
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
