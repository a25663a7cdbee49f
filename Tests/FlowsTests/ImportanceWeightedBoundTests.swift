import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// The importance-weighted bound (IWAE) as a training objective: one draw is the ELBO, K draws bound the K-draw ELBO
/// from above on the same draws, and it is differentiable.
struct ImportanceWeightedBoundTests {
    @Test func oneDrawIsTheELBOOnTheSameDraws() throws {
        let flow = try LocalisedFlowTests.smallLGF(seed: 1)
        let x = randomDoubles([12, 2], seed: 2).converted(to: .float32)
        var a = SplitMix64(seed: 3), b = SplitMix64(seed: 3)
        let bound = try flow.importanceWeightedBound(x, drawCount: 1, using: &a)
        let elbo = try flow.elbo(x, drawCount: 1, using: &b)
        #expect(bound.shape == [12] && bound.scalars == elbo.scalars)
        let (nextA, nextB) = (a.next(), b.next())
        #expect(nextA == nextB)   // and the same number of draws was taken
    }

    /// log mean exp ≥ mean on the same K draws (Jensen), strictly unless the K weights of a point are equal.
    @Test func severalDrawsBoundTheELBOOfTheSameDrawsFromAbove() throws {
        let flow = try LocalisedFlowTests.smallLGF(seed: 4)
        let x = randomDoubles([10, 2], seed: 5).converted(to: .float32)
        for k in [2, 5, 20] {
            var a = SplitMix64(seed: 6), b = SplitMix64(seed: 6)
            let bound = try flow.importanceWeightedBound(x, drawCount: k, using: &a).doubles
            let elbo = try flow.elbo(x, drawCount: k, using: &b).doubles
            #expect(zip(bound, elbo).allSatisfy { $0 > $1 }, "K = \(k): \(bound) against \(elbo)")
        }
    }

    @Test func itIsDifferentiableAndExactForAnExactModel() throws {
        let flow = try LocalisedFlowTests.smallLGF(seed: 7)
        let x = randomDoubles([8, 2], seed: 8).converted(to: .float32)
        var g = SplitMix64(seed: 9)
        let objective = try flow.importanceWeightedBound(x, drawCount: 5, using: &g).mean()
        let gradients = objective.gradients(withRespectTo: flow.parameters.map(\.value))
        #expect(gradients.allSatisfy(\.isFinite) && gradients.contains { $0.doubles.contains { $0 != 0 } })
        var h = SplitMix64(seed: 10)
        let maf = try ModelBuilder.build(ModelSpecification(kind: .maf, dimension: 2, layerCount: 2, hiddenCounts: [6]), using: &h)
        #expect(try maf.importanceWeightedBound(x, drawCount: 7, using: &h).scalars == maf.logProb(x).scalars)
        #expect(throws: DensityError.self) { try flow.importanceWeightedBound(x, drawCount: 0, using: &h) }
    }
}
