import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// Image flows on flattened NCHW rows: the structure of each image step, the multiscale split, and bits per
/// dimension against closed forms.
struct ImageFlowTests {
    static let grey = ImageShape(channels: 1, height: 4, width: 4)
    static let squeezed = ImageShape(channels: 4, height: 2, width: 2)

    @Test func squeezeMovesEachTwoByTwoBlockIntoFourChannels() {
        // Input pixel (i, j) holds 10·i + j; output channel 2a + b at (i', j') must hold pixel (2i' + a, 2j' + b).
        let values = (0..<4).flatMap { i in (0..<4).map { j in Double(10 * i + j) } }
        let x = Tensor(shape: [1, 16], doubles: values)
        let z = SqueezeBijection(inputShape: Self.grey).forward(x).output.doubles
        for a in 0..<2 {
            for b in 0..<2 {
                for i in 0..<2 {
                    for j in 0..<2 {
                        #expect(z[((2 * a + b) * 2 + i) * 2 + j] == Double(10 * (2 * i + a) + 2 * j + b))
                    }
                }
            }
        }
    }

    @Test func checkerboardCouplingLeavesItsMaskedPixelsAlone() {
        var g = SplitMix64(seed: 1)
        for parity in 0..<2 {
            let partition = CouplingPartition.checkerboard(Self.grey, parity: parity)
            guard case .mask(let passes) = partition else { Issue.record("expected a mask"); return }
            #expect(passes.filter { $0 }.count == 8)
            #expect(passes[0] == (parity == 0) && passes[1] == (parity == 1) && passes[4] == (parity == 1))
            let coupling = MaskedAffineCouplingBijection(partition: partition, conditioner: MLP(inputCount: 16, hiddenCounts: [8], outputCount: 32, using: &g))
            let x = Tensor.randomNormal(shape: [5, 16], using: &g)
            let z = coupling.forward(x).output
            let (xs, zs) = (x.doubles, z.doubles)
            for row in 0..<5 {
                for feature in 0..<16 {
                    let index = row * 16 + feature
                    if passes[feature] { #expect(zs[index] == xs[index]) } else { #expect(zs[index] != xs[index]) }
                }
            }
        }
    }

    @Test func channelCouplingLeavesItsIdentityHalfAlone() {
        var g = SplitMix64(seed: 2)
        for flip in [false, true] {
            let coupling = MaskedAffineCouplingBijection(partition: .channelHalves(Self.squeezed, transformsFirstHalf: flip),
                                                         conditioner: MLP(inputCount: 8, hiddenCounts: [8], outputCount: 16, using: &g))
            let x = Tensor.randomNormal(shape: [4, 16], using: &g)
            let z = coupling.forward(x).output
            let identity = flip ? 8..<16 : 0..<8, transformed = flip ? 0..<8 : 8..<16
            #expect(maximumAbsoluteDifference(z.slicingColumns(identity), x.slicingColumns(identity)) == 0)
            #expect(maximumAbsoluteDifference(z.slicingColumns(transformed), x.slicingColumns(transformed)) > 1e-3)
        }
    }

    /// A small multiscale flow on 1×4×4 pixel images: logit, checkerboard, squeeze, channel coupling, split, checkerboard.
    static func smallMultiscaleFlow(seed: UInt64) -> FlowDensity {
        var g = SplitMix64(seed: seed)
        let half = ImageShape(channels: 2, height: 2, width: 2)
        return FlowDensity(steps: [
            .bijection(LogitTransformBijection(lambda: 1e-6)),
            .bijection(MaskedAffineCouplingBijection(partition: .checkerboard(grey, parity: 0), conditioner: MLP(inputCount: 16, hiddenCounts: [8], outputCount: 32, using: &g))),
            .bijection(SqueezeBijection(inputShape: grey)),
            .bijection(MaskedAffineCouplingBijection(partition: .channelHalves(squeezed, transformsFirstHalf: false), conditioner: MLP(inputCount: 8, hiddenCounts: [8], outputCount: 16, using: &g))),
            .factorOut(FactorOutStep(halfTheChannelsOf: squeezed)),
            .bijection(MaskedAffineCouplingBijection(partition: .checkerboard(half, parity: 1), conditioner: MLP(inputCount: 8, hiddenCounts: [8], outputCount: 16, using: &g))),
        ], eventShape: [1, 4, 4])
    }

    static func pixels(_ count: Int, seed: UInt64) -> Tensor {
        var g = SplitMix64(seed: seed)
        return Tensor.randomUniform(shape: [count, 1, 4, 4], in: 0..<256, dtype: .float64, using: &g)
    }

    @Test func multiscaleLogProbIsTheSumOfItsStepsAndBothGaussians() throws {
        let flow = Self.smallMultiscaleFlow(seed: 3)
        flow.convert(to: .float64)
        let x = Self.pixels(6, seed: 4)
        let logProb = try flow.logProb(x).doubles
        // The same sum by hand: every step's log-det, N(0, I) on the 8 factored-out features and on the 8 kept ones.
        var z = x.reshaped(to: [6, 16]), expected = [Double](repeating: 0, count: 6)
        func gaussian(_ t: Tensor) -> [Double] {
            let d = t.shape[1], v = t.doubles
            return (0..<t.shape[0]).map { r in (0..<d).reduce(0) { $0 - 0.5 * v[r * d + $1] * v[r * d + $1] } - 0.5 * Double(d) * Foundation.log(2 * .pi) }
        }
        for step in flow.steps {
            switch step {
            case .bijection(let b):
                let (output, logAbsDet) = b.forward(z)
                expected = zip(expected, logAbsDet.doubles).map(+)
                z = output
            case .factorOut(let split):
                expected = zip(expected, gaussian(z.slicingColumns(8..<16))).map(+)
                #expect(split.keptCount == 8)
                z = z.slicingColumns(0..<8)
            case .indexed: Issue.record("no indexed layers here")
            }
        }
        expected = zip(expected, gaussian(z)).map(+)
        #expect(isApproximatelyEqual(logProb, expected, tolerance: 1e-9))
        #expect(flow.base.dimension == 8)
        // Rows of 16 features and 1×4×4 images are the same data to the density.
        #expect(isApproximatelyEqual(try flow.logProb(x.reshaped(to: [6, 16])).doubles, logProb, tolerance: 0))
    }

    @Test func multiscaleSamplesHaveTheEventShapeAndInvertToTheirLatents() throws {
        let flow = Self.smallMultiscaleFlow(seed: 5)
        var g = SplitMix64(seed: 6)
        let samples = try flow.sample(count: 7, generator: &g)
        #expect(samples.shape == [7, 1, 4, 4])
        #expect(samples.isFinite)
        let values = samples.doubles
        #expect(values.allSatisfy { $0 > -1e-3 && $0 < 256.001 }, "samples come back through the logit into the pixel range")
        #expect(try flow.logProb(samples).isFinite)
    }

    @Test func imageInputOfTheWrongShapeIsRefused() {
        let flow = Self.smallMultiscaleFlow(seed: 7)
        var g = SplitMix64(seed: 8)
        #expect(throws: DensityError.self) { try flow.logProb(Tensor.randomUniform(shape: [2, 1, 4, 5], in: 0..<256, using: &g)) }
        #expect(throws: DensityError.self) { try flow.logProb(Tensor.randomUniform(shape: [2, 15], in: 0..<256, using: &g)) }
    }

    @Test(arguments: [1e-6, 0.05])
    func anIdentityFlowGivesTheClosedFormBitsPerDimension(lambda: Double) throws {
        // Only the logit pre-transform and N(0, I): log p(x) = Σᵢ [log φ(yᵢ) + log((1 − 2λ)/256) − log pᵢ − log(1 − pᵢ)].
        let flow = FlowDensity(steps: [.bijection(LogitTransformBijection(lambda: lambda))], eventShape: [1, 4, 4])
        flow.convert(to: .float64)
        let x = Self.pixels(5, seed: 9)
        var g = SplitMix64(seed: 10)
        let estimate = try flow.logLikelihood(x, importanceSamples: 1, using: &g)
        let pixels = x.doubles
        let expected = (0..<5).map { row in
            (0..<16).reduce(0.0) { sum, i in
                let p = lambda + (1 - 2 * lambda) * pixels[row * 16 + i] / 256
                let y = Foundation.log(p / (1 - p))
                return sum - 0.5 * y * y - 0.5 * Foundation.log(2 * .pi) + Foundation.log((1 - 2 * lambda) / 256) - Foundation.log(p) - Foundation.log(1 - p)
            }
        }
        #expect(isApproximatelyEqual(estimate.values, expected, tolerance: 1e-9, relative: 1e-12))
        let bpd = estimate.bitsPerDimension(dimension: 16)
        let expectedMean = -expected.reduce(0, +) / 5 / (16 * Foundation.log(2.0))
        #expect(abs(bpd.mean - expectedMean) < 1e-12)
        #expect(bpd.standardError > 0)
    }

    @Test func anImageLGFHasItsELBOBelowTheImportanceSampledEstimate() throws {
        // u of one channel (1×4×4) indexes a conditional affine layer on 1×4×4 images, after a checkerboard coupling.
        var g = SplitMix64(seed: 11)
        let layer = IndexedLayer(
            bijection: ConditionalAffineBijection(base: MaskedAffineCouplingBijection(partition: .checkerboard(Self.grey, parity: 0),
                                                                                       conditioner: MLP(inputCount: 16, hiddenCounts: [8], outputCount: 32, using: &g)),
                                                  shiftScaleNetwork: MLP(inputCount: 16, hiddenCounts: [8], outputCount: 32, using: &g), featureCount: 16),
            indexPrior: ConditionalGaussian(network: MLP(inputCount: 16, hiddenCounts: [8], outputCount: 32, using: &g), dimension: 16),
            indexPosterior: ConditionalGaussian(network: MLP(inputCount: 16, hiddenCounts: [8], outputCount: 32, using: &g), dimension: 16))
        let flow = FlowDensity(steps: [.bijection(LogitTransformBijection(lambda: 1e-6)), .indexed(layer)], eventShape: [1, 4, 4])
        flow.convert(to: .float64)
        let x = Self.pixels(4, seed: 12)
        var draws = SplitMix64(seed: 13)
        let elbo = try flow.elbo(x, drawCount: 50, using: &draws).doubles
        var again = SplitMix64(seed: 13)
        let estimate = try flow.logLikelihood(x, importanceSamples: 50, using: &again).values
        // Same draws, so by Jensen log mean w ≥ mean log w, point by point.
        for (bound, value) in zip(elbo, estimate) { #expect(bound <= value + 1e-9) }
        #expect(zip(elbo, estimate).contains { $1 - $0 > 1e-3 }, "the index should matter: the bound is strict somewhere")
    }
}
