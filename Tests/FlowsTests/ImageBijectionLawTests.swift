import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// The bijection laws (round trips both ways, log-det cancellation, log|det J| by a numerical Jacobian, composition
/// with the inverse) over the image bijections, on small images (1×4×4, 3×4×4, 4×2×2) flattened to rows.
struct ImageBijectionLawTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let featureCount: Int
        let indexCount: Int
        /// Pixels in [0, 256) instead of standard normal draws (the logit pre-transform's domain).
        var takesPixels = false
        let make: @Sendable () -> any Bijection
        var testDescription: String { name }
    }

    static let grey = ImageShape(channels: 1, height: 4, width: 4)
    static let colour = ImageShape(channels: 3, height: 4, width: 4)
    static let squeezed = ImageShape(channels: 4, height: 2, width: 2)

    static func coupling(_ partition: CouplingPartition, seed: UInt64) -> MaskedAffineCouplingBijection {
        var g = SplitMix64(seed: seed)
        let widths = (input: partition.isMask ? partition.featureCount : partition.featureCount / 2,
                      output: partition.isMask ? 2 * partition.featureCount : partition.featureCount)
        return MaskedAffineCouplingBijection(partition: partition,
                                             conditioner: MLP(inputCount: widths.input, hiddenCounts: [12], outputCount: widths.output, using: &g))
    }

    static let cases: [Case] = [
        Case(name: "checkerboard coupling 1×4×4, parity 0", featureCount: 16, indexCount: 0) {
            coupling(.checkerboard(grey, parity: 0), seed: 1)
        },
        Case(name: "checkerboard coupling 3×4×4, parity 1", featureCount: 48, indexCount: 0) {
            coupling(.checkerboard(colour, parity: 1), seed: 2)
        },
        Case(name: "channel coupling 4×2×2, second half transformed", featureCount: 16, indexCount: 0) {
            coupling(.channelHalves(squeezed, transformsFirstHalf: false), seed: 3)
        },
        Case(name: "channel coupling 4×2×2, first half transformed", featureCount: 16, indexCount: 0) {
            coupling(.channelHalves(squeezed, transformsFirstHalf: true), seed: 4)
        },
        Case(name: "squeeze 3×4×4", featureCount: 48, indexCount: 0) { SqueezeBijection(inputShape: colour) },
        Case(name: "logit pre-transform, λ = 1e-6", featureCount: 16, indexCount: 0, takesPixels: true) {
            LogitTransformBijection(lambda: 1e-6)
        },
        Case(name: "logit pre-transform, λ = 0.05", featureCount: 48, indexCount: 0, takesPixels: true) {
            LogitTransformBijection(lambda: 0.05)
        },
        Case(name: "batch norm over every feature 3×4×4 (evaluation)", featureCount: 48, indexCount: 0) {
            let layer = BatchNormBijection(featureCount: 48)
            var g = SplitMix64(seed: 5)
            _ = layer.forward(Tensor.randomNormal(shape: [40, 48], using: &g) * 1.5 + 0.5)
            layer.logScale!.value = Tensor.randomNormal(shape: [48], using: &g) * 0.3
            layer.setMode(.evaluation)
            return layer
        },
        Case(name: "conditional affine on 3×4×4 with u of 1×4×4", featureCount: 48, indexCount: 16) {
            var g = SplitMix64(seed: 6)
            return ConditionalAffineBijection(base: nil, shiftScaleNetwork: MLP(inputCount: 16, hiddenCounts: [8], outputCount: 96, using: &g), featureCount: 48)
        },
        Case(name: "logit → checkerboard → squeeze → channel coupling", featureCount: 16, indexCount: 0, takesPixels: true) {
            CompositeBijection([LogitTransformBijection(lambda: 1e-6), coupling(.checkerboard(grey, parity: 1), seed: 7),
                                SqueezeBijection(inputShape: grey), coupling(.channelHalves(squeezed, transformsFirstHalf: false), seed: 8)])
        },
    ]

    static func input(for testCase: Case, rows: Int, seed: UInt64) -> Tensor {
        guard testCase.takesPixels else { return randomDoubles([rows, testCase.featureCount], seed: seed) * 0.8 }
        var g = SplitMix64(seed: seed)
        return Tensor.randomUniform(shape: [rows, testCase.featureCount], dtype: .float64, using: &g) * 250 + 3
    }

    @Test(arguments: cases)
    func lawsHold(_ testCase: Case) {
        let x = Self.input(for: testCase, rows: 3, seed: 11)
        let index = testCase.indexCount > 0 ? randomDoubles([3, testCase.indexCount], seed: 12) : nil
        // Latents in logit space for the pre-transform: standard normal draws, as the flow's base gives.
        let latent = testCase.takesPixels ? randomDoubles([3, testCase.featureCount], seed: 13) * 2 : nil
        let report = BijectionLaws.check(testCase.make(), at: x, latent: latent, index: index)
        #expect(report.shapesAndFinitenessHold, "\(report)")
        // Pixels near 256 make the round trip through logit space lose a few more digits than data near 0.
        #expect(report.roundTripError < (testCase.takesPixels ? 1e-8 : 1e-10), "\(report)")
        #expect(report.logDetCancellationError < 1e-9, "\(report)")
        #expect(report.jacobianLogDetError < 1e-6, "\(report)")
        #expect(report.compositionIdentityError < (testCase.takesPixels ? 1e-8 : 1e-10), "\(report)")
    }
}
