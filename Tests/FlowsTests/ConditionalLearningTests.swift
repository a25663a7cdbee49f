import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// Conditional models learn conditional densities known in closed form, trained by Adam on 20,000 rows (the issue's
/// size) for a short budget and checked on held-out rows. The budgets keep each test to a few seconds; the tolerances
/// are the (0.05 nats per point, 0.03 nats of mutual information), which these budgets already meet with
/// margin (measured: MAF 0.024 and LGF-MAF 0.019 nats from the truth after 500 steps; the gain 0.010 nats from I).
struct ConditionalLearningTests {
    static let trainingRows = 20_000, heldOutRows = 2_000

    /// x | c ~ N(A c + b, Σ) with 2-D x and c: the held-out mean of log p(x | c) − log p̂(x | c) (a Monte Carlo
    /// estimate of the expected KL divergence, so ≥ 0 up to its noise) is below 0.05 nats, and draws given one c have
    /// the mean A c + b and the covariance Σ.
    @Test(arguments: [ModelKind.maf, .lgfMAF])
    func learnsALinearGaussianRegression(_ kind: ModelKind) throws {
        typealias Target = ConditionalTargets.LinearGaussian
        var data = SplitMix64(seed: 1)
        let train = Target.sample(Self.trainingRows, using: &data), test = Target.sample(Self.heldOutRows, using: &data)
        let context = ContextSpecification(dimension: 2)
        let specification = kind == .maf
            ? ModelSpecification(kind: .maf, dimension: 2, layerCount: 3, hiddenCounts: [32, 32], context: context)
            : ModelSpecification(kind: .lgfMAF, dimension: 2, layerCount: 2, hiddenCounts: [16, 16], shiftScaleHiddenCounts: [8],
                                 indexPriorHiddenCounts: [16, 16], indexPosteriorHiddenCounts: [16, 16], indexedLayers: .stable, context: context)
        var g = SplitMix64(seed: 2)
        let model = try ModelBuilder.build(specification, using: &g)
        try ConditionalLearning.train(model, on: .init(x: train.x, c: train.c, dimension: 2, contextDimension: 2), steps: 500, batchSize: 256,
                                      learningRate: 3e-3, usesContext: true, seed: 3)
        let learned = try ConditionalLearning.logLikelihoods(model, on: .init(x: test.x, c: test.c, dimension: 2, contextDimension: 2), usesContext: true, seed: 4)
        let truth = (0..<Self.heldOutRows).map { Target.logDensity(x: [test.x[2 * $0], test.x[2 * $0 + 1]], c: [test.c[2 * $0], test.c[2 * $0 + 1]]) }
        let gap = ConditionalLearning.mean(truth) - ConditionalLearning.mean(learned)
        #expect(gap < 0.05 && gap > -0.01, "\(kind): held-out gap \(gap) nats (truth \(ConditionalLearning.mean(truth)))")

        model.setMode(.evaluation)
        var draws = SplitMix64(seed: 5)
        let c = [1.0, -0.5], count = 4_000
        let x = try model.sample(count: count, context: Tensor(shape: [2], values: c, dtype: .float32), generator: &draws).doubles
        let mean = (0..<2).map { j in (0..<count).reduce(0) { $0 + x[2 * $1 + j] } / Double(count) }
        func covariance(_ i: Int, _ j: Int) -> Double {
            (0..<count).reduce(0) { $0 + (x[2 * $1 + i] - mean[i]) * (x[2 * $1 + j] - mean[j]) } / Double(count - 1)
        }
        let l = Target.l, expectedMean = Target.mean(given: c)
        let sigma = [[l[0][0] * l[0][0], l[0][0] * l[1][0]], [l[0][0] * l[1][0], l[1][0] * l[1][0] + l[1][1] * l[1][1]]]
        // Standard errors of 4,000 draws: 0.01 for the means, under 0.01 for the covariances; the rest is the model's
        // (measured: means 0.04 and 0.11 off for the MAF after 500 steps, matching the means of its own density given c by
        // quadrature, so the error is the model's and not the sampler's; `ConditionalFlowDensityTests` checks the sampler).
        #expect(isApproximatelyEqual(mean, expectedMean, tolerance: 0.2), "\(kind): mean \(mean), expected \(expectedMean)")
        #expect(isApproximatelyEqual([covariance(0, 0), covariance(0, 1), covariance(1, 1)], [sigma[0][0], sigma[0][1], sigma[1][1]], tolerance: 0.05),
                "\(kind): covariance \([covariance(0, 0), covariance(0, 1), covariance(1, 1)]), expected \(sigma)")
    }

    /// A label l (one-hot c) picks one of three overlapping Gaussians: a conditional MAF's held-out gain over an
    /// unconditional MAF of the same size, mean log p̂(x | c) − log p̂(x), is the mutual information I(x; c) of the
    /// closed-form densities within 0.03 nats, and each model's log-likelihood is within 0.05 nats of the truth.
    /// I(x; c) = 0.6832 nats by quadrature, which a Monte Carlo estimate from 4·10⁶ draws computed separately with
    /// NumPy confirms (0.6836 ± 0.0003).
    @Test func gainOverTheUnconditionalModelIsTheMutualInformation() throws {
        typealias Target = ConditionalTargets.LabelMixture
        var data = SplitMix64(seed: 1)
        let train = Target.sample(Self.trainingRows, using: &data), test = Target.sample(Self.heldOutRows, using: &data)
        let training = ConditionalLearning.Rows(x: train.x, c: train.c, dimension: 2, contextDimension: 3)
        let heldOut = ConditionalLearning.Rows(x: test.x, c: test.c, dimension: 2, contextDimension: 3)
        var g = SplitMix64(seed: 2)
        let conditional = try ModelBuilder.build(ModelSpecification(kind: .maf, dimension: 2, layerCount: 3, hiddenCounts: [32, 32],
                                                                    context: ContextSpecification(dimension: 3)), using: &g)
        let unconditional = try ModelBuilder.build(ModelSpecification(kind: .maf, dimension: 2, layerCount: 3, hiddenCounts: [32, 32]), using: &g)
        for (model, usesContext) in [(conditional, true), (unconditional, false)] {
            try ConditionalLearning.train(model, on: training, steps: 500, batchSize: 256, learningRate: 3e-3, usesContext: usesContext, seed: 3)
        }
        let withContext = try ConditionalLearning.logLikelihoods(conditional, on: heldOut, usesContext: true, seed: 4)
        let withoutContext = try ConditionalLearning.logLikelihoods(unconditional, on: heldOut, usesContext: false, seed: 4)
        let gain = ConditionalLearning.mean(withContext) - ConditionalLearning.mean(withoutContext)
        let information = Target.mutualInformation
        #expect(abs(information - 0.6832) < 1e-3, "I(x; c) = \(information)")
        #expect(abs(gain - information) < 0.03, "gain \(gain) nats, I(x; c) = \(information)")
        var conditionalTruth: [Double] = [], marginalTruth: [Double] = []
        for row in 0..<Self.heldOutRows {
            let x = [test.x[2 * row], test.x[2 * row + 1]]
            conditionalTruth.append(Target.logComponent(Target.label(ofRow: row, in: test.c), x: x))
            marginalTruth.append(Target.logMarginal(x: x))
        }
        let conditionalGap = ConditionalLearning.mean(conditionalTruth) - ConditionalLearning.mean(withContext)
        let marginalGap = ConditionalLearning.mean(marginalTruth) - ConditionalLearning.mean(withoutContext)
        #expect(conditionalGap < 0.05 && marginalGap < 0.05, "gaps to the truth: conditional \(conditionalGap), unconditional \(marginalGap)")
    }
}
