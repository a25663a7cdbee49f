import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// Laws of the ELBO and the importance-sampled estimator of localised flows.
struct LocalisedFlowTests {
    static func smallLGF(seed: UInt64, dimension: Int = 2, variant: IndexedLayerVariant = .conditionalAffine) throws -> FlowDensity {
        var g = SplitMix64(seed: seed)
        return try ModelBuilder.build(ModelSpecification(kind: .lgfMAF, dimension: dimension, layerCount: 2, hiddenCounts: [8, 8], indexDimension: 1,
                                                         shiftScaleHiddenCounts: [6], indexPriorHiddenCounts: [8], indexPosteriorHiddenCounts: [8], variant: variant), using: &g)
    }

    @Test func elboNeverExceedsTheImportanceSampledEstimateOnTheSameDraws() throws {
        let flow = try Self.smallLGF(seed: 1)
        var g = SplitMix64(seed: 2)
        let x = Tensor.randomNormal(shape: [16, 2], using: &g)
        for k in [1, 5, 50] {
            // All 16 points fit one pass, whose draws come from the stream the estimator seeds from b for its chunk.
            var b = SplitMix64(seed: 3), seeds = b
            var a = seeds.split()
            let elbo = withoutGradientRecording { try! flow.elbo(x, drawCount: k, using: &a) }.doubles
            let estimate = try flow.logLikelihood(x, importanceSamples: k, rowsPerPass: 16 * k, using: &b).values
            for (lower, upper) in zip(elbo, estimate) { #expect(lower <= upper + 1e-5) }
            if k == 1 { #expect(isApproximatelyEqual(elbo, estimate, tolerance: 1e-4)) }
        }
    }

    @Test func estimateRisesWithKOnAverage() throws {
        let flow = try Self.smallLGF(seed: 4)
        var g = SplitMix64(seed: 5)
        let x = Tensor.randomNormal(shape: [40, 2], using: &g)
        var means: [Double] = []
        for k in [1, 10, 100] {
            var total = 0.0
            for seed in 0..<5 {
                var draw = SplitMix64(seed: UInt64(100 + seed))
                total += try flow.logLikelihood(x, importanceSamples: k, using: &draw).mean
            }
            means.append(total / 5)
        }
        #expect(means[0] < means[1] && means[1] < means[2], "\(means)")
    }

    @Test func streamingOverKDoesNotChangeTheEstimate() throws {
        let flow = try Self.smallLGF(seed: 6)
        var g = SplitMix64(seed: 7)
        let x = Tensor.randomNormal(shape: [3, 2], using: &g)
        var a = SplitMix64(seed: 8), b = SplitMix64(seed: 8)
        // One pass holding all 3 × 40 rows vs passes of 7 rows (one point, draws split 7, 7, …, 5).
        let whole = try flow.logLikelihood(x, importanceSamples: 40, rowsPerPass: 120, using: &a)
        let streamed = try flow.logLikelihood(x, importanceSamples: 40, rowsPerPass: 7, using: &b)
        #expect(whole.values.allSatisfy(\.isFinite) && streamed.standardErrors.allSatisfy { $0 >= 0 })
        // Different draw order, same distribution: both are K = 40 estimates of the same log p(x), each with its
        // own standard error from its draws. Independent estimates of one value differ by more than four combined
        // standard errors with probability < 1e-4; the seeds are fixed, so this cannot flake, but a streamed pass
        // that dropped, repeated or mis-weighted a chunk of draws would move its estimate far beyond it.
        for point in 0 ..< 3 {
            let spread = (whole.standardErrors[point] * whole.standardErrors[point]
                          + streamed.standardErrors[point] * streamed.standardErrors[point]).squareRoot()
            #expect(abs(whole.values[point] - streamed.values[point]) <= 4 * spread,
                    "point \(point): \(whole.values[point]) vs \(streamed.values[point]), combined standard error \(spread)")
        }
    }

    /// With s = t = 0 and p = q (both constant), every u cancels and the ELBO is the base flow's log p(x).
    @Test func elboEqualsTheBaseFlowWhenTheIndexDoesNothing() throws {
        let flow = try Self.smallLGF(seed: 9)
        var bases: [FlowStep] = []
        for step in flow.steps {
            switch step {
            case .bijection(let bijection): bases.append(.bijection(bijection))
            case .indexed(let layer):
                let affine = layer.bijection as! ConditionalAffineBijection
                let last = (affine.shiftScaleNetwork as! MLP).layers.last!
                last.weight.value = Tensor(zeros: last.weight.shape)
                last.bias!.value = Tensor(zeros: last.bias!.shape)
                for gaussian in [layer.indexPrior, layer.indexPosterior] {
                    let output = (gaussian.network as! MLP).layers.last!
                    output.weight.value = Tensor(zeros: output.weight.shape)
                    output.bias!.value = Tensor(shape: output.bias!.shape, scalars: [0.4, -0.3])
                }
                bases.append(.bijection(affine.base!))
            case .factorOut(let split): bases.append(.factorOut(split))
            }
        }
        let exact = FlowDensity(steps: bases, dimension: 2)
        var g = SplitMix64(seed: 10)
        let x = Tensor.randomNormal(shape: [8, 2], using: &g)
        let elbo = try flow.elbo(x, using: &g).doubles
        #expect(isApproximatelyEqual(elbo, try exact.logProb(x).doubles, tolerance: 1e-4))
    }

    /// A 1-D model with scalar u: p(x) = ∫ N(G(x;u)) p(u | G(x;u)) |∂G/∂x| du by quadrature, against the
    /// K = 1000 importance-sampled estimate.
    @Test func importanceSampledEstimateMatchesQuadrature() throws {
        var g = SplitMix64(seed: 11)
        let flow = try ModelBuilder.build(ModelSpecification(kind: .lgfMAF, dimension: 1, layerCount: 1, hiddenCounts: [], indexDimension: 1,
                                                             shiftScaleHiddenCounts: [8], indexPriorHiddenCounts: [8], indexPosteriorHiddenCounts: [8], variant: .affineOnly), using: &g)
        flow.convert(to: .float64)
        guard case .indexed(let layer) = flow.steps[0] else { Issue.record("expected an indexed layer"); return }
        let points = [-1.5, -0.2, 0.7, 2.0]
        // Fit q(u | x) to these points first (as training would), so the proposal is a sensible one.
        let adam = Adam(parameters: layer.indexPosterior.parameters, learningRate: 0.01)
        let data = Tensor(shape: [4, 1], doubles: points)
        for _ in 0..<400 {
            let loss = -(try flow.elbo(data, drawCount: 16, using: &g)).mean()
            adam.update(with: loss.gradients(withRespectTo: adam.parameters.map(\.value)))
        }
        let grid = stride(from: -15.0, through: 15.0, by: 0.005).map { $0 }
        for point in points {
            let u = Tensor(shape: [grid.count, 1], doubles: grid)
            let x = Tensor(shape: [grid.count, 1], doubles: grid.map { _ in point })
            let logJoint: [Double] = withoutGradientRecording {
                let (z, logAbsDet) = layer.bijection.forward(x, index: u)
                return (flow.base.logProb(z) + logAbsDet + layer.indexPrior.logProb(u, given: z)).doubles
            }
            let peak = logJoint.max()!
            let marginal = peak + Foundation.log(logJoint.reduce(0) { $0 + Foundation.exp($1 - peak) } * 0.005)
            var draw = SplitMix64(seed: 12)
            let estimate = try flow.logLikelihood(Tensor(shape: [1, 1], doubles: [point]), importanceSamples: 1000, using: &draw)
            #expect(abs(estimate.values[0] - marginal) < 0.01, "x = \(point): estimate \(estimate.values[0]), quadrature \(marginal)")
        }
    }

    @Test func elboGradientMatchesFiniteDifferences() throws {
        let flow = try Self.smallLGF(seed: 13)
        flow.convert(to: .float64)
        let x = randomDoubles([3, 2], seed: 14)
        let error = GradientCheck.relativeError(of: {
            var draws = SplitMix64(seed: 15)   // the same u draws at every evaluation
            return (try! flow.elbo(x, drawCount: 2, using: &draws)).mean()
        }, parameters: flow.parameters)
        #expect(error <= 1e-6)
    }

    @Test func generatedPointsMapBackToTheirLatents() throws {
        let flow = try Self.smallLGF(seed: 16)
        flow.convert(to: .float64)
        guard case .indexed(let layer) = flow.steps[0] else { return }
        var g = SplitMix64(seed: 17)
        let z = Tensor.randomNormal(shape: [10, 2], dtype: .float64, using: &g)
        let (u, _) = layer.indexPrior.sample(given: z, using: &g)
        let x = layer.bijection.inverse(z, index: u).output
        #expect(maximumAbsoluteDifference(layer.bijection.forward(x, index: u).output, z) < 1e-10)
    }
}
