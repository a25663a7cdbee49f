import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport
@testable import Figures

/// Density panels of a localised model against its known density: a one-layer LGF, whose p(x) = ∫ p(x, u) du is a
/// one-dimensional integral, with q(u | x) made deliberately poor (centred away from the posterior and narrower
/// than it, so q's weights have infinite variance, as between the rectangles of the trained demo).
struct AdaptiveDensityGridTests {
    /// A tiny LGF-MAF with one indexed layer whose q(u | x) is N(1.5, 0.35²) for every x.
    static func poorlyProposedLGF() throws -> FlowDensity {
        var generator = SplitMix64(seed: 21)
        let model = try ModelBuilder.build(ModelSpecification(kind: .lgfMAF, dimension: 2, layerCount: 1, hiddenCounts: [8], shiftScaleHiddenCounts: [6],
                                                              indexPriorHiddenCounts: [8], indexPosteriorHiddenCounts: [8]), using: &generator)
        guard case .indexed(let layer)? = model.steps.first(where: { if case .indexed = $0 { true } else { false } }),
              let network = layer.indexPosterior.network as? MLP, let last = network.layers.last, let bias = last.bias else {
            throw FigureError.invalidParameter(name: "model", value: "unexpected layout", expected: "an MLP posterior with a bias")
        }
        last.weight.value = Tensor(zeros: last.weight.shape, dtype: last.weight.value.dtype)
        bias.value = Tensor(shape: bias.shape, values: [1.5, log(0.35)], dtype: bias.value.dtype)
        return model
    }

    /// log p(x) = log ∫ w_q(ε) N(ε; 0, 1) dε by the trapezoidal rule over ε ∈ [−12, 12] (u = μ_q + σ_q ε covers
    /// the prior's mass many times over).
    static func quadratureLogDensities(of model: FlowDensity, at points: [(Double, Double)]) throws -> [Double] {
        let nodes = stride(from: -12.0, through: 12.0, by: 0.01).map { $0 }
        return try points.map { point in
            let x = Tensor(shape: [1, 2], values: [point.0, point.1], dtype: .float32)
            let logWeights = try model.logWeights(x, drawsPerRow: nodes.count, standardNoise: Tensor(shape: [nodes.count, 1], values: nodes, dtype: .float32))
            let terms = zip(nodes, logWeights).map { $1 - 0.5 * $0 * $0 - 0.5 * log(2 * Double.pi) }
            let top = terms.max() ?? 0
            let sum = terms.enumerated().reduce(0.0) { total, item in
                total + (item.offset == 0 || item.offset == nodes.count - 1 ? 0.5 : 1) * exp(item.element - top)
            }
            return top + log(sum * 0.01)
        }
    }

    static func gridPoints(_ grid: DensityGrid) -> [(Double, Double)] {
        (0..<(grid.gridSize * grid.gridSize)).map { (grid.x(column: $0 % grid.gridSize), grid.y(row: $0 / grid.gridSize)) }
    }

    /// The quadrature is a density (a wrong Jacobian or weight would not integrate to one): the reference below is sound.
    @Test func quadratureDensityIntegratesToOne() throws {
        let model = try Self.poorlyProposedLGF()
        let grid = try DensityGrid(logDensities: Array(repeating: 0, count: 900), gridSize: 30, box: try DensityGrid.Box(halfWidth: 7))
        let truth = try DensityGrid(logDensities: Self.quadratureLogDensities(of: model, at: Self.gridPoints(grid)), gridSize: 30, box: grid.box)
        #expect(abs(truth.totalMass - 1) < 0.03, "mass \(truth.totalMass)")
    }

    /// As shown on the colour bar, every point's estimate is within three targets of the known log-density (points
    /// below the floor may be off as long as they stay below it), and no point is reported above the target; q alone,
    /// with as many draws as the adaptive grid's most expensive point, misses by more somewhere.
    @Test func adaptiveGridMeetsTheTargetAgainstTheKnownDensity() throws {
        let model = try Self.poorlyProposedLGF()
        let box = try DensityGrid.Box(halfWidth: 2.5)
        let sampling = ImportanceSampling(initialSamples: 50, maximumSamples: 800, colorFraction: 0.02, colorScale: .logDensity(decades: 3))
        var generator = SplitMix64(seed: 22)
        let grid = try DensityGrid(evaluating: model, over: box, gridSize: 8, sampling: sampling, using: &generator)
        let truth = try Self.quadratureLogDensities(of: model, at: Self.gridPoints(grid))
        let targets = sampling.targets(for: truth)
        #expect(grid.adaptedPoints > 0, "q is poor everywhere: the test needs points that adapt")
        #expect(grid.pointsAboveTarget == 0)
        // The error a viewer sees: values below the colour bar's floor are all drawn in its lowest colour.
        let span = 3 * log(10.0), floor = (truth.max() ?? 0) - span
        var squaredRatios: [Double] = []
        for index in truth.indices {
            let target = try #require(targets[index])
            let shown = max(grid.logDensities[index], floor) - max(truth[index], floor)
            #expect(abs(shown) <= 3 * 0.02 * span,
                    "point \(index): log p̂ \(grid.logDensities[index]) vs \(truth[index]), floor \(floor), target \(target)")
            if truth[index] > floor {
                let error = grid.logDensities[index] - truth[index]
                #expect(abs(error) <= 3 * target, "point \(index): log p̂ \(grid.logDensities[index]) vs \(truth[index]), target \(target)")
                squaredRatios.append(error * error / (target * target))
            }
        }
        // On the colour bar the errors are of the size the target allows, not merely below three times it.
        #expect(squaredRatios.count > 30 && squaredRatios.reduce(0, +) / Double(squaredRatios.count) < 1, "\(squaredRatios.count) points above the floor")
        #expect(grid.drawsPerPoint.allSatisfy { $0 >= grid.samplesPerPoint.min() ?? 0 } && grid.totalSamples > grid.samplesPerPoint.reduce(0, +))

