import Foundation

/// A heat map of a 2-D density on a regular grid, with optional scatter points and their legend, axis
/// labels, tick labels, a title and a colour bar: one panel of a figure such as Figure 1 of the LGF paper.
///
/// `values[row · gridSize + column]` is the density at
/// `x = xRange.lowerBound + column · Δx`, `y = yRange.lowerBound + row · Δy`, with
/// `Δ = width / (gridSize − 1)` (NumPy's `linspace`), so **row 0 is the lowest y** and is drawn at
/// the bottom. Colours are interpolated bilinearly between grid points.
///
/// ```swift
/// var plot = DensityPlot(title: "LGF-MAF   test LL −1.47", values: densities, gridSize: 300,
///                        xRange: -4...4, yRange: -4...4)
/// plot.points = trainingPoints
/// plot.pointsLabel = "training points"
/// try PNGFile.write(try plot.render(), to: "density.png")
/// ```
/// Cornish et al., *Relaxing bijectivity constraints with continuously indexed normalising flows*,
/// ICML 2020, arXiv:1909.13833 (Figure 1).
public struct DensityPlot: Sendable {
    /// Drawn centred above the heat map; empty for none.
    public var title: String
    /// Densities exp(log p), row-major with `gridSize²` entries; non-finite entries get the lowest colour.
    public var values: [Double]
    /// Samples per side of the grid, at least 2.
    public var gridSize: Int
    /// The x coordinates of the first and last grid columns.
    public var xRange: ClosedRange<Double>
    /// The y coordinates of the first (bottom) and last (top) grid rows.
    public var yRange: ClosedRange<Double>
    /// Captions of the axes, e.g. the data's column names.
    public var xLabel = "x₁"
    public var yLabel = "x₂"
    /// Linear, logarithmic, or chosen from the values' span (the default).
    public var colorScale: DensityColorScale = .automatic()
    /// The colour map; ``ColorMap/viridis`` by default.
    public var colorMap: ColorMap = .viridis
    /// Points drawn over the heat map (e.g. training data); points outside the ranges are clipped.
    public var points: [DataPoint] = []
    /// How ``points`` are drawn.
    public var markerStyle: MarkerStyle = .lightDots
    /// The legend entry of ``points``, e.g. "training points"; empty for no legend.
    public var pointsLabel = ""
    /// Side of the square heat map in points.
    public var plotSize = 240.0
    /// Pixels per point of the rendered image (2 gives a 480-pixel heat map at the default size).
    public var scale = 2.0
    /// Whether to draw the colour bar.
    public var showsColorBar = true
    /// Panel background.
    public var backgroundColor: RGBAColor = .white
    /// Colour of text, frame and ticks.
    public var foregroundColor: RGBAColor = .black

    /// A density panel; adjust the other properties before calling ``render()``.
    public init(
        title: String, values: [Double], gridSize: Int = 300,
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
    ) {
        self.title = title
        self.values = values
        self.gridSize = gridSize
        self.xRange = xRange
        self.yRange = yRange
    }

    /// Draws the panel.
    ///
    /// - Throws: ``PlotError/gridSizeMismatch(expected:actual:)`` if `values.count ≠ gridSize²`,
    ///   ``PlotError/invalidRange(axis:lowerBound:upperBound:)`` for an empty or infinite range,
    ///   ``PlotError/invalidParameter(name:value:expected:)`` for a grid or size below its minimum, and
    ///   ``PlotError/drawingFailed(operation:reason:)`` when Cairo fails.
    public func render() throws(PlotError) -> RGBAImage {
        try validate()
        let colorIndex = ColorIndex(values: values, scale: colorScale)
        let layout = try layout(colorIndex: colorIndex)
        let canvas = try Canvas(width: layout.width, height: layout.height, scale: scale, background: backgroundColor)
        // Grid points sit on pixel centres of the raster, which therefore reaches half a cell beyond the
        // area (clipped): grid column 0 is at the left edge, as in `linspace`.
        let area = layout.axes.area
        let cell = SIMD2(area.width, area.height) / Double(gridSize - 1)
        try canvas.clipped(to: area) { () throws(PlotError) in
            try canvas.draw(heatMap(colorIndex: colorIndex), in: PlotRect(
                x: area.x - cell.x / 2, y: area.y - cell.y / 2, width: area.width + cell.x, height: area.height + cell.y),
                smooth: true)
        }
        let visible = points.filter(\.isFinite).map(layout.axes.position).filter(layout.axes.area.contains)
        canvas.clipped(to: layout.axes.area) {
            canvas.fillDiscs(at: visible, radius: markerStyle.radius, color: markerStyle.color)
        }
        layout.axes.drawFrame(on: canvas, xTicks: layout.xTicks, yTicks: layout.yTicks, xLabel: xLabel, yLabel: yLabel,
                              color: foregroundColor)
        if !pointsLabel.isEmpty, !visible.isEmpty {
            var legend = ChartLegend(entries: [(pointsLabel, .marker(markerStyle))])
            // Markers made to show on a dark heat map (light ones) get a dark box; dark markers a light one.
            if markerStyle.color.luminance > 0.5 {
                legend.background = RGBAColor.black.withOpacity(0.55)
                legend.frame = RGBAColor.white.withOpacity(0.5)
                legend.textColor = .white
            }
            legend.draw(on: canvas, box: legend.placement(in: layout.axes.area, avoiding: visible, measuring: canvas))
        }
        if showsColorBar {
            try ColorBar(colorMap: colorMap, index: colorIndex)
                .draw(on: canvas, strip: layout.colorBarStrip, textColor: foregroundColor)
        }
        if !title.isEmpty {
            canvas.drawText(title, x: layout.axes.area.midX, y: Self.padding, font: .title, color: foregroundColor,
                            alignment: .center, baseline: .top)
        }
        return try canvas.image()
    }

