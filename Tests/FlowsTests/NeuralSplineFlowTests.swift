import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// The spline models a `ModelSpecification` builds: their structure, names, parameter counts and validation, and
/// that each is a normalised density.
struct NeuralSplineFlowTests {
    static func specification(_ kind: ModelKind, variant: IndexedLayerVariant = .conditionalAffine, bins: Int = 8) -> ModelSpecification {
        ModelSpecification(kind: kind, dimension: 2, layerCount: 3, hiddenCounts: [16, 16], indexDimension: 1, shiftScaleHiddenCounts: [6],
                           indexPriorHiddenCounts: [8], indexPosteriorHiddenCounts: [8], variant: variant,
                           spline: SplineSpecification(binCount: bins, tailBound: 3))
    }

    @Test func namesStepsAndParameterCounts() throws {
        var g = SplitMix64(seed: 1)
        let nsf = try ModelBuilder.build(Self.specification(.maf), using: &g)
        // Three MADEs 2 → 16 → 16 → 2 × 23 (K = 8: 3K − 1 outputs per feature) with reverses between, no batch norm.
        #expect(nsf.parameterCount == 3 * ((2 * 16 + 16) + (16 * 16 + 16) + (16 * 46 + 46)))
        #expect(nsf.steps.count == 5 && nsf.steps.allSatisfy { !$0.architecture.hasPrefix("batch norm") })
        #expect(nsf.steps[0].architecture.hasPrefix("MADE 16×16, rational-quadratic spline (8 bins on [−3.0, 3.0])"), "\(nsf.steps[0].architecture)")
        let coupling = try ModelBuilder.build(Self.specification(.realNVP), using: &g)
        #expect(coupling.parameterCount == 3 * ((1 * 16 + 16) + (16 * 16 + 16) + (16 * 23 + 23)))
        #expect(coupling.steps[0].architecture.hasPrefix("rational-quadratic spline (8 bins on [−3.0, 3.0]) coupling (features 1..<2 given 0..<1)"))
        #expect([Self.specification(.maf), Self.specification(.lgfMAF), Self.specification(.realNVP), Self.specification(.lgfRealNVP)].map(\.modelName)
                == ["nsf", "lgf-nsf", "nsf-coupling", "lgf-nsf-coupling"])
        #expect(ModelSpecification.figure1MAF().modelName == "maf" && ModelSpecification.figure1MAF().usesBatchNorm)
    }

    /// LGF-NSF puts the conditional affine layer around each autoregressive spline step; the coupling form can instead
    /// feed u to the spline's coupler (Appendix C).
    @Test func localisedSplineFlowsTrainWithFiniteGradients() throws {
        for specification in [Self.specification(.lgfMAF), Self.specification(.lgfRealNVP, variant: .indexedCoupler)] {
            var g = SplitMix64(seed: 2)
            let model = try ModelBuilder.build(specification, using: &g)
            let x = Tensor.randomNormal(shape: [32, 2], using: &g)
            let objective = try model.elbo(x, drawCount: 2, using: &g).mean()
            let gradients = objective.gradients(withRespectTo: model.parameters.map(\.value))
            #expect(objective.isFinite && gradients.allSatisfy(\.isFinite) && gradients.allSatisfy { $0.doubles.contains { $0 != 0 } },
                    "\(specification.modelName)")
            #expect(model.steps[0].architecture.contains("rational-quadratic spline"))
            model.setMode(.evaluation)
            #expect(try model.sample(count: 5, generator: &g).isFinite)
        }
    }

    @Test(arguments: [ModelKind.maf, .realNVP])
    func twoDimensionalSplineDensityIntegratesToOne(kind: ModelKind) throws {
        var g = SplitMix64(seed: 3)
        let flow = try ModelBuilder.build(Self.specification(kind, bins: 5), using: &g)
        // Larger raw parameters than initialisation gives, so the splines bend hard.
        for parameter in flow.parameters { parameter.value = parameter.value * 1.5 }
        let step = 0.04, range = stride(from: -9.0, to: 9.0, by: step).map { $0 + step / 2 }
        let grid = range.flatMap { a in range.flatMap { b in [a, b] } }
        let logDensity = try withoutGradientRecording { try flow.logProb(Tensor(shape: [range.count * range.count, 2], doubles: grid)) }
        let mass = logDensity.doubles.reduce(0) { $0 + Foundation.exp($1) } * step * step
        #expect(abs(mass - 1) < 0.01, "mass \(mass)")
    }

    /// The spline is recorded in a specification's JSON; one written before splines existed decodes with affine steps.
    @Test func specificationsRecordTheirSpline() throws {
        let specification = Self.specification(.lgfRealNVP, variant: .indexedCoupler, bins: 5)
        let decoded = try JSONDecoder().decode(ModelSpecification.self, from: try JSONEncoder().encode(specification))
        #expect(decoded == specification && decoded.spline == SplineSpecification(binCount: 5, tailBound: 3))
        let affine = try JSONEncoder().encode(ModelSpecification.figure1LGFMAF())
        #expect(!String(decoding: affine, as: UTF8.self).contains("spline"))
        #expect(try JSONDecoder().decode(ModelSpecification.self, from: affine).spline == nil)
    }

    @Test func badSplineSettingsAreRefusedByName() {
        var g = SplitMix64(seed: 4)
        for (bins, bound, field) in [(0, 3.0, "spline.binCount"), (1000, 3.0, "spline.binCount"), (8, 0.0, "spline.tailBound"), (8, .infinity, "spline.tailBound")] {
            var specification = Self.specification(.maf)
            specification.spline = SplineSpecification(binCount: bins, tailBound: bound)
            #expect(throws: FlowConfigurationError.invalid(field: field, value: "\(field == "spline.binCount" ? "\(bins)" : "\(bound)")",
                                                           requirement: field == "spline.binCount"
                                                               ? "it must be between 1 and 999 (each bin is at least 0.001 of the interval wide)"
                                                               : "it must be positive and finite")) {
                try ModelBuilder.build(specification, using: &g)
            }
        }
        var coupled = Self.specification(.lgfMAF, variant: .indexedCoupler)
        #expect(throws: FlowConfigurationError.self) { try ModelBuilder.build(coupled, using: &g) }
        coupled.kind = .lgfRealNVP
        #expect(throws: Never.self) { try ModelBuilder.build(coupled, using: &g) }
        // Its identity start is the spline's identity parameters (IndexedLayerSetupTests).
        coupled.indexedLayers = .stable
        #expect(throws: Never.self) { try ModelBuilder.build(coupled, using: &g) }
        var wrapped = Self.specification(.lgfMAF)
        wrapped.indexedLayers = .stable
        #expect(throws: Never.self) { try ModelBuilder.build(wrapped, using: &g) }
    }
}
