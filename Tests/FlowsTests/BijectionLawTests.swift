import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// The law suite over every bijection: adding a bijection adds one line to `cases`.
struct BijectionLawTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        /// The widths of the index u and of the context c the bijection takes (0: none).
        let indexCount: Int
        let contextCount: Int
        let make: @Sendable () -> any Bijection

        init(name: String, indexCount: Int = 0, contextCount: Int = 0, make: @escaping @Sendable () -> any Bijection) {
            self.name = name
            self.indexCount = indexCount
            self.contextCount = contextCount
            self.make = make
        }
        var testDescription: String { name }
    }

    static let dimension = 4
    static let cases: [Case] = [
        Case(name: "MADE affine autoregressive") {
            var g = SplitMix64(seed: 1)
            return AffineAutoregressiveBijection(featureCount: dimension, hiddenCounts: [8, 8], using: &g)
        },
        Case(name: "reverse permutation") { PermutationBijection.reverse(featureCount: dimension) },
        Case(name: "random permutation") {
            var g = SplitMix64(seed: 2)
            return PermutationBijection.random(featureCount: dimension, using: &g)
        },
        Case(name: "batch norm (evaluation)") {
            let layer = BatchNormBijection(featureCount: dimension)
            var g = SplitMix64(seed: 3)
            _ = layer.forward(Tensor.randomNormal(shape: [50, dimension], using: &g) * 2 + 1)   // move the running statistics
            layer.logScale!.value = Tensor(shape: [dimension], scalars: [0.2, -0.3, 0.1, 0.5])
            layer.shift!.value = Tensor(shape: [dimension], scalars: [1, -1, 0.5, 0])
            layer.setMode(.evaluation)
            return layer
        },
        Case(name: "batch norm without parameters (evaluation)") {
            let layer = BatchNormBijection(featureCount: dimension, learnsAffine: false)
            var g = SplitMix64(seed: 4)
            _ = layer.forward(Tensor.randomNormal(shape: [50, dimension], using: &g) * 3 - 2)   // move the running statistics
            layer.setMode(.evaluation)
            return layer
        },
        Case(name: "affine coupling (second half)") {
            var g = SplitMix64(seed: 4)
            return AffineCouplingBijection(featureCount: dimension, transformsSecondHalf: true, hiddenCounts: [8], using: &g)
        },
        Case(name: "affine coupling (first half, odd D)") {
            var g = SplitMix64(seed: 5)
            return CompositeBijection([AffineCouplingBijection(featureCount: 3, transformsSecondHalf: false, hiddenCounts: [8], using: &g), PermutationBijection(order: [0, 1, 2])])
        },
        Case(name: "affine coupling with u", indexCount: 2) {
            var g = SplitMix64(seed: 6)
            return AffineCouplingBijection(featureCount: dimension, transformsSecondHalf: true, hiddenCounts: [8], indexCount: 2, using: &g)
        },
        Case(name: "elementwise affine") {
            let layer = ElementwiseAffineBijection(featureCount: dimension)
            layer.logScale.value = Tensor(shape: [dimension], scalars: [0.3, -0.2, 0.7, 0])
            layer.shift.value = Tensor(shape: [dimension], scalars: [0.1, 2, -1, 0.5])
            return layer
        },
        Case(name: "conditional affine around MADE (the LGF layer, fixed u)", indexCount: 2) {
            var g = SplitMix64(seed: 7)
            let made = AffineAutoregressiveBijection(featureCount: dimension, hiddenCounts: [8, 8], using: &g)
            return ConditionalAffineBijection(base: made, shiftScaleNetwork: MLP(inputCount: 2, hiddenCounts: [6], outputCount: 2 * dimension, using: &g), featureCount: dimension)
        },
        Case(name: "conditional affine, g = identity, soft clamp", indexCount: 1) {
            var g = SplitMix64(seed: 8)
            return ConditionalAffineBijection(base: nil, shiftScaleNetwork: MLP(inputCount: 1, hiddenCounts: [6], outputCount: 2 * dimension, using: &g),
                                              featureCount: dimension, logScaleBound: LogScaleBound(limit: 2))
        },
        Case(name: "composite of MADE, reverse, coupling") {
            var g = SplitMix64(seed: 9)
            return CompositeBijection([AffineAutoregressiveBijection(featureCount: dimension, hiddenCounts: [8], using: &g), PermutationBijection.reverse(featureCount: dimension),
                                       AffineCouplingBijection(featureCount: dimension, transformsSecondHalf: false, hiddenCounts: [8], using: &g)])
        },
        Case(name: "fixed standardisation") {
            StandardizationBijection(mean: [1000, -3, 0.5, 0], std: [50, 0.01, 2, 1])
        },
        Case(name: "inverted MADE") {
            var g = SplitMix64(seed: 10)
            return AffineAutoregressiveBijection(featureCount: dimension, hiddenCounts: [8, 8], using: &g).inverted()
        },
        Case(name: "spline autoregressive (MADE, 5 bins)") {
            var g = SplitMix64(seed: 14)
            return AutoregressiveBijection(featureCount: dimension, hiddenCounts: [8, 8], transform: spline, using: &g)
        },
        Case(name: "spline coupling (first half, scaled)") {
            var g = SplitMix64(seed: 15)
            return CouplingBijection(featureCount: dimension, transformsSecondHalf: false, hiddenCounts: [8],
                                     transform: RationalQuadraticSpline(binCount: 3, tailBound: 1.5, unnormalizedScale: 0.3), using: &g)
        },
        Case(name: "spline coupling with u", indexCount: 2) {
            var g = SplitMix64(seed: 16)
            return CouplingBijection(featureCount: dimension, transformsSecondHalf: true, hiddenCounts: [8], indexCount: 2, transform: spline, using: &g)
        },
        Case(name: "spline coupling on a checkerboard mask") {
            var g = SplitMix64(seed: 17)
            let partition = CouplingPartition.checkerboard(ImageShape(channels: 1, height: 2, width: 2), parity: 1)
            return CouplingBijection(partition: partition, conditioner: MLP(inputCount: 4, hiddenCounts: [8], outputCount: 4 * spline.parameterCount, using: &g),
                                     transform: spline)
        },
        Case(name: "spline coupling on channel halves, inverted") {
            var g = SplitMix64(seed: 18)
            let partition = CouplingPartition.channelHalves(ImageShape(channels: 2, height: 1, width: 2), transformsFirstHalf: true)
            return CouplingBijection(partition: partition, conditioner: MLP(inputCount: 2, hiddenCounts: [8], outputCount: 2 * spline.parameterCount, using: &g),
                                     transform: spline).inverted()
        },
        // Conditional forms: the context c (3 features, widely spread) reaches every network built to see it; each of
        // the 5 rows has its own c, so the laws are checked at 5 context values.
        Case(name: "conditional MADE affine (c in the first hidden layer)", contextCount: 3) {
            var g = SplitMix64(seed: 19)
            return AffineAutoregressiveBijection(featureCount: dimension, hiddenCounts: [8, 8], contextCount: 3, using: &g)
        },
        Case(name: "conditional MADE spline, ReLU", contextCount: 3) {
            var g = SplitMix64(seed: 20)
            return AutoregressiveBijection(featureCount: dimension, hiddenCounts: [8, 8], contextCount: 3, activation: .relu, transform: spline, using: &g)
        },
        Case(name: "affine coupling with c", contextCount: 3) {
            var g = SplitMix64(seed: 21)
            return AffineCouplingBijection(featureCount: dimension, transformsSecondHalf: false, hiddenCounts: [8], contextCount: 3, using: &g)
        },
        Case(name: "spline coupling with c", contextCount: 3) {
            var g = SplitMix64(seed: 22)
            return CouplingBijection(featureCount: dimension, transformsSecondHalf: true, hiddenCounts: [8], contextCount: 3, transform: spline, using: &g)
        },
        Case(name: "affine coupling with u and c", indexCount: 2, contextCount: 3) {
            var g = SplitMix64(seed: 23)
            return AffineCouplingBijection(featureCount: dimension, transformsSecondHalf: true, hiddenCounts: [8], indexCount: 2, contextCount: 3, using: &g)
        },
        Case(name: "spline coupling with u and c", indexCount: 1, contextCount: 3) {
            var g = SplitMix64(seed: 24)
            return CouplingBijection(featureCount: dimension, transformsSecondHalf: false, hiddenCounts: [8], indexCount: 1, contextCount: 3, transform: spline,
                                     using: &g)
        },
        Case(name: "LGF layer around a conditional MADE, (s, t) of u and c", indexCount: 2, contextCount: 3) {
            var g = SplitMix64(seed: 25)
            let made = AffineAutoregressiveBijection(featureCount: dimension, hiddenCounts: [8, 8], contextCount: 3, using: &g)
            return ConditionalAffineBijection(base: made, shiftScaleNetwork: MLP(inputCount: 5, hiddenCounts: [6], outputCount: 2 * dimension, using: &g),
                                              featureCount: dimension, contextCount: 3)
        },
        Case(name: "LGF layer around a conditional spline MADE, (s, t) of u only", indexCount: 1, contextCount: 3) {
            var g = SplitMix64(seed: 26)
            let made = AutoregressiveBijection(featureCount: dimension, hiddenCounts: [8, 8], contextCount: 3, transform: spline, using: &g)
            return ConditionalAffineBijection(base: made, shiftScaleNetwork: MLP(inputCount: 1, hiddenCounts: [6], outputCount: 2 * dimension, using: &g),
                                              featureCount: dimension)
        },
        Case(name: "composite of conditional MADE, reverse, conditional coupling", contextCount: 3) {
            var g = SplitMix64(seed: 27)
            return CompositeBijection([AffineAutoregressiveBijection(featureCount: dimension, hiddenCounts: [8], contextCount: 3, using: &g),
                                       PermutationBijection.reverse(featureCount: dimension),
                                       AffineCouplingBijection(featureCount: dimension, transformsSecondHalf: false, hiddenCounts: [8], contextCount: 3,
                                                               using: &g)])
        },
    ]

    /// The spline of the spline cases: 5 bins on [−2, 2], so a few inputs fall in the tails.
    static let spline = RationalQuadraticSpline(binCount: 5, tailBound: 2)

    @Test(arguments: cases)
    func lawsHold(_ testCase: Case) {
        let bijection = testCase.make()
        let width = testCase.name.contains("odd D") ? 3 : Self.dimension
        let x = randomDoubles([5, width], seed: 11) * 0.8
        let index = testCase.indexCount > 0 ? randomDoubles([5, testCase.indexCount], seed: 12) : nil
        let context = testCase.contextCount > 0 ? randomDoubles([5, testCase.contextCount], seed: 14) * 2 : nil
        let report = BijectionLaws.check(bijection, at: x, index: index, context: context)
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
        let index = testCase.indexCount > 0 ? Tensor.randomNormal(shape: [64, testCase.indexCount], using: &g) : nil
        let context = testCase.contextCount > 0 ? Tensor.randomNormal(shape: [64, testCase.contextCount], using: &g) : nil
        let (z, _) = bijection.forward(x, index: index, context: context)
        #expect(maximumAbsoluteDifference(bijection.inverse(z, index: index, context: context).output, x) < 1e-4)
    }
}
