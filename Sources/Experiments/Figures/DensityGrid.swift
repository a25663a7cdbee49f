import Foundation
import Tensors
import Flows

/// A 2-D model's log-density on a G × G grid over a box: what one density panel of the paper's
/// Figure 1 shows (300 × 300 over the data's range ± 0.2 in the authors' code, REFERENCE.md §2).
///
/// Grid point (row, column) is x = `box.xRange.lowerBound + column · Δx`, y = `box.yRange.lowerBound + row · Δy`
/// with Δ = width / (G − 1) (NumPy's `linspace`), and its value is `logDensities[row · G + column]`:
/// row-major with **row 0 the lowest y**, the layout `DensityPlot` draws.
///
/// ```swift
/// let box = try DensityGrid.Box(enclosing: splits.train)
/// let grid = try DensityGrid(evaluating: lgf, over: box, importanceSamples: 100, using: &generator)
/// ```
/// Cornish et al., *Relaxing bijectivity constraints with continuously indexed normalising flows*,
/// ICML 2020, arXiv:1909.13833 (Figure 1).
public struct DensityGrid: Sendable, Equatable {
    /// G, the number of grid points per side (at least 2).
    public let gridSize: Int
    /// The rectangle whose corners are the grid's corner points.
    public let box: Box
    /// log p at every grid point, `[G · G]` row-major, row 0 the lowest y. Exact for exact models;
    /// for localised ones the importance-sampled log p̂ with ``importanceSamples`` draws, biased low.
    public let logDensities: [Double]
    /// K behind each value: 1 for exact models (and for histograms).
    public let importanceSamples: Int

    /// The grid points per call that keep a 300 × 300 grid to a few dozen model calls while holding
    /// the activations of a 5-layer, [50]×4 flow to a few megabytes.
    public static let defaultPointsPerCall = 5_000

    /// A grid from values computed elsewhere, e.g. a known true density.
    ///
    /// - Parameter logDensities: `[gridSize²]`, laid out as ``logDensities``.
    /// - Throws: ``FigureError/invalidParameter(name:value:expected:)`` for a grid below 2 × 2 or a
    ///   value count other than `gridSize²`.
    public init(logDensities: [Double], gridSize: Int, box: Box, importanceSamples: Int = 1) throws {
        try Self.validate(gridSize: gridSize)
        guard logDensities.count == gridSize * gridSize else {
            throw FigureError.invalidParameter(name: "logDensities.count", value: "\(logDensities.count)",
                                               expected: "gridSize² = \(gridSize * gridSize)")
        }
        guard importanceSamples >= 1 else {
            throw FigureError.invalidParameter(name: "importanceSamples", value: "\(importanceSamples)", expected: "at least 1")
        }
        self.logDensities = logDensities
        self.gridSize = gridSize
        self.box = box
        self.importanceSamples = importanceSamples
    }