        var plainGenerator = SplitMix64(seed: 22)
        let plain = try DensityGrid(evaluating: model, over: box, gridSize: 8, importanceSamples: grid.drawsPerPoint.max() ?? 800, using: &plainGenerator)
        let worst = truth.indices.map { abs(max(plain.logDensities[$0], floor) - max(truth[$0], floor)) / (0.02 * span) }.max() ?? 0
        #expect(worst > 3, "q alone: worst error \(worst) targets")
    }

    @Test func adaptiveGridIsReproducibleFromTheSeed() throws {
        let model = try Self.poorlyProposedLGF()
        let sampling = ImportanceSampling(initialSamples: 20, maximumSamples: 160)
        var first = SplitMix64(seed: 23), second = SplitMix64(seed: 23)
        let a = try DensityGrid(evaluating: model, over: try DensityGrid.Box(halfWidth: 2), gridSize: 5, sampling: sampling, using: &first)
        let b = try DensityGrid(evaluating: model, over: try DensityGrid.Box(halfWidth: 2), gridSize: 5, sampling: sampling, using: &second)
        #expect(a == b)
    }
}

/// The fitted proposal's density, draws and fit.
struct IndexProposalTests {
    /// log N(ε; 0, I) − log r(ε) against the mixture written out for d = 2.
    @Test func weightCorrectionIsTheDensityRatio() throws {
        let factor = try #require(IndexProposal.cholesky([0.5, 0.1, 0.1, 0.3], dimension: 2))
        let proposal = IndexProposal(dimension: 2, defensiveFraction: 0.2, mean: [1, -0.5], choleskyFactor: factor)
        for noise in [[0.0, 0.0], [1.2, -0.4], [-2.0, 3.0]] {
            func gaussian(_ e: [Double], mean: [Double], covariance: [Double]) -> Double {
                let determinant = covariance[0] * covariance[3] - covariance[1] * covariance[2]
                let a = e[0] - mean[0], b = e[1] - mean[1]
                let quadratic = (covariance[3] * a * a - 2 * covariance[1] * a * b + covariance[0] * b * b) / determinant
                return exp(-0.5 * quadratic) / (2 * Double.pi * determinant.squareRoot())
            }
            let standard = gaussian(noise, mean: [0, 0], covariance: [1, 0, 0, 1])
            let mixture = 0.2 * standard + 0.8 * gaussian(noise, mean: [1, -0.5], covariance: [0.5, 0.1, 0.1, 0.3])
            #expect(abs(proposal.logWeightCorrection(noise[...]) - (log(standard) - log(mixture))) < 1e-12)
        }
        #expect(IndexProposal.standard(dimension: 2).logWeightCorrection([0.3, 0.4][...]) == 0)
    }

    /// Weighted draws of N(0, I) re-weighted to N(m, S) give back about m and the widened S.
    @Test func fitRecoversTheWeightedMeanAndCovariance() throws {
        var generator = SplitMix64(seed: 5)
        let noise = Tensor.randomNormal(shape: [20_000, 2], dtype: .float64, using: &generator).doubles
        var statistics = WeightedNoiseStatistics(dimension: 2)
        let mean = [0.6, -0.3], variances = [0.5, 0.25]
        for row in 0..<20_000 {
            let e = noise[(2 * row)..<(2 * row + 2)]
            var logWeight = 0.0
            for i in 0..<2 {
                let value = e[e.startIndex + i]
                logWeight += -0.5 * (value - mean[i]) * (value - mean[i]) / variances[i] - 0.5 * log(variances[i]) + 0.5 * value * value
            }
            statistics.add(e, logWeight: logWeight)
        }
        let fitted = IndexProposal.fitted(to: statistics)
        let fittedMean = try #require(fitted.mean)
        #expect(abs(fittedMean[0] - 0.6) < 0.03 && abs(fittedMean[1] + 0.3) < 0.03, "\(fittedMean)")
        let widened = IndexProposal.widening * IndexProposal.widening
        #expect(abs(fitted.choleskyFactor[0] * fitted.choleskyFactor[0] - widened * 0.5) < 0.05)
        #expect(abs(fitted.choleskyFactor[2]) < 0.05)
        // Draws follow the mixture: a fifth from N(0, I), the rest from the fit.
        let draws = fitted.draw(count: 20_000, using: &generator)
        let drawnMean = stride(from: 0, to: draws.count, by: 2).reduce(0.0) { $0 + draws[$1] } / 20_000
        #expect(abs(drawnMean - 0.8 * fittedMean[0]) < 0.03, "\(drawnMean)")
        #expect(IndexProposal.fitted(to: WeightedNoiseStatistics(dimension: 2)).mean == nil)
    }
}
