import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// The setups of a localised flow's indexed layers: the identity start, the batch norm without parameters after each
/// layer, parameter counts, and what a specification written before the setup existed means.
struct IndexedLayerSetupTests {
    static func vectorLGF(_ setup: IndexedLayerSetup, kind: ModelKind = .lgfMAF, variant: IndexedLayerVariant = .conditionalAffine,
                          seed: UInt64 = 1) throws -> FlowDensity {
        var g = SplitMix64(seed: seed)
        return try ModelBuilder.build(ModelSpecification(kind: kind, dimension: 3, layerCount: 3, hiddenCounts: [8, 8], indexDimension: 2,
                                                         shiftScaleHiddenCounts: [6], indexPriorHiddenCounts: [8], indexPosteriorHiddenCounts: [8],
                                                         variant: variant, indexedLayers: setup), using: &g)
    }

    static func imageLGF(_ setup: IndexedLayerSetup, seed: UInt64 = 2) throws -> FlowDensity {
        var g = SplitMix64(seed: seed)
        return try ImageModelBuilder.build(ImageModelSpecification(kind: .lgfRealNVP, imageShape: ImageShape(channels: 1, height: 8, width: 8),
                                                                   couplerBlocks: 1, couplerHidden: 4, indexBlocks: 1, indexHidden: 4,
                                                                   shiftScaleBlocks: 1, shiftScaleHidden: 2, indexedLayers: setup), using: &g)
    }

    static func indexedLayers(of flow: FlowDensity) -> [IndexedLayer] {
        flow.steps.compactMap { if case .indexed(let layer) = $0 { return layer } else { return nil } }
    }

    /// At step 0 an identity-initialised layer maps any x to itself whatever u is, with log|det| = 0, and its prior
    /// equals its posterior: log p(u | z) = log q(u | x) for every u. With `.identity` both are N(0, I); with
    /// `.informedIdentity` q(u | x) depends on x (two inputs give two densities of the same u) and p is its copy.
    /// A spline's knots come from a softmax and cumulative sums, so its identity holds to rounding (`tolerance`).
    static func expectIdentityAtStepZero(_ layer: IndexedLayer, featureCount: Int, seed: UInt64, tolerance: Double = 0,
                                         informed: Bool = false) {
        var g = SplitMix64(seed: seed)
        let x = Tensor.randomNormal(shape: [5, featureCount], using: &g) * 3
        let u = Tensor.randomNormal(shape: [5, layer.indexDimension], using: &g) * 2
        let (z, logAbsDet) = layer.bijection.forward(x, index: u)
        #expect(tolerance == 0 ? z.doubles == x.doubles : isApproximatelyEqual(z.doubles, x.doubles, tolerance: tolerance))
        #expect(logAbsDet.doubles.allSatisfy { abs($0) <= tolerance })
        let standard = (u.squared() * -0.5).sum(alongAxis: 1) - 0.5 * Double(layer.indexDimension) * log(2 * Double.pi)
        let prior = layer.indexPrior.logProb(u, given: z).doubles
        #expect(prior == layer.indexPosterior.logProb(u, given: x).doubles)
        if informed {
            #expect(!isApproximatelyEqual(prior, standard.doubles, tolerance: 1e-3))
            let other = layer.indexPosterior.logProb(u, given: x * -0.5 + 1).doubles
            #expect(zip(prior, other).allSatisfy { abs($0 - $1) > 1e-6 }, "q(u | x) does not depend on x")
        } else {
            #expect(isApproximatelyEqual(prior, standard.doubles, tolerance: 1e-6))
        }
    }

