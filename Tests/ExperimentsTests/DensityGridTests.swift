import Foundation
import Testing
import Tensors
import Flows
import Datasets
import TestSupport
import Plots
@testable import Figures

/// The density grid's layout, box and values against the models' own log-densities.
struct DensityGridTests {
    static func tinyMAF(seed: UInt64) throws -> FlowDensity {
        var generator = SplitMix64(seed: seed)
        return try ModelBuilder.build(ModelSpecification(kind: .maf, dimension: 2, layerCount: 2, hiddenCounts: [8]), using: &generator)
    }

    static func tinyLGF(seed: UInt64) throws -> FlowDensity {
        var generator = SplitMix64(seed: seed)
        return try ModelBuilder.build(ModelSpecification(kind: .lgfMAF, dimension: 2, layerCount: 2, hiddenCounts: [8], shiftScaleHiddenCounts: [6],
                                                         indexPriorHiddenCounts: [8], indexPosteriorHiddenCounts: [8]), using: &generator)
    }

    @Test func exactGridEqualsLogProbAtTheGridPointsRowZeroLowest() throws {
        let model = try Self.tinyMAF(seed: 1)
        let box = try DensityGrid.Box(xRange: -3...2, yRange: -1...4)
        var generator = SplitMix64(seed: 2)
        let grid = try DensityGrid(evaluating: model, over: box, gridSize: 20, importanceSamples: 1, pointsPerCall: 64, using: &generator)
        #expect(grid.logDensities.count == 400)
        #expect(grid.importanceSamples == 1)
        #expect(grid.x(column: 0) == -3 && grid.x(column: 19) == 2 && grid.y(row: 0) == -1 && grid.y(row: 19) == 4)
        var coordinates: [Double] = []
        for row in 0..<20 {
            for column in 0..<20 { coordinates += [-3 + Double(column) * 5 / 19, -1 + Double(row) * 5 / 19] }
        }
        let expected = try model.logProb(Tensor(shape: [400, 2], doubles: coordinates)).doubles
        #expect(isApproximatelyEqual(grid.logDensities, expected, tolerance: 1e-4))
        // Row 1 lies above row 0: its first value is the model at (x₀, y₁), not at (x₁, y₀).
        let above = try model.logProb(Tensor(shape: [1, 2], doubles: [-3, -1 + 5.0 / 19])).doubles[0]
        #expect(abs(grid.logDensities[20] - above) < 1e-4)
    }

    @Test func boxIsTheDataRangeWidenedByTheMargin() throws {
        let data = DataTable(rows: [[0.5, -1], [2, 3], [-1.5, 0]])
        let box = try DensityGrid.Box(enclosing: data)
        #expect(abs(box.xRange.lowerBound - -1.7) < 1e-12 && abs(box.xRange.upperBound - 2.2) < 1e-12)
        #expect(abs(box.yRange.lowerBound - -1.2) < 1e-12 && abs(box.yRange.upperBound - 3.2) < 1e-12)
        let wide = try DensityGrid.Box(enclosing: data, margin: 1)
        #expect(wide.xRange == -2.5...3 && wide.yRange == -2...4)
    }

