import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// The estimators and the sampler of a conditional LGF take a context per row: the importance-sampled estimate's
/// chunks take their own points' contexts whatever the threads, the bounds keep their order, and samples given c are
/// what the flow's inverse makes of its base draws given c.
struct ConditionalEstimatorTests {
    /// A 2-D LGF-MAF given 3 context features, with an embedding and (s, t) of c, in evaluation mode.
    static func model(seed: UInt64) throws -> FlowDensity {
        var g = SplitMix64(seed: seed)
        let context = ContextSpecification(dimension: 3, embedding: ContextEmbeddingSpecification(hiddenCounts: [6], outputCount: 4), shiftScaleSeesContext: true)
        let flow = try ModelBuilder.build(ModelSpecification(kind: .lgfMAF, dimension: 2, layerCount: 2, hiddenCounts: [12, 12], indexDimension: 1,
                                                             shiftScaleHiddenCounts: [8], indexPriorHiddenCounts: [8], indexPosteriorHiddenCounts: [8],
                                                             context: context), using: &g)
        flow.setMode(.evaluation)
        return flow
    }

    static func data(_ count: Int, seed: UInt64) -> (x: Tensor, c: Tensor) {
        var g = SplitMix64(seed: seed)
        return (Tensor.randomNormal(shape: [count, 2], using: &g), Tensor.randomNormal(shape: [count, 3], using: &g) * 2)
    }

    /// One chunk per point (rows per pass = K): the call over all points equals consecutive calls over each point with
    /// its own context, for every thread count and threading; a chunk given another point's context would differ.
    @Test func chunksTakeTheirOwnPointsContexts() throws {
        let flow = try Self.model(seed: 1)
        let (x, c) = Self.data(7, seed: 2)
        var pointwise: [Double] = []
        var g = SplitMix64(seed: 3)
        for row in 0..<7 {
            pointwise += try flow.logLikelihood(x.gatheringRows(row..<(row + 1)), context: c.gatheringRows(row..<(row + 1)), importanceSamples: 20,
                                                rowsPerPass: 20, using: &g).values
        }
        for threads in [1, 2] {
            for threading in EstimatorThreading.allCases {
                var h = SplitMix64(seed: 3)
                let whole = try WorkerPool(threadCount: threads).withCurrent {
                    try flow.logLikelihood(x, context: c, importanceSamples: 20, rowsPerPass: 20, threading: threading, using: &h)
                }
                #expect(isApproximatelyEqual(whole.values, pointwise, tolerance: 1e-5), "\(threads) threads, \(threading)")
            }
        }
        // Streaming K in passes of 7 rows estimates the same log p(x | c) from other draws: within four standard errors.
        var s = SplitMix64(seed: 4)
        let streamed = try flow.logLikelihood(x, context: c, importanceSamples: 20, rowsPerPass: 7, using: &s)
        var w = SplitMix64(seed: 3)
        let whole = try flow.logLikelihood(x, context: c, importanceSamples: 20, rowsPerPass: 140, using: &w)
        for point in 0..<7 {
            let spread = (whole.standardErrors[point] * whole.standardErrors[point] + streamed.standardErrors[point] * streamed.standardErrors[point]).squareRoot()
            #expect(abs(whole.values[point] - streamed.values[point]) <= 4 * spread)
        }
    }

    /// On the same draws: the K-draw ELBO ≤ the importance-weighted bound = the importance-sampled estimate, given c.
    @Test func boundsKeepTheirOrderGivenAContext() throws {
        let flow = try Self.model(seed: 5)
        let (x, c) = Self.data(9, seed: 6)
        for k in [1, 8] {
            var seeds = SplitMix64(seed: 7)
            var a = seeds.split(), b = a
            var estimator = SplitMix64(seed: 7)
            let elbo = try withoutGradientRecording { try flow.elbo(x, context: c, drawCount: k, using: &a) }.doubles
            let bound = try withoutGradientRecording { try flow.importanceWeightedBound(x, context: c, drawCount: k, using: &b) }.doubles
            let estimate = try flow.logLikelihood(x, context: c, importanceSamples: k, rowsPerPass: 9 * k, using: &estimator).values
            #expect(zip(elbo, bound).allSatisfy { $0 <= $1 + 1e-5 })
            #expect(isApproximatelyEqual(bound, estimate, tolerance: 1e-4))
            if k == 1 { #expect(isApproximatelyEqual(elbo, bound, tolerance: 1e-5)) }
        }
    }

    /// Gradients of the conditional ELBO (through the embedding, p, q, (s, t) and the MADEs' context layers) against
    /// central differences, and with respect to the context itself.
    @Test func elboGradientsMatchFiniteDifferences() throws {
        let flow = try Self.model(seed: 8)
        flow.convert(to: .float64)
        flow.setMode(.training)
        let x = randomDoubles([4, 2], seed: 9)
        let c = Parameter(name: "c", value: randomDoubles([4, 3], seed: 10))
        let error = GradientCheck.relativeError(of: {
            var draws = SplitMix64(seed: 11)
            return (try! flow.elbo(x, context: c.value, drawCount: 2, using: &draws)).mean()
        }, parameters: flow.parameters + [c])
        #expect(error <= 1e-6, "relative error \(error)")
    }

    /// `sample(count:context:)` for one c is the flow's inverse of its N(0, I) draws given c at every layer: the first
    /// indexed layer (latent side) regenerated from the same draws gives the same points, and a matrix of the same c
    /// repeated gives the same draws.
    @Test func samplesGivenOneContextAndOnePerRow() throws {
        let flow = try Self.model(seed: 12)
        flow.convert(to: .float64)
        let c = Tensor(shape: [3], doubles: [0.5, -1, 2])
        var a = SplitMix64(seed: 13), b = SplitMix64(seed: 13)
        let many = try flow.sample(count: 50, context: c, generator: &a)
        let repeated = try flow.sample(forEachRowOf: c.reshaped(to: [1, 3]).repeatingRows(50), generator: &b)
        #expect(many.shape == [50, 2] && many.isFinite)
        #expect(maximumAbsoluteDifference(many, repeated) < 1e-12)
        // By hand: z ~ N(0, I), then every step inverted with the embedded c (u ~ p(u | z, c) at the indexed layers).
        var g = SplitMix64(seed: 13)
        guard let embedding = flow.contextEmbedding else { Issue.record("no embedding"); return }
        let embedded = embedding(c.reshaped(to: [1, 3])).repeatingRows(50)
        var z = Tensor.randomNormal(shape: [50, 2], dtype: .float64, using: &g)
        for step in flow.steps.reversed() {
            switch step {
            case .bijection(let bijection): z = bijection.inverse(z, context: embedded).output
            case .indexed(let layer): z = layer.inverse(z, context: embedded, using: &g)
            case .factorOut: Issue.record("no factor-out step in a vector flow")
            }
        }
        #expect(maximumAbsoluteDifference(many, z) < 1e-12)
        // Other contexts give other points from the same draws.
        var other = SplitMix64(seed: 13)
        let moved = try flow.sample(count: 50, context: Tensor(shape: [3], doubles: [-2, 1, 0]), generator: &other)
        #expect(maximumAbsoluteDifference(many, moved) > 1e-3)
    }
}