    @Test(arguments: [IndexedLayerVariant.conditionalAffine, .affineOnly])
    func anIdentityStartMakesEveryVectorLayerTheIdentityWithPEqualToQ(variant: IndexedLayerVariant) throws {
        let flow = try Self.vectorLGF(.stable, variant: variant)
        let layers = Self.indexedLayers(of: flow)
        #expect(layers.count == 3)
        for (position, layer) in layers.enumerated() {
            // The base g (a MADE) is not part of the identity: test the conditional affine map and the Gaussians on their own.
            if let affine = layer.bijection as? ConditionalAffineBijection, let base = affine.base {
                let bare = IndexedLayer(bijection: ConditionalAffineBijection(base: nil, shiftScaleNetwork: affine.shiftScaleNetwork, featureCount: 3),
                                        indexPrior: layer.indexPrior, indexPosterior: layer.indexPosterior)
                Self.expectIdentityAtStepZero(bare, featureCount: 3, seed: UInt64(10 + position))
                #expect(base.parameterCount > 0)
            } else {
                Self.expectIdentityAtStepZero(layer, featureCount: 3, seed: UInt64(10 + position))
            }
        }
    }

    @Test func anIdentityStartMakesAnIndexedCouplerTheIdentity() throws {
        let flow = try Self.vectorLGF(.stable, kind: .lgfRealNVP, variant: .indexedCoupler)
        for (position, layer) in Self.indexedLayers(of: flow).enumerated() {
            Self.expectIdentityAtStepZero(layer, featureCount: 3, seed: UInt64(20 + position))
        }
    }

    /// A spline coupler that sees u starts with uniform bins and unit knot derivatives: the identity inside [−B, B] as
    /// outside it, while zeroing alone would leave knot derivatives of softplus(0) + 10⁻³ ≈ 0.69.
    @Test func anIdentityStartMakesAnIndexedSplineCouplerTheIdentity() throws {
        var g = SplitMix64(seed: 3)
        let specification = ModelSpecification(kind: .lgfRealNVP, dimension: 3, layerCount: 3, hiddenCounts: [8, 8], indexDimension: 2,
                                               shiftScaleHiddenCounts: [6], indexPriorHiddenCounts: [8], indexPosteriorHiddenCounts: [8],
                                               variant: .indexedCoupler, indexedLayers: .stable, spline: SplineSpecification(binCount: 5, tailBound: 2))
        let flow = try ModelBuilder.build(specification, using: &g)
        for (position, layer) in Self.indexedLayers(of: flow).enumerated() {
            Self.expectIdentityAtStepZero(layer, featureCount: 3, seed: UInt64(30 + position), tolerance: 1e-5)
        }
        var standard = specification
        standard.indexedLayers = .paper
        let moved = try #require(Self.indexedLayers(of: try ModelBuilder.build(standard, using: &g)).first)
        let x = Tensor(shape: [1, 3], values: [0.3, -0.7, 1.1], dtype: .float32), u = Tensor(zeros: [1, 2])
        #expect(!isApproximatelyEqual(moved.bijection.forward(x, index: u).0.doubles, x.doubles, tolerance: 1e-3))
    }

    @Test(arguments: [IndexedLayerInitialization.identity, .informedIdentity])
    func anIdentityStartMakesEveryImageLayerTheIdentityWithPEqualToQ(initialization: IndexedLayerInitialization) throws {
        let flow = try Self.imageLGF(IndexedLayerSetup(normalization: .batchNorm, initialization: initialization))
        let layers = Self.indexedLayers(of: flow)
        #expect(layers.count == 10)
        for (position, layer) in layers.enumerated() {
            let features = (layer.bijection as? ConditionalAffineBijection)?.featureCount ?? 0
            Self.expectIdentityAtStepZero(layer, featureCount: features, seed: UInt64(30 + position), informed: initialization == .informedIdentity)
        }
    }