    /// Evaluates `model` at every grid point, `pointsPerCall` points per model call, without recording gradients.
    ///
    /// Exact models give log p(x) (`logProb`). Localised ones give the importance-sampled
    /// log p̂(x) = logsumexp_k log w_k − log K with K = `importanceSamples` draws u_k ~ q(u | x) per point
    /// (`logLikelihood`, streamed in passes of `rowsPerPass` points × draws). The model is switched to
    /// **evaluation mode** first (batch norm uses its running averages) and left there: a caller that
    /// resumes training sets `.training` again.
    ///
    /// - Parameters:
    ///   - model: a 2-D flow.
    ///   - box: the rectangle to cover, e.g. `Box(enclosing: trainingData)`.
    ///   - gridSize: G; the paper plots 300 × 300.
    ///   - importanceSamples: K ≥ 1 for a localised model; ignored (recorded as 1) for an exact one.
    ///   - pointsPerCall: grid points handed to the model at once.
    ///   - rowsPerPass: points × draws per forward pass of a localised model.
    ///   - generator: draws the u_k; untouched for an exact model.
    /// - Throws: ``FigureError`` for a model that is not 2-D or a non-positive count, and `DensityError`
    ///   from the model.
    public init(evaluating model: FlowDensity, over box: Box, gridSize: Int = 300, importanceSamples: Int,
                pointsPerCall: Int = DensityGrid.defaultPointsPerCall, rowsPerPass: Int = FlowDensity.defaultRowsPerPass,
                using generator: inout some RandomNumberGenerator) throws {
        guard model.dimension == 2 else { throw FigureError.dimensionMismatch(expected: 2, actual: model.dimension) }
        try Self.validate(gridSize: gridSize)
        for (name, count) in [("importanceSamples", importanceSamples), ("pointsPerCall", pointsPerCall), ("rowsPerPass", rowsPerPass)]
        where count < 1 {
            throw FigureError.invalidParameter(name: name, value: "\(count)", expected: "at least 1")
        }
        model.setMode(.evaluation)
        let pointCount = gridSize * gridSize
        var values: [Double] = []
        values.reserveCapacity(pointCount)
        var start = 0
        while start < pointCount {
            let end = min(pointCount, start + pointsPerCall)
            var coordinates: [Double] = []
            coordinates.reserveCapacity(2 * (end - start))
            for index in start..<end {
                coordinates.append(Self.coordinate(index % gridSize, of: box.xRange, gridSize: gridSize))
                coordinates.append(Self.coordinate(index / gridSize, of: box.yRange, gridSize: gridSize))
            }
            let points = Tensor(shape: [end - start, 2], values: coordinates, dtype: model.dtype ?? .float32)
            if model.isExact {
                values += try withoutGradientRecording { try model.logProb(points).doubles }
            } else {
                values += try model.logLikelihood(points, importanceSamples: importanceSamples, rowsPerPass: rowsPerPass,
                                                  using: &generator).values
            }
            start = end
        }
        try self.init(logDensities: values, gridSize: gridSize, box: box,
                      importanceSamples: model.isExact ? 1 : importanceSamples)
    }

    // MARK: - Geometry

    /// The x coordinate of grid column `column` (0 ..< G).
    public func x(column: Int) -> Double { Self.coordinate(column, of: box.xRange, gridSize: gridSize) }

    /// The y coordinate of grid row `row` (0 ..< G; row 0 is the lowest y).
    public func y(row: Int) -> Double { Self.coordinate(row, of: box.yRange, gridSize: gridSize) }

    /// Δx · Δy, the area one grid point stands for.
    public var cellArea: Double { Self.cellArea(of: box, gridSize: gridSize) }

    /// p = exp(log p) at every grid point, laid out as ``logDensities`` (the values `DensityPlot` takes).
    public var densities: [Double] { logDensities.map { Foundation.exp($0) } }

    /// ∫ p over the box by the trapezoidal rule on the grid (non-finite values count as 0): ≈ 1 for a
    /// normalised density on a box that holds its mass, less when mass lies outside.
    public var totalMass: Double {
        var sum = 0.0
        for row in 0..<gridSize {
            let rowWeight = row == 0 || row == gridSize - 1 ? 0.5 : 1
            for column in 0..<gridSize {
                let density = Foundation.exp(logDensities[row * gridSize + column])
                guard density.isFinite else { continue }
                let columnWeight = column == 0 || column == gridSize - 1 ? 0.5 : 1
                sum += rowWeight * columnWeight * density
            }
        }
        return sum * cellArea
    }

    static func coordinate(_ index: Int, of range: ClosedRange<Double>, gridSize: Int) -> Double {
        // The last index lands exactly on the upper bound rather than within rounding of it.
        if index == gridSize - 1 { return range.upperBound }
        return range.lowerBound + Double(index) * (range.upperBound - range.lowerBound) / Double(gridSize - 1)
    }

    static func cellArea(of box: Box, gridSize: Int) -> Double {
        let last = Double(gridSize - 1)
        return (box.xRange.upperBound - box.xRange.lowerBound) / last * (box.yRange.upperBound - box.yRange.lowerBound) / last
    }

    static func validate(gridSize: Int) throws {
        guard gridSize >= 2 else {
            throw FigureError.invalidParameter(name: "gridSize", value: "\(gridSize)", expected: "at least 2")
        }
    }
}
