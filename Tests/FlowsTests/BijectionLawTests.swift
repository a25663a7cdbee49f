import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// The law suite over every bijection: adding a bijection adds one line to `cases`.
struct BijectionLawTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let contextCount: Int
        let make: @Sendable () -> any Bijection
        var testDescription: String { name }
    }

    static let dimension = 4
    static let cases: [Case] = [
        Case(name: "MADE affine autoregressive", contextCount: 0) {
            var g = SplitMix64(seed: 1)
            return AffineAutoregressiveBijection(featureCount: dimension, hiddenCounts: [8, 8], using: &g)
        },
        Case(name: "reverse permutation", contextCount: 0) { PermutationBijection.reverse(featureCount: dimension) },
        Case(name: "random permutation", contextCount: 0) {
            var g = SplitMix64(seed: 2)
            return PermutationBijection.random(featureCount: dimension, using: &g)
        },
        Case(name: "batch norm (evaluation)", contextCount: 0) {
            let layer = BatchNormBijection(featureCount: dimension)
            var g = SplitMix64(seed: 3)
            _ = layer.forward(Tensor.randomNormal(shape: [50, dimension], using: &g) * 2 + 1)   // move the running statistics
            layer.logScale!.value = Tensor(shape: [dimension], scalars: [0.2, -0.3, 0.1, 0.5])
            layer.shift!.value = Tensor(shape: [dimension], scalars: [1, -1, 0.5, 0])
            layer.setMode(.evaluation)
            return layer
        },
        Case(name: "batch norm without parameters (evaluation)", contextCount: 0) {
            let layer = BatchNormBijection(featureCount: dimension, learnsAffine: false)
            var g = SplitMix64(seed: 4)
            _ = layer.forward(Tensor.randomNormal(shape: [50, dimension], using: &g) * 3 - 2)   // move the running statistics
            layer.setMode(.evaluation)
            return layer
        },
        Case(name: "affine coupling (second half)", contextCount: 0) {
            var g = SplitMix64(seed: 4)
            return AffineCouplingBijection(featureCount: dimension, transformsSecondHalf: true, hiddenCounts: [8], using: &g)
        },
        Case(name: "affine coupling (first half, odd D)", contextCount: 0) {
            var g = SplitMix64(seed: 5)
            return CompositeBijection([AffineCouplingBijection(featureCount: 3, transformsSecondHalf: false, hiddenCounts: [8], using: &g), PermutationBijection(order: [0, 1, 2])])
        },
        Case(name: "affine coupling with context", contextCount: 2) {
            var g = SplitMix64(seed: 6)
            return AffineCouplingBijection(featureCount: dimension, transformsSecondHalf: true, hiddenCounts: [8], contextCount: 2, using: &g)
        },
        Case(name: "elementwise affine", contextCount: 0) {
            let layer = ElementwiseAffineBijection(featureCount: dimension)
            layer.logScale.value = Tensor(shape: [dimension], scalars: [0.3, -0.2, 0.7, 0])
            layer.shift.value = Tensor(shape: [dimension], scalars: [0.1, 2, -1, 0.5])
            return layer
        },
        Case(name: "conditional affine around MADE (the LGF layer, fixed u)", contextCount: 2) {
            var g = SplitMix64(seed: 7)
            let made = AffineAutoregressiveBijection(featureCount: dimension, hiddenCounts: [8, 8], using: &g)
            return ConditionalAffineBijection(base: made, shiftScaleNetwork: MLP(inputCount: 2, hiddenCounts: [6], outputCount: 2 * dimension, using: &g), featureCount: dimension)
        },
        Case(name: "conditional affine, g = identity, soft clamp", contextCount: 1) {
            var g = SplitMix64(seed: 8)
            return ConditionalAffineBijection(base: nil, shiftScaleNetwork: MLP(inputCount: 1, hiddenCounts: [6], outputCount: 2 * dimension, using: &g),
                                              featureCount: dimension, logScaleBound: LogScaleBound(limit: 2))
        },
        Case(name: "composite of MADE, reverse, coupling", contextCount: 0) {
            var g = SplitMix64(seed: 9)
            return CompositeBijection([AffineAutoregressiveBijection(featureCount: dimension, hiddenCounts: [8], using: &g), PermutationBijection.reverse(featureCount: dimension),
                                       AffineCouplingBijection(featureCount: dimension, transformsSecondHalf: false, hiddenCounts: [8], using: &g)])
        },
        Case(name: "fixed standardisation", contextCount: 0) {
            StandardizationBijection(mean: [1000, -3, 0.5, 0], std: [50, 0.01, 2, 1])
        },
        Case(name: "inverted MADE", contextCount: 0) {
            var g = SplitMix64(seed: 10)
            return AffineAutoregressiveBijection(featureCount: dimension, hiddenCounts: [8, 8], using: &g).inverted()
        },
        Case(name: "spline autoregressive (MADE, 5 bins)", contextCount: 0) {
            var g = SplitMix64(seed: 14)
            return AutoregressiveBijection(featureCount: dimension, hiddenCounts: [8, 8], transform: spline, using: &g)
        },
        Case(name: "spline coupling (first half, scaled)", contextCount: 0) {
            var g = SplitMix64(seed: 15)
            return CouplingBijection(featureCount: dimension, transformsSecondHalf: false, hiddenCounts: [8],
                                     transform: RationalQuadraticSpline(binCount: 3, tailBound: 1.5, unnormalizedScale: 0.3), using: &g)
        },
        Case(name: "spline coupling with context", contextCount: 2) {
            var g = SplitMix64(seed: 16)
            return CouplingBijection(featureCount: dimension, transformsSecondHalf: true, hiddenCounts: [8], contextCount: 2, transform: spline, using: &g)
        },
        Case(name: "spline coupling on a checkerboard mask", contextCount: 0) {
            var g = SplitMix64(seed: 17)
            let partition = CouplingPartition.checkerboard(ImageShape(channels: 1, height: 2, width: 2), parity: 1)
            return CouplingBijection(partition: partition, conditioner: MLP(inputCount: 4, hiddenCounts: [8], outputCount: 4 * spline.parameterCount, using: &g),
                                     transform: spline)
        },
        Case(name: "spline coupling on channel halves, inverted", contextCount: 0) {
            var g = SplitMix64(seed: 18)
            let partition = CouplingPartition.channelHalves(ImageShape(channels: 2, height: 1, width: 2), transformsFirstHalf: true)
            return CouplingBijection(partition: partition, conditioner: MLP(inputCount: 2, hiddenCounts: [8], outputCount: 2 * spline.parameterCount, using: &g),
                                     transform: spline).inverted()
        },
    ]

    /// The spline of the spline cases: 5 bins on [−2, 2], so a few inputs fall in the tails.
    static let spline = RationalQuadraticSpline(binCount: 5, tailBound: 2)

    @Test(arguments: cases)
    func lawsHold(_ testCase: Case) {
        let bijection = testCase.make()
        let width = testCase.name.contains("odd D") ? 3 : Self.dimension
        let x = randomDoubles([5, width], seed: 11) * 0.8
        let context = testCase.contextCount > 0 ? randomDoubles([5, testCase.contextCount], seed: 12) : nil
        let report = BijectionLaws.check(bijection, at: x, context: context)
        #expect(report.shapesAndFinitenessHold, "\(report)")
        #expect(report.roundTripError < 1e-10, "\(report)")
        #expect(report.logDetCancellationError < 1e-10, "\(report)")
        #expect(report.jacobianLogDetError < 1e-7, "\(report)")
        #expect(report.compositionIdentityError < 1e-10, "\(report)")
    }

    @Test(arguments: cases)
    func roundTripsInFloat(_ testCase: Case) {
        let bijection = testCase.make()
        let width = testCase.name.contains("odd D") ? 3 : Self.dimension
        var g = SplitMix64(seed: 13)
        let x = Tensor.randomNormal(shape: [64, width], using: &g) * 0.8
        let context = testCase.contextCount > 0 ? Tensor.randomNormal(shape: [64, testCase.contextCount], using: &g) : nil
        let (z, _) = bijection.forward(x, context: context)
        #expect(maximumAbsoluteDifference(bijection.inverse(z, context: context).output, x) < 1e-4)
    }
}