    /// An informed identity start copies q(u | x) into p(u | z) once: training then moves them apart, each its own.
    @Test func anInformedIdentityStartCopiesValuesNotTheNetwork() throws {
        let flow = try Self.vectorLGF(IndexedLayerSetup(normalization: .batchNorm, initialization: .informedIdentity))
        let layer = try #require(Self.indexedLayers(of: flow).first)
        Self.expectIdentityAtStepZero(IndexedLayer(bijection: ConditionalAffineBijection(base: nil, shiftScaleNetwork: (layer.bijection as! ConditionalAffineBijection).shiftScaleNetwork, featureCount: 3),
                                                   indexPrior: layer.indexPrior, indexPosterior: layer.indexPosterior),
                                      featureCount: 3, seed: 40, informed: true)
        let prior = layer.indexPrior.network.parameters, posterior = layer.indexPosterior.network.parameters
        #expect(prior.count == posterior.count && !prior.isEmpty)
        #expect(zip(prior, posterior).allSatisfy { $0 !== $1 && $0.value.doubles == $1.value.doubles })
        posterior[0].update { $0 = $0 + 1 }
        #expect(prior[0].value.doubles != posterior[0].value.doubles)
    }

    @Test func theStandardStartIsNotTheIdentity() throws {
        let layer = try #require(Self.indexedLayers(of: Self.vectorLGF(.paper, variant: .affineOnly)).first)
        var g = SplitMix64(seed: 3)
        let x = Tensor.randomNormal(shape: [5, 3], using: &g), u = Tensor.randomNormal(shape: [5, 2], using: &g)
        #expect(layer.bijection.forward(x, index: u).output.doubles != x.doubles)
        #expect(layer.indexPrior.logProb(u, given: x).doubles != layer.indexPosterior.logProb(u, given: x).doubles)
    }

    /// With every indexed layer the identity and p = q, the LGF's one-draw ELBO equals the exact log-likelihood of the
    /// same flow without its indexed layers, for any draw of u: the model starts as a flow, not as noise.
    @Test(arguments: [IndexedLayerInitialization.identity, .informedIdentity])
    func anIdentityStartGivesTheELBOOfTheFlowWithoutIndexedLayers(initialization: IndexedLayerInitialization) throws {
        let lgf = try Self.imageLGF(IndexedLayerSetup(normalization: .batchNorm, initialization: initialization), seed: 4)
        let flow = FlowDensity(steps: lgf.steps.filter { if case .indexed = $0 { return false } else { return true } }, eventShape: lgf.eventShape)
        lgf.convert(to: .float64)
        var g = SplitMix64(seed: 5)
        let x = Tensor.randomUniform(shape: [6, 1, 8, 8], in: 0..<256, dtype: .float64, using: &g)
        lgf.setMode(.evaluation)
        let elbo = withoutGradientRecording { try! lgf.elbo(x, using: &g) }
        #expect(isApproximatelyEqual(elbo.doubles, try flow.logProb(x).doubles, tolerance: 1e-9, relative: 1e-12))
    }

    @Test func aBatchNormWithoutParametersFollowsEachIndexedLayerOnlyWhenAsked() throws {
        for (setup, expected) in [(IndexedLayerSetup.paper, 0), (.stable, 3), (IndexedLayerSetup(normalization: .batchNorm, initialization: .standard), 3)] {
            let flow = try Self.vectorLGF(setup)
            var normalisations = 0
            for (position, step) in flow.steps.enumerated() {
                guard case .bijection(let bijection) = step, let norm = bijection as? BatchNormBijection else { continue }
                normalisations += 1
                #expect(norm.parameterCount == 0)
                guard position > 0, case .indexed = flow.steps[position - 1] else {
                    Issue.record("a batch norm at step \(position) does not follow an indexed layer")
                    continue
                }
            }
            #expect(normalisations == expected, "\(setup)")
        }
    }