    @Test func badInputThrowsTypedErrors() throws {
        #expect(throws: FigureError.dimensionMismatch(expected: 2, actual: 3)) {
            try DensityGrid.Box(enclosing: DataTable(rows: [[1, 2, 3]]))
        }
        #expect(throws: FigureError.emptyData) { try DensityGrid.Box(enclosing: DataTable(rowCount: 0, columnCount: 2, values: [])) }
        #expect(throws: FigureError.nonFiniteData(row: 1, column: 0)) {
            try DensityGrid.Box(enclosing: DataTable(rows: [[1, 2], [.nan, 0]]))
        }
        #expect(throws: FigureError.self) { try DensityGrid.Box(halfWidth: -1) }
        #expect(throws: FigureError.self) { try DensityGrid.Box(xRange: 1...1, yRange: 0...1) }
        let box = try DensityGrid.Box(halfWidth: 1)
        var generator = SplitMix64(seed: 3)
        #expect(throws: FigureError.self) {
            try DensityGrid(evaluating: try Self.tinyMAF(seed: 1), over: box, gridSize: 1, importanceSamples: 1, using: &generator)
        }
        #expect(throws: FigureError.self) {
            try DensityGrid(evaluating: try Self.tinyLGF(seed: 1), over: box, gridSize: 4, importanceSamples: 0, using: &generator)
        }
        var threeD = SplitMix64(seed: 4)
        let model = try ModelBuilder.build(ModelSpecification(kind: .maf, dimension: 3, layerCount: 1, hiddenCounts: [4]), using: &threeD)
        #expect(throws: FigureError.dimensionMismatch(expected: 2, actual: 3)) {
            try DensityGrid(evaluating: model, over: box, gridSize: 4, importanceSamples: 1, using: &generator)
        }
        #expect(throws: FigureError.self) { try DensityGrid(logDensities: [0, 0, 0], gridSize: 2, box: box) }
    }

    @Test func exactDensityIntegratesToOneOverAWideBox() throws {
        let model = try Self.tinyMAF(seed: 5)
        var generator = SplitMix64(seed: 6)
        let grid = try DensityGrid(evaluating: model, over: try DensityGrid.Box(halfWidth: 8), gridSize: 200, importanceSamples: 1,
                                   pointsPerCall: 10_000, using: &generator)
        #expect(abs(grid.totalMass - 1) < 0.02, "mass \(grid.totalMass)")
    }

    @Test func localisedGridIsFiniteAndHoldsRoughlyUnitMass() throws {
        let model = try Self.tinyLGF(seed: 7)
        var generator = SplitMix64(seed: 8)
        let grid = try DensityGrid(evaluating: model, over: try DensityGrid.Box(halfWidth: 7), gridSize: 40, importanceSamples: 32,
                                   pointsPerCall: 400, rowsPerPass: 3_200, using: &generator)
        #expect(grid.importanceSamples == 32)
        #expect(grid.logDensities.allSatisfy { $0.isFinite })
        // p̂ (the mean weight) is unbiased for p, but the weights of an untrained q are heavy-tailed, so a
        // finite K usually falls short: this model gives 0.75 at K = 8 and 0.92 at K = 512. Only gross
        // errors (a wrong log K, a Jacobian sign) fail this loose check; the exact test above is the tight one.
        #expect(abs(grid.totalMass - 1) < 0.3, "mass \(grid.totalMass)")
    }

    @Test func localisedGridEqualsTheEstimatorAtTheGridPoints() throws {
        let model = try Self.tinyLGF(seed: 12)
        let box = try DensityGrid.Box(xRange: -1...3, yRange: -2...0)
        var first = SplitMix64(seed: 13), second = SplitMix64(seed: 13)
        // One call covering the whole grid consumes the generator exactly as one estimator call does.
        let grid = try DensityGrid(evaluating: model, over: box, gridSize: 8, importanceSamples: 5, pointsPerCall: 64,
                                   rowsPerPass: 50, using: &first)
        var coordinates: [Double] = []
        for row in 0..<8 {
            for column in 0..<8 { coordinates += [-1 + Double(column) * 4 / 7, -2 + Double(row) * 2 / 7] }
        }
        let expected = try model.logLikelihood(Tensor(shape: [64, 2], doubles: coordinates), importanceSamples: 5, rowsPerPass: 50,
                                               using: &second).values
        #expect(isApproximatelyEqual(grid.logDensities, expected, tolerance: 1e-9))
    }

    @Test func localisedGridIsReproducibleFromTheSeed() throws {
        let model = try Self.tinyLGF(seed: 9)
        let box = try DensityGrid.Box(halfWidth: 2)
        var first = SplitMix64(seed: 10), second = SplitMix64(seed: 10)
        let a = try DensityGrid(evaluating: model, over: box, gridSize: 6, importanceSamples: 3, using: &first)
        let b = try DensityGrid(evaluating: model, over: box, gridSize: 6, importanceSamples: 3, using: &second)
        #expect(a == b)
    }

    @Test func histogramIsANormalisedEmpiricalDensity() throws {
        var generator = SplitMix64(seed: 11)
        let data = TwoDimensionalTarget.twoUniforms.sample(count: 2_000, using: &generator)
        let box = try DensityGrid.Box(enclosing: data)
        let grid = try DensityGrid(histogramOf: data, over: box, gridSize: 30)
        #expect(abs(grid.totalMass - 1) < 0.05, "mass \(grid.totalMass)")
        // The gap between the two rectangles (x ∈ (−1, 1)) holds no data.
        let middle = (0..<30).filter { abs(grid.x(column: $0)) < 0.8 }
        #expect(!middle.isEmpty && middle.allSatisfy { grid.logDensities[15 * 30 + $0] == -.infinity })
    }
}

