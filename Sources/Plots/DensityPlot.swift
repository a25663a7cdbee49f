import Foundation

/// A heat map of a 2-D density on a regular grid, with optional scatter points, axes, a title and a
/// colour bar: one panel of a figure such as Figure 1 of the LGF paper.
///
/// `values[row · gridSize + column]` is the density at
/// `x = xRange.lowerBound + column · Δx`, `y = yRange.lowerBound + row · Δy`, with
/// `Δ = width / (gridSize − 1)` (NumPy's `linspace`), so **row 0 is the lowest y** and is drawn at
/// the bottom. Each pixel of the square heat map shows its nearest grid sample.
///
/// ```swift
/// var plot = DensityPlot(title: "LGF-MAF  test LL -1.47", values: densities, gridSize: 300,
///                        xRange: -4...4, yRange: -4...4)
/// plot.points = trainingPoints
/// try PNGEncoder().write(try plot.render(), to: "density.png")
/// ```
/// Cornish et al., *Relaxing bijectivity constraints with continuously indexed normalising flows*,
/// ICML 2020, arXiv:1909.13833 (Figure 1).
public struct DensityPlot: Sendable {
    /// Drawn centred above the panel; empty for none.
    public var title: String
    /// Densities exp(log p), row-major with `gridSize²` entries; non-finite entries get the lowest colour.
    public var values: [Double]
    /// Samples per side of the grid, at least 2.
    public var gridSize: Int
    /// The x coordinates of the first and last grid columns.
    public var xRange: ClosedRange<Double>
    /// The y coordinates of the first (bottom) and last (top) grid rows.
    public var yRange: ClosedRange<Double>
    /// Whether colour follows the density or its logarithm; ``DensityColorScale/density`` by default.
    public var colorScale: DensityColorScale = .density
    /// The colour map; ``ColorMap/viridis`` by default.
    public var colorMap: ColorMap = .viridis
    /// Points drawn over the heat map (e.g. training data); points outside the ranges are clipped.
    public var points: [DataPoint] = []
    /// How ``points`` are drawn.
    public var markerStyle: MarkerStyle = .darkDots
    /// Side of the square heat map in pixels; 300 shows a 300 × 300 grid one sample per pixel.
    public var plotSize: Int = 300
    /// Whether to draw the colour bar with its minimum and maximum values.
    public var showsColorBar = true
    /// Integer magnification of the title text.
    public var titleScale = 2
    /// Integer magnification of tick and colour-bar labels.
    public var labelScale = 1
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
    /// - Returns: An opaque image somewhat larger than the heat map: at the default scales the labels,
    ///   title and colour bar add about 110 pixels across and 70 down.
    /// - Throws: ``PlotError/gridSizeMismatch(expected:actual:)`` if `values.count ≠ gridSize²`,
    ///   ``PlotError/invalidRange(axis:lowerBound:upperBound:)`` for an empty or infinite range, and
    ///   ``PlotError/invalidParameter(name:value:expected:)`` for a grid or size below its minimum.
    public func render() throws(PlotError) -> RGBAImage {
        try validate()
        let colorIndex = ColorIndex(values: values, scale: colorScale)
        let xTicks = AxisTicks(covering: xRange), yTicks = AxisTicks(covering: yRange)
        let colorBar = ColorBar(colorMap: colorMap, lowerValue: colorIndex.lowerBound,
                                upperValue: colorIndex.upperBound, caption: colorIndex.caption)
        let layout = layout(xTicks: xTicks, yTicks: yTicks, colorBar: colorBar)
        var image = RGBAImage(width: layout.width, height: layout.height, background: backgroundColor)
        drawHeatMap(on: &image, area: layout.heatMap, colorIndex: colorIndex)
        let axes = PlotAxes(area: layout.heatMap, xRange: xRange, yRange: yRange)
        for point in points where point.isFinite {
            image.fillCircle(center: axes.pixel(point), radius: markerStyle.radius, color: markerStyle.color,
                             clippedTo: layout.heatMap)
        }
        axes.drawFrameAndTicks(on: &image, xTicks: xTicks, yTicks: yTicks, color: foregroundColor,
                               labelScale: labelScale)
        if showsColorBar {
            colorBar.draw(on: &image, strip: layout.colorBarStrip, textColor: foregroundColor, labelScale: labelScale)
        }
        if !title.isEmpty {
            // Centred over the heat map, as far as the panel's edges allow.
            let halfTitle = BitmapFont.size(of: title, scale: titleScale).width / 2
            let center = min(max(layout.heatMap.x + plotSize / 2, Self.padding + halfTitle),
                             image.width - Self.padding - halfTitle)
            image.drawText(title, x: center, y: Self.padding, color: foregroundColor, scale: titleScale,
                           alignment: .center)
        }
        return image
    }

