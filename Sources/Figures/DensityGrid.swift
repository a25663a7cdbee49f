import Foundation
import Tensors
import Flows

/// A 2-D model's log-density on a G × G grid over a box: what one density panel of the paper's
/// Figure 1 shows (300 × 300 over the data's range ± 0.2 in the authors' code for Cornish et al. 2020).
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
    /// The smallest K behind a value (the first round's): 1 for exact models (and for histograms).
    public let importanceSamples: Int
    /// K behind each value, laid out as ``logDensities``: ``importanceSamples`` or more where the first
    /// estimate was too noisy (see ``ImportanceSampling``).
    public private(set) var samplesPerPoint: [Int]
    /// The delta-method standard error of each log p̂ in nats (0 for exact values).
    public private(set) var standardErrors: [Double]
    /// Points whose standard error was still above ``ImportanceSampling``'s target at its maximum K.
    public private(set) var pointsAboveTarget = 0
    /// The draws each point cost, laid out as ``logDensities``: ``samplesPerPoint`` plus, where the proposal was
    /// adapted, the first round's and the adaptation rounds' draws, which the estimate does not use.
    public private(set) var drawsPerPoint: [Int]
    /// Points whose importance proposal was fitted to their posterior (see ``adaptiveEstimates(of:over:gridSize:sampling:rowsPerPass:using:progress:)``).
    public private(set) var adaptedPoints = 0

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
        self.samplesPerPoint = Array(repeating: importanceSamples, count: logDensities.count)
        self.drawsPerPoint = samplesPerPoint
        self.standardErrors = Array(repeating: 0, count: logDensities.count)
    }

    /// Evaluates `model` at every grid point with the same K everywhere: ``init(evaluating:over:gridSize:sampling:pointsPerCall:rowsPerPass:using:progress:)``
    /// with ``ImportanceSampling/fixed(_:)``.
    public init(evaluating model: FlowDensity, over box: Box, gridSize: Int = 300, importanceSamples: Int,
                pointsPerCall: Int = DensityGrid.defaultPointsPerCall, rowsPerPass: Int = FlowDensity.defaultRowsPerPass,
                using generator: inout some RandomNumberGenerator) throws {
        guard importanceSamples >= 1 else {
            throw FigureError.invalidParameter(name: "importanceSamples", value: "\(importanceSamples)", expected: "at least 1")
        }
        try self.init(evaluating: model, over: box, gridSize: gridSize, sampling: .fixed(importanceSamples),
                      pointsPerCall: pointsPerCall, rowsPerPass: rowsPerPass, using: &generator)
    }

    /// Evaluates `model` at every grid point, `pointsPerCall` points per model call, without recording gradients.
    ///
    /// Exact models give log p(x) (`logProb`). Localised ones give the importance-sampled
    /// log p̂(x) = logsumexp_k log w_k − log K with u_k ~ q(u | x) (`logLikelihood`, streamed in passes of
    /// `rowsPerPass` points × draws), K chosen per point by `sampling`: first ``ImportanceSampling/initialSamples``
    /// everywhere, then, round by round, as many draws again (pooled with the earlier ones) at the points whose
    /// standard error is above ``ImportanceSampling``'s target. The model is switched to **evaluation mode**
    /// first (batch norm uses its running averages) and left there: a caller that resumes training sets
    /// `.training` again.
    ///
    /// - Parameters:
    ///   - model: a 2-D flow.
    ///   - box: the rectangle to cover, e.g. `Box(enclosing: trainingData)`.
    ///   - gridSize: G; the paper plots 300 × 300.
    ///   - sampling: K per point for a localised model; ignored (K recorded as 1) for an exact one.
    ///   - pointsPerCall: grid points handed to the model at once.
    ///   - rowsPerPass: points × draws per forward pass of a localised model.
    ///   - generator: draws the u_k; untouched for an exact model.
    ///   - progress: told after every model call how far the current round is.
    /// - Throws: ``FigureError`` for a model that is not 2-D or a non-positive count, and `DensityError`
    ///   from the model.
    public init(evaluating model: FlowDensity, over box: Box, gridSize: Int = 300, sampling: ImportanceSampling,
                pointsPerCall: Int = DensityGrid.defaultPointsPerCall, rowsPerPass: Int = FlowDensity.defaultRowsPerPass,
                using generator: inout some RandomNumberGenerator, progress: ((Progress) -> Void)? = nil) throws {
        guard model.dimension == 2 else { throw FigureError.dimensionMismatch(expected: 2, actual: model.dimension) }
        try Self.validate(gridSize: gridSize)
        try sampling.validate()
        for (name, count) in [("pointsPerCall", pointsPerCall), ("rowsPerPass", rowsPerPass)] where count < 1 {
            throw FigureError.invalidParameter(name: name, value: "\(count)", expected: "at least 1")
        }
        model.setMode(.evaluation)
        let all = Array(0..<(gridSize * gridSize))
        if !model.isExact && sampling.maximumSamples > sampling.initialSamples {
            let result = try Self.adaptiveEstimates(of: model, over: box, gridSize: gridSize, sampling: sampling, rowsPerPass: rowsPerPass,
                                                    using: &generator, progress: progress)
            try self.init(logDensities: result.moments.map(\.logLikelihood), gridSize: gridSize, box: box,
                          importanceSamples: sampling.initialSamples)
            samplesPerPoint = result.moments.map(\.count)
            drawsPerPoint = result.draws
            standardErrors = result.moments.map(\.standardError)
            adaptedPoints = result.adaptedCount
            let targets = sampling.targets(for: logDensities)
            pointsAboveTarget = all.filter { index in targets[index].map { !(standardErrors[index] <= $0) } ?? false }.count
            return
        }
        func evaluate(_ indices: [Int], samples: Int, round: Int) throws -> [ImportanceWeightMoments] {
            var moments: [ImportanceWeightMoments] = []
            moments.reserveCapacity(indices.count)
            for start in stride(from: 0, to: indices.count, by: pointsPerCall) {
                let chunk = indices[start..<min(indices.count, start + pointsPerCall)]
                let coordinates = chunk.flatMap { index in
                    [Self.coordinate(index % gridSize, of: box.xRange, gridSize: gridSize),
                     Self.coordinate(index / gridSize, of: box.yRange, gridSize: gridSize)]
                }
                let points = Tensor(shape: [chunk.count, 2], values: coordinates, dtype: model.dtype ?? .float32)
                if model.isExact {
                    let values = try withoutGradientRecording { try model.logProb(points).doubles }
                    moments += values.map { ImportanceWeightMoments(logLikelihood: $0, standardError: 0, count: 1) }
                } else {
                    let estimate = try model.logLikelihood(points, importanceSamples: samples, rowsPerPass: rowsPerPass,
                                                           using: &generator)
                    moments += zip(estimate.values, estimate.standardErrors).map {
                        ImportanceWeightMoments(logLikelihood: $0, standardError: $1, count: samples)
                    }
                }
                progress?(Progress(round: round, samplesPerPoint: samples, pointsDone: moments.count,
                                   pointCount: indices.count))
            }
            return moments
        }
        var moments = try evaluate(all, samples: sampling.initialSamples, round: 1)
        var round = 1
        var targets = sampling.targets(for: moments.map(\.logLikelihood))
        func needsMore(_ index: Int) -> Bool {
            guard let target = targets[index] else { return false }
            return !(moments[index].standardError <= target)
        }
        // Each round doubles K at every point still too noisy (as many new draws as it has, pooled), so K stays
        // initialSamples × a power of two; the targets follow the current values, whose maximum can move.
        while !model.isExact {
            let refine = all.filter { needsMore($0) && 2 * moments[$0].count <= sampling.maximumSamples }
            if refine.isEmpty { break }
            round += 1
            for (samples, group) in Dictionary(grouping: refine, by: { moments[$0].count }).sorted(by: { $0.key < $1.key }) {
                let added = try evaluate(group, samples: samples, round: round)
                for (index, extra) in zip(group, added) { moments[index] = moments[index].pooled(with: extra) }
            }
            targets = sampling.targets(for: moments.map(\.logLikelihood))
        }
        try self.init(logDensities: moments.map(\.logLikelihood), gridSize: gridSize, box: box,
                      importanceSamples: model.isExact ? 1 : sampling.initialSamples)
        samplesPerPoint = moments.map(\.count)
        drawsPerPoint = samplesPerPoint
        standardErrors = moments.map { model.isExact ? 0 : $0.standardError }
        pointsAboveTarget = model.isExact ? 0 : all.filter(needsMore).count
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

extension DensityGrid {
    /// How far the evaluation of a grid has got: reported after every model call.
    public struct Progress: Sendable, Hashable {
        /// 1 for the first pass over all points, then one more for each refinement.
        public var round: Int
        /// K given to each point in this round.
        public var samplesPerPoint: Int
        /// Points evaluated so far in this round, and all the round's points.
        public var pointsDone: Int
        public var pointCount: Int
    }

    /// Σ over the grid of the draws each point cost (G² for an exact model).
    public var totalSamples: Int { drawsPerPoint.reduce(0, +) }
}