/// K chosen per grid point: pooling batches of weights, and refinement until the noise is below the target.
struct ImportanceSamplingTests {
    /// Pooling two batches' moments gives exactly the estimate and standard error of all their weights at once.
    @Test func pooledMomentsEqualOneBatchOfAllTheWeights() {
        var generator = SplitMix64(seed: 3)
        let logWeights = (0..<300).map { _ in Double.random(in: -4...1, using: &generator) }
        func moments(_ batch: ArraySlice<Double>) -> ImportanceWeightMoments {
            let weights = batch.map { exp($0) }, k = Double(batch.count)
            let mean = weights.reduce(0, +) / k
            let variance = weights.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / k
            return ImportanceWeightMoments(logLikelihood: log(mean), standardError: (variance / k).squareRoot() / mean,
                                           count: batch.count)
        }
        let pooled = moments(logWeights[0..<100]).pooled(with: moments(logWeights[100...]))
        let whole = moments(logWeights[...])
        #expect(pooled.count == 300)
        #expect(abs(pooled.logLikelihood - whole.logLikelihood) < 1e-12)
        #expect(abs(pooled.standardError - whole.standardError) < 1e-9)
    }

    @Test func targetsFollowTheColourScale() {
        let logDensities: [Double] = [0, -1, -5, -12, -.infinity]
        let log = ImportanceSampling(colorFraction: 0.01, colorScale: .logDensity(decades: 3)).targets(for: logDensities)
        let span = 3 * Foundation.log(10.0)  // 6.9 nats
        #expect(log[0] == 0.01 * span && log[2] == 0.01 * span)
        // Below the floor (−6.9) the allowance grows by a third of the distance: three standard errors of headroom.
        #expect(abs(log[3]! - (0.01 * span + (12 - span) / 3)) < 1e-12)
        #expect(log[4] == nil)  // p̂ = 0
        let linear = ImportanceSampling(colorFraction: 0.01, colorScale: .density).targets(for: logDensities)
        #expect(abs(linear[0]! - 0.01) < 1e-15 && abs(linear[1]! - 0.01 * exp(1)) < 1e-15)
    }

    /// On a tiny untrained LGF, whose K = 4 estimates are noisy, refinement brings every point that matters
    /// below the target (or to the maximum K) and spends draws only where they were needed.
    @Test func refinementLowersTheStandardErrorBelowTheTarget() throws {
        let model = try DensityGridTests.tinyLGF(seed: 5)
        let box = try DensityGrid.Box(halfWidth: 3)
        let sampling = ImportanceSampling(initialSamples: 4, maximumSamples: 1024, colorFraction: 0.02,
                                          colorScale: .logDensity(decades: 2))
        var generator = SplitMix64(seed: 11)
        var rounds: [Int] = []
        let grid = try DensityGrid(evaluating: model, over: box, gridSize: 8, sampling: sampling, using: &generator) {
            if rounds.last != $0.round { rounds.append($0.round) }
        }
        var fixedGenerator = SplitMix64(seed: 11)
        let fixed = try DensityGrid(evaluating: model, over: box, gridSize: 8, importanceSamples: 4, using: &fixedGenerator)
        let target = 0.02 * 2 * log(10.0)
        let initiallyNoisy = fixed.standardErrors.filter { $0 > target }.count
        #expect(initiallyNoisy > 0, "the test needs a model whose K = 4 estimates are noisy")
        #expect(rounds.count > 1 && rounds == Array(1...rounds.count))
        let targets = sampling.targets(for: grid.logDensities)
        for index in grid.logDensities.indices {
            guard let pointTarget = targets[index] else { continue }
            #expect(grid.standardErrors[index] <= pointTarget || grid.samplesPerPoint[index] == 1024,
                    "point \(index): s.e. \(grid.standardErrors[index]) with K = \(grid.samplesPerPoint[index])")
        }
        #expect(grid.pointsAboveTarget == 0 || grid.samplesPerPoint.contains(1024))
        #expect(grid.samplesPerPoint.min() == 4 && grid.samplesPerPoint.allSatisfy { [4, 8, 16, 32, 64, 128, 256, 512, 1024].contains($0) })
        #expect(grid.totalSamples < 64 * 1024)  // not every point went to the maximum
        #expect(grid.logDensities.allSatisfy { $0.isFinite })
    }
}
