import Datasets
import Plots

/// Density panels side by side, each with a title, axis labels, a colour bar and training points overlaid
/// (with a legend saying so): the layout of the paper's Figure 1 (data, MAF, LGF-MAF).
///
/// ```swift
/// let box = try DensityGrid.Box(enclosing: splits.train)
/// let figure = DensityFigure(title: "2uniforms", panels: [
///     .scatter(over: box, title: "training data"),
///     .density(mafGrid, title: "MAF   test LL −1.60"),
///     .density(lgfGrid, title: "LGF-MAF   test LL −1.42"),
/// ], overlayPoints: try DensityFigure.overlayPoints(from: splits.train))
/// try figure.write(to: "figure1.png")
/// ```
/// Cornish et al., *Relaxing bijectivity constraints with continuously indexed normalising flows*,
/// ICML 2020, arXiv:1909.13833 (Figure 1).
public struct DensityFigure: Sendable {
    /// Drawn centred above the panels; empty for none.
    public var title: String
    /// The panels from left to right.
    public var panels: [Panel]
    /// Points drawn over density panels and shown alone in scatter panels, e.g. a training subsample.
    public var overlayPoints: [DataPoint]
    /// Captions of the two axes, e.g. the data's column names.
    public var axisLabels = DensityFigure.defaultAxisLabels
    /// The legend entry of the overlay points over densities, e.g. "training points (2,000 of 10,000)";
    /// empty for no legend.
    public var overlayLabel = "training points"
    /// Whether colour follows p or log p; chosen from each grid's span by default (log when it spans more
    /// than two orders of magnitude, from a thousandth of the maximum up).
    public var colorScale: DensityColorScale = .automatic()
    /// The heat maps' colour map.
    public var colorMap: ColorMap = .viridis
    /// How overlay points are drawn over densities.
    public var overlayMarker: MarkerStyle = DensityFigure.defaultOverlayMarker
    /// How points are drawn in scatter panels, on white.
    public var scatterMarker: MarkerStyle = DensityFigure.defaultScatterMarker
    /// Side of each square heat map in points.
    public var plotSize = 240.0
    /// Pixels per point of the image (2: a 480-pixel heat map at the default size).
    public var scale = 2.0
    /// Each density panel's colour scale tops out at this quantile of its grid's densities (higher values
    /// get the top colour); `nil` (the default) uses the maximum. With K chosen per point
    /// (``ImportanceSampling``) the maximum is no longer set by a few noisy estimates.
    public var colorCeilingQuantile: Double?

    /// "x₁", "x₂": for data without column names.
    public static let defaultAxisLabels = ["x₁", "x₂"]
    /// White at 40 % opacity, radius 0.6 points: small enough that 2,000 points leave the density visible,
    /// light enough to show on viridis' dark low-density purple and still faintly on its yellow peak.
    public static let defaultOverlayMarker = MarkerStyle(color: RGBAColor.white.withOpacity(0.4), radius: 0.6)
    /// Black at 40 % opacity, radius 0.7 points.
    public static let defaultScatterMarker = MarkerStyle(color: RGBAColor.black.withOpacity(0.4), radius: 0.7)
    /// The number of overlay points the figures draw: enough to show the data's shape, few enough to see through.
    public static let defaultOverlayCount = 2_000

    /// A figure of `panels` with `overlayPoints` drawn over them.
    public init(title: String = "", panels: [Panel], overlayPoints: [DataPoint] = []) {
        self.title = title
        self.panels = panels
        self.overlayPoints = overlayPoints
    }

