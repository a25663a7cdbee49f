import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// A model with a standardising first step is the same flow on standardised data, moved into the data's
/// own units by the log-Jacobian −Σ log σ_j.
struct InputStandardizationTests {
    static let standardization = InputStandardization(mean: [70, 3.5], std: [13.5, 1.1])

    @Test(arguments: [ModelKind.maf, .lgfMAF])
    func densitiesMoveByTheLogJacobianAndSamplesComeOutInRawUnits(kind: ModelKind) throws {
        var plain = ModelSpecification(kind: kind, dimension: 2, layerCount: 2, hiddenCounts: [8, 8], indexPriorHiddenCounts: [8], indexPosteriorHiddenCounts: [8])
        var standardised = plain
        standardised.inputStandardization = Self.standardization
        var g1 = SplitMix64(seed: 1), g2 = SplitMix64(seed: 1)
        let raw = try ModelBuilder.build(standardised, using: &g1), flow = try ModelBuilder.build(plain, using: &g2)
        raw.setMode(.evaluation)
        flow.setMode(.evaluation)
        #expect(raw.parameterCount == flow.parameterCount)   // the statistics are buffers, not parameters
        #expect(raw.buffers.count == flow.buffers.count + 2)

        let x = Tensor(shape: [3, 2], doubles: [60, 2, 75, 4.5, 90, 1.6]).converted(to: .float32)
        let z = Tensor(shape: [3, 2], doubles: [(60 - 70) / 13.5, (2 - 3.5) / 1.1, (75 - 70) / 13.5, (4.5 - 3.5) / 1.1, (90 - 70) / 13.5, (1.6 - 3.5) / 1.1])
        let jacobian = -(log(13.5) + log(1.1))
        #expect(abs(Self.standardization.logAbsDeterminant - jacobian) < 1e-12)
        var e1 = SplitMix64(seed: 2), e2 = SplitMix64(seed: 2)
        let rawValues = try raw.logLikelihood(x, importanceSamples: 20, using: &e1).values
        let flowValues = try flow.logLikelihood(z.converted(to: .float32), importanceSamples: 20, using: &e2).values
        for (a, b) in zip(rawValues, flowValues) { #expect(abs(a - (b + jacobian)) < 1e-4) }

        var s1 = SplitMix64(seed: 3), s2 = SplitMix64(seed: 3)
        let rawSamples = try raw.sample(count: 5, generator: &s1).doubles, samples = try flow.sample(count: 5, generator: &s2).doubles
        for index in rawSamples.indices {
            let column = index % 2
            #expect(abs(rawSamples[index] - (samples[index] * Self.standardization.std[column] + Self.standardization.mean[column])) < 1e-3)
        }
        plain.inputStandardization = InputStandardization(mean: [0, 0], std: [1, 0])
        #expect(throws: FlowConfigurationError.self) { try ModelBuilder.build(plain, using: &g1) }
    }
}