    // MARK: - Layout

    /// Pixels around the panel's content.
    static let padding = 8

    /// Where the heat map and colour strip go, and the panel size they need.
    func layout(xTicks: AxisTicks, yTicks: AxisTicks, colorBar: ColorBar)
        -> (width: Int, height: Int, heatMap: PixelRect, colorBarStrip: PixelRect)
    {
        let padding = Self.padding
        let titleHeight = title.isEmpty ? 0 : BitmapFont.glyphHeight * titleScale + padding
        let captionHeight = showsColorBar ? BitmapFont.glyphHeight * labelScale + 6 : 0
        let heatMap = PixelRect(
            x: padding + PlotAxes.leftMargin(for: yTicks, labelScale: labelScale),
            y: padding + titleHeight + captionHeight + 1, width: plotSize, height: plotSize)
        let strip = PixelRect(x: heatMap.maxX + 1 + 12, y: heatMap.y, width: ColorBar.barWidth, height: plotSize)
        let xLabelOverhang = BitmapFont.size(of: xTicks.labels.last ?? "", scale: labelScale).width / 2 + 2
        let rightEdge = showsColorBar
            ? max(strip.x + colorBar.width(labelScale: labelScale),
                  strip.x + strip.width / 2 + colorBar.captionWidth(labelScale: labelScale) / 2)
            : heatMap.maxX + xLabelOverhang
        let width = max(rightEdge + padding, BitmapFont.size(of: title, scale: titleScale).width + 2 * padding)
        let height = heatMap.maxY + PlotAxes.bottomMargin(labelScale: labelScale) + padding
        return (width, height, heatMap, strip)
    }

    /// The heat map's pixels in the rendered panel (for tests and for callers annotating the image).
    func heatMapArea() -> PixelRect {
        let colorIndex = ColorIndex(values: values, scale: colorScale)
        let colorBar = ColorBar(colorMap: colorMap, lowerValue: colorIndex.lowerBound,
                                upperValue: colorIndex.upperBound, caption: colorIndex.caption)
        return layout(xTicks: AxisTicks(covering: xRange), yTicks: AxisTicks(covering: yRange), colorBar: colorBar)
            .heatMap
    }

    // MARK: - Drawing

    private func validate() throws(PlotError) {
        guard gridSize >= 2 else {
            throw .invalidParameter(name: "gridSize", value: "\(gridSize)", expected: "at least 2")
        }
        guard values.count == gridSize * gridSize else {
            throw .gridSizeMismatch(expected: gridSize * gridSize, actual: values.count)
        }
        guard plotSize >= 16 else {
            throw .invalidParameter(name: "plotSize", value: "\(plotSize)", expected: "at least 16 pixels")
        }
        guard titleScale >= 1, labelScale >= 1 else {
            throw .invalidParameter(
                name: "titleScale, labelScale", value: "\(titleScale), \(labelScale)", expected: "at least 1")
        }
        for (axis, range) in [("x", xRange), ("y", yRange)] {
            guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
                throw .invalidRange(axis: axis, lowerBound: range.lowerBound, upperBound: range.upperBound)
            }
        }
    }

    /// Fills `area` with the colour of each pixel's nearest grid sample; image rows run downwards, so
    /// the top pixel row shows the last grid row (highest y).
    private func drawHeatMap(on image: inout RGBAImage, area: PixelRect, colorIndex: ColorIndex) {
        let lookup = (0..<ColorIndex.levels).map { colorMap.color(at: Double($0) / Double(ColorIndex.levels - 1)) }
        let last = Double(gridSize - 1)
        let columns = (0..<area.width).map { Int(((Double($0) + 0.5) / Double(area.width) * last).rounded()) }
        for pixelRow in 0..<area.height {
            let gridRow = gridSize - 1 - Int(((Double(pixelRow) + 0.5) / Double(area.height) * last).rounded())
            for (pixelColumn, gridColumn) in columns.enumerated() {
                let color = lookup[colorIndex.level(of: values[gridRow * gridSize + gridColumn])]
                image.store(color, at: 4 * ((area.y + pixelRow) * image.width + area.x + pixelColumn))
            }
        }
    }
}