    /// An evenly strided subsample of at most `count` rows of `data` (rows 0, N/count, 2N/count, …):
    /// deterministic, and representative of i.i.d. rows such as a 2-D training split.
    ///
    /// - Parameter data: `[N, 2]`.
    /// - Throws: ``FigureError/dimensionMismatch(expected:actual:)`` unless `data` has two columns, and
    ///   ``FigureError/invalidParameter(name:value:expected:)`` for a negative count.
    public static func overlayPoints(from data: DataTable, count: Int = defaultOverlayCount) throws -> [DataPoint] {
        guard data.columnCount == 2 else { throw FigureError.dimensionMismatch(expected: 2, actual: data.columnCount) }
        guard count >= 0 else { throw FigureError.invalidParameter(name: "count", value: "\(count)", expected: "at least 0") }
        let kept = min(count, data.rowCount)
        return (0..<kept).map { index in
            let row = index * data.rowCount / kept
            return DataPoint(x: data[row, 0], y: data[row, 1])
        }
    }

    /// Draws the panels side by side, bottom-aligned so that their heat maps line up.
    ///
    /// - Throws: `PlotError` when there are no panels or a size is invalid.
    public func render() throws -> RGBAImage {
        guard !panels.isEmpty else { throw PlotError.noPanels }
        let shared = sharedColorScale()
        var figure = Figure(title: title, panels: try panels.map { try render($0, colorScale: shared) })
        figure.scale = scale
        return try figure.render()
    }

    /// Renders the figure and writes it as a PNG at `path`, atomically (a complete old or new file, never half).
    ///
    /// - Throws: The errors of ``render()``, and `PlotError.cannotWriteFile` when `path` cannot be written.
    public func write(to path: String) throws {
        try PNGFile.write(render(), to: path)
    }

    /// The grid's densities with values above ``colorCeilingQuantile`` (if set) lowered to it; NaN stays NaN.
    func cappedDensities(of grid: DensityGrid) throws -> [Double] {
        let densities = grid.densities
        guard let quantile = colorCeilingQuantile else { return densities }
        guard quantile > 0, quantile <= 1 else {
            throw FigureError.invalidParameter(name: "colorCeilingQuantile", value: "\(quantile)", expected: "a value in (0, 1]")
        }
        let sorted = densities.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return densities }
        let ceiling = sorted[Int((quantile * Double(sorted.count - 1)).rounded(.down))]
        guard ceiling > 0 else { return densities }
        return densities.map { $0.isNaN ? $0 : min($0, ceiling) }
    }

    /// ``colorScale`` resolved once for all density panels, so that they can be compared: logarithmic for all
    /// when any panel's densities span more than ``DensityColorScale/automaticSpan``.
    func sharedColorScale() -> DensityColorScale {
        guard case .automatic(let decades) = colorScale else { return colorScale }
        let spansDecades = panels.contains { panel in
            guard case .density(let grid) = panel.content else { return false }
            return colorScale.resolved(for: grid.densities) != .density
        }
        return spansDecades ? .logDensity(decades: decades) : .density
    }

    private func render(_ panel: Panel, colorScale: DensityColorScale) throws -> RGBAImage {
        var plot: DensityPlot
        switch panel.content {
        case .density(let grid):
            plot = DensityPlot(title: panel.title, values: try cappedDensities(of: grid), gridSize: grid.gridSize,
                               xRange: grid.box.xRange, yRange: grid.box.yRange)
            plot.colorScale = colorScale
            plot.colorMap = colorMap
            plot.markerStyle = overlayMarker
            plot.points = panel.showsPoints ? overlayPoints : []
            plot.pointsLabel = overlayLabel
        case .scatter(let box):
            plot = DensityPlot(title: panel.title, values: [0, 0, 0, 0], gridSize: 2,
                               xRange: box.xRange, yRange: box.yRange)
            plot.colorMap = try ColorMap(name: "blank", stops: [.white, .white])
            plot.showsColorBar = false
            plot.markerStyle = scatterMarker
            plot.points = overlayPoints
        }
        plot.xLabel = axisLabels.first ?? ""
        plot.yLabel = axisLabels.dropFirst().first ?? ""
        plot.plotSize = plotSize
        plot.scale = scale
        return try plot.render()
    }
}