    /// The heat map's pixels in the rendered panel (for tests and for callers annotating the image).
    public func heatMapArea() throws(PlotError) -> (x: Int, y: Int, width: Int, height: Int) {
        let rect = try layout(colorIndex: ColorIndex(values: values, scale: colorScale)).axes.area.pixels(scale: scale)
        return (rect.x, rect.y, rect.width, rect.height)
    }

    // MARK: - Layout

    /// Points around the panel's content.
    static let padding = 8.0
    /// Space between the title and the heat map.
    static let titleGap = 8.0

    struct Layout {
        var width, height: Double
        var axes: PlotAxes
        var xTicks, yTicks: AxisTicks
        var colorBarStrip: PlotRect
    }

    /// Where the heat map, ticks, colour bar and title go, and the panel size they need.
    func layout(colorIndex: ColorIndex) throws(PlotError) -> Layout {
        let measure = try Canvas.measuring()
        let xTicks = AxisTicks(covering: xRange), yTicks = AxisTicks(covering: yRange)
        let titleHeight = title.isEmpty ? 0
            : measure.capHeight(of: .title) + measure.descent(of: .title) + Self.titleGap
        let left = Self.padding + PlotAxes.leftMargin(yTicks: yTicks, yLabel: yLabel, measuring: measure)
        let area = PlotRect(x: left, y: Self.padding + titleHeight, width: plotSize, height: plotSize)
        let strip = PlotRect(x: area.maxX + ColorBar.gap, y: area.y, width: ColorBar.barWidth, height: plotSize)
        let lastLabelOverhang = measure.textWidth(xTicks.labels.last ?? "", font: PlotAxes.tickFont) / 2
        let right = showsColorBar
            ? strip.x + ColorBar(colorMap: colorMap, index: colorIndex).width(measuring: measure)
            : area.maxX + lastLabelOverhang
        let titleRight = area.midX + measure.textWidth(title, font: .title) / 2
        return Layout(width: max(right, titleRight) + Self.padding,
                      height: area.maxY + PlotAxes.bottomMargin(xLabel: xLabel, measuring: measure) + Self.padding,
                      axes: PlotAxes(area: area, xRange: xRange, yRange: yRange), xTicks: xTicks, yTicks: yTicks,
                      colorBarStrip: strip)
    }

    // MARK: - Drawing

    private func validate() throws(PlotError) {
        guard gridSize >= 2 else {
            throw .invalidParameter(name: "gridSize", value: "\(gridSize)", expected: "at least 2")
        }
        guard values.count == gridSize * gridSize else {
            throw .gridSizeMismatch(expected: gridSize * gridSize, actual: values.count)
        }
        guard plotSize.isFinite, plotSize >= 16 else {
            throw .invalidParameter(name: "plotSize", value: "\(plotSize)", expected: "at least 16 points")
        }
        for (axis, range) in [("x", xRange), ("y", yRange)] {
            guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
                throw .invalidRange(axis: axis, lowerBound: range.lowerBound, upperBound: range.upperBound)
            }
        }
    }

    /// One pixel per grid point, coloured by `colorIndex`; image rows run downwards, so the top row shows
    /// the last grid row (highest y).
    private func heatMap(colorIndex: ColorIndex) -> RGBAImage {
        let lookup = (0..<ColorIndex.levels).map { colorMap.color(at: Double($0) / Double(ColorIndex.levels - 1)) }
        var image = RGBAImage(width: gridSize, height: gridSize)
        for gridRow in 0..<gridSize {
            for column in 0..<gridSize {
                image.store(lookup[colorIndex.level(of: values[gridRow * gridSize + column])],
                            at: 4 * ((gridSize - 1 - gridRow) * gridSize + column))
            }
        }
        return image
    }
}