    @Test func everySetupKeepsTheParameterCounts() throws {
        let counts = try [IndexedLayerSetup.paper, .stable, IndexedLayerSetup(normalization: .batchNorm, initialization: .informedIdentity)]
            .map { try Self.vectorLGF($0).parameterCount }
        #expect(Set(counts).count == 1)
        var g = SplitMix64(seed: 6)
        let shape = ImageShape(channels: 1, height: 28, width: 28)
        let paper = try ImageModelBuilder.build(.paper(.lgfRealNVP, imageShape: shape, couplerBlocks: 4, logitLambda: 1e-6), using: &g)
        let stable = try ImageModelBuilder.build(.paper(.lgfRealNVP, imageShape: shape, couplerBlocks: 4, logitLambda: 1e-6, indexedLayers: .stable), using: &g)
        #expect(paper.parameterCount == 5_988_752)
        #expect(stable.parameterCount == 5_988_752)
    }

    @Test func aSpecificationWrittenBeforeSetupsExistedMeansThePaperSetup() throws {
        let image = ImageModelSpecification(kind: .lgfRealNVP, imageShape: ImageShape(channels: 1, height: 8, width: 8), indexedLayers: .stable)
        let vector = ModelSpecification(kind: .lgfMAF, dimension: 2, layerCount: 5, hiddenCounts: [10, 10], indexedLayers: .stable)
        for json in try [JSONEncoder().encode(image), JSONEncoder().encode(vector)] {
            var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            #expect(object["indexedLayers"] != nil)
            object["indexedLayers"] = nil
            let old = try JSONSerialization.data(withJSONObject: object)
            if object["imageShape"] != nil {
                #expect(try JSONDecoder().decode(ImageModelSpecification.self, from: old).indexedLayers == .paper)
                #expect(try JSONDecoder().decode(ImageModelSpecification.self, from: json) == image)
            } else {
                #expect(try JSONDecoder().decode(ModelSpecification.self, from: old).indexedLayers == .paper)
                #expect(try JSONDecoder().decode(ModelSpecification.self, from: json) == vector)
            }
        }
    }
}

/// The objective's breakdown adds up to the one-draw ELBO on the same draws, and names what each step contributes.
struct ObjectiveBreakdownTests {
    @Test(arguments: [IndexedLayerSetup.paper, .stable, IndexedLayerSetup(normalization: .batchNorm, initialization: .informedIdentity)])
    func thePartsAddUpToTheELBOOnTheSameDraws(setup: IndexedLayerSetup) throws {
        let flow = try IndexedLayerSetupTests.imageLGF(setup, seed: 7)
        flow.convert(to: .float64)
        flow.setMode(.evaluation)
        var g = SplitMix64(seed: 8)
        let x = Tensor.randomUniform(shape: [5, 1, 8, 8], in: 0..<256, dtype: .float64, using: &g)
        var a = SplitMix64(seed: 9), b = SplitMix64(seed: 9)
        let breakdown = try flow.objectiveBreakdown(x, using: &a)
        let elbo = withoutGradientRecording { try! flow.elbo(x, using: &b) }.doubles
        #expect(abs(breakdown.total - elbo.reduce(0, +) / 5) <= 1e-8 * abs(breakdown.total))
        #expect(breakdown.steps.count == flow.steps.count)
        #expect(breakdown.baseDimension == 32)
        let indexed = breakdown.steps.filter { $0.kind.hasPrefix("LGF layer") }
        #expect(indexed.count == 10)
        #expect(breakdown.steps.filter { $0.factoredOutLogProb != 0 }.count == 1)
        // Only indexed layers have an index term; with an identity start it is zero: exactly when p = q = N(0, I), to
        // rounding when p is a copy of q (log q is computed from the draw's noise, log p from u itself).
        #expect(breakdown.steps.allSatisfy { $0.kind.hasPrefix("LGF layer") || $0.indexTerm == 0 })
        let tolerance = setup.initialization == .informedIdentity ? 1e-9 : 0
        #expect(setup == .paper ? indexed.contains { $0.indexTerm != 0 } : indexed.allSatisfy { abs($0.indexTerm) <= tolerance })
    }
}
