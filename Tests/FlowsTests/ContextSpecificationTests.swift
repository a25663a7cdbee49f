import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// A model's context in its specification: written only for conditional models, absent (unconditional) in every
/// specification written before contexts existed, validated before anything is built, and its standardisation applied
/// by the density.
struct ContextSpecificationTests {
    @Test func unconditionalSpecificationsAreWrittenAndReadAsBefore() throws {
        let plain = ModelSpecification.figure1LGFMAF()
        let json = try JSONEncoder().encode(plain)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["context"] == nil, "an unconditional specification writes no context key")
        #expect(try JSONDecoder().decode(ModelSpecification.self, from: json).context == nil)

        let full = ContextSpecification(dimension: 4, embedding: ContextEmbeddingSpecification(hiddenCounts: [16], outputCount: 8), shiftScaleSeesContext: true,
                                        standardization: InputStandardization(mean: [0, 1, 0, 0], std: [2, 3, 1, 1]))
        var conditional = plain
        conditional.context = full
        #expect(try JSONDecoder().decode(ModelSpecification.self, from: try JSONEncoder().encode(conditional)) == conditional)
        // A context written with only its dimension has no embedding, no standardisation and (s, t) of u alone.
        var minimal = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(conditional)) as? [String: Any])
        minimal["context"] = ["dimension": 4]
        let decoded = try JSONDecoder().decode(ModelSpecification.self, from: try JSONSerialization.data(withJSONObject: minimal))
        #expect(decoded.context == ContextSpecification(dimension: 4))
        #expect(decoded.context?.featureCount == 4 && full.featureCount == 8)
    }

    @Test func badContextsAreRefusedBeforeBuilding() {
        var g = SplitMix64(seed: 1)
        func refused(_ context: ContextSpecification, naming field: String) {
            let specification = ModelSpecification(kind: .maf, dimension: 2, layerCount: 1, hiddenCounts: [4], context: context)
            do {
                _ = try ModelBuilder.build(specification, using: &g)
                Issue.record("\(context) should be refused")
            } catch {
                #expect("\(error)".contains(field), "\(error)")
            }
        }
        refused(ContextSpecification(dimension: 0), naming: "context.dimension")
        refused(ContextSpecification(dimension: 2, embedding: ContextEmbeddingSpecification(hiddenCounts: [4], outputCount: 0)), naming: "context.embedding.outputCount")
        refused(ContextSpecification(dimension: 2, embedding: ContextEmbeddingSpecification(hiddenCounts: [0], outputCount: 3)), naming: "context.embedding.hiddenCounts")
        refused(ContextSpecification(dimension: 2, standardization: InputStandardization(mean: [0], std: [1])), naming: "context.standardization")
        refused(ContextSpecification(dimension: 2, standardization: InputStandardization(mean: [0, 0], std: [1, 0])), naming: "context.standardization")
    }

    /// A density that standardises its context given raw c is the same density given (c − mean) / std without it; the
    /// standardisation draws nothing and trains nothing (buffers named `contextStandardization`).
    @Test func theDensityStandardisesRawContexts() throws {
        let standardization = InputStandardization(mean: [10, -3, 0], std: [5, 0.5, 1])
        func model(standardizing: Bool) throws -> FlowDensity {
            var g = SplitMix64(seed: 2)
            let context = ContextSpecification(dimension: 3, embedding: ContextEmbeddingSpecification(hiddenCounts: [5], outputCount: 2),
                                               standardization: standardizing ? standardization : nil)
            let flow = try ModelBuilder.build(ModelSpecification(kind: .lgfMAF, dimension: 2, layerCount: 2, hiddenCounts: [8], indexPriorHiddenCounts: [8],
                                                                 indexPosteriorHiddenCounts: [8], context: context), using: &g)
            flow.convert(to: .float64)
            return flow
        }
        let raw = try model(standardizing: true), plain = try model(standardizing: false)
        #expect(raw.parameterCount == plain.parameterCount)
        #expect(raw.namedState.map(\.name).filter { $0.hasPrefix("contextStandardization") } == ["contextStandardization.mean", "contextStandardization.std"])
        let x = randomDoubles([6, 2], seed: 3), c = randomDoubles([6, 3], seed: 4)
        let rawContext = c * Tensor(shape: [3], doubles: standardization.std) + Tensor(shape: [3], doubles: standardization.mean)
        var a = SplitMix64(seed: 5), b = SplitMix64(seed: 5)
        let given = try raw.elbo(x, context: rawContext, drawCount: 2, using: &a).doubles
        #expect(isApproximatelyEqual(given, try plain.elbo(x, context: c, drawCount: 2, using: &b).doubles, tolerance: 1e-12))
        var s = SplitMix64(seed: 6), t = SplitMix64(seed: 6)
        let drawn = try raw.sample(count: 4, context: rawContext.gatheringRows(0..<1), generator: &s)
        #expect(maximumAbsoluteDifference(drawn, try plain.sample(count: 4, context: c.gatheringRows(0..<1), generator: &t)) < 1e-12)
    }
}
