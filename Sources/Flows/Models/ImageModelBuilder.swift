import Tensors
import Networks

/// Builds the multiscale image flows of `ImageModelSpecification` with the layout of the reference code
/// for Cornish et al. 2020 (Table 2's models): checkerboard parities 0, 1, 0 then 0, 1, 0, 1; channel couplings that
/// transform the second, first, second half; the split keeps the first half of the channels.
public enum ImageModelBuilder {
    /// - Throws: `FlowConfigurationError` naming the offending field.
    public static func build(_ specification: ImageModelSpecification, using generator: inout some RandomNumberGenerator) throws -> FlowDensity {
        try validate(specification)
        let s = specification
        let full = s.imageShape
        let squeezed = ImageShape(channels: 4 * full.channels, height: full.height / 2, width: full.width / 2)
        let kept = squeezed.withChannels(squeezed.channels / 2)
        var steps: [FlowStep] = [.bijection(LogitTransformBijection(lambda: s.logitLambda))]
        for layer in 0..<3 {
            steps.append(.bijection(checkerboardCoupling(full, parity: layer % 2, s, using: &generator)))
            steps += afterCoupling(full, s, using: &generator)
        }
        steps.append(.bijection(SqueezeBijection(inputShape: full)))
        for layer in 3..<6 {
            let partition = CouplingPartition.channelHalves(squeezed, transformsFirstHalf: layer % 2 == 1)
            let conditioner = resNet(input: squeezed.withChannels(squeezed.channels / 2), outputChannels: squeezed.channels,
                                     blocks: s.couplerBlocks, hidden: s.couplerHidden, using: &generator)
            steps.append(.bijection(MaskedAffineCouplingBijection(partition: partition, conditioner: conditioner)))
            steps += afterCoupling(squeezed, s, using: &generator)
        }
        steps.append(.factorOut(FactorOutStep(halfTheChannelsOf: squeezed)))
        for layer in 0..<4 {
            steps.append(.bijection(checkerboardCoupling(kept, parity: layer % 2, s, using: &generator)))
            steps += afterCoupling(kept, s, using: &generator)
        }
        return FlowDensity(steps: steps, eventShape: [full.channels, full.height, full.width])
    }

    /// A checkerboard coupling whose ResNet maps the C masked channels to 2C (s, then t).
    private static func checkerboardCoupling(_ shape: ImageShape, parity: Int, _ s: ImageModelSpecification,
                                             using generator: inout some RandomNumberGenerator) -> MaskedAffineCouplingBijection {
        MaskedAffineCouplingBijection(partition: .checkerboard(shape, parity: parity),
                                      conditioner: resNet(input: shape, outputChannels: 2 * shape.channels, blocks: s.couplerBlocks,
                                                          hidden: s.couplerHidden, using: &generator))
    }

    /// What follows every coupling: batch norm over every feature (baseline), or a conditional affine layer
    /// z = (x + t(u)) ⊙ exp(s(u)) with u of 1 × H × W, q(u | x) and p(u | z) ResNets from C channels to 2 (mean,
    /// log-std) and (s, t) a ResNet from u's one channel to 2C (LGF), followed by a batch norm without parameters
    /// over every feature when the setup asks for one.
    private static func afterCoupling(_ shape: ImageShape, _ s: ImageModelSpecification, using generator: inout some RandomNumberGenerator) -> [FlowStep] {
        guard s.kind.isLocalised else { return [.bijection(BatchNormBijection(featureCount: shape.featureCount))] }
        let indexShape = shape.withChannels(1)
        let posterior = resNet(input: shape, outputChannels: 2, blocks: s.indexBlocks, hidden: s.indexHidden, using: &generator)
        let shiftScale = resNet(input: indexShape, outputChannels: 2 * shape.channels, blocks: s.shiftScaleBlocks, hidden: s.shiftScaleHidden, using: &generator)
        let prior = resNet(input: shape, outputChannels: 2, blocks: s.indexBlocks, hidden: s.indexHidden, using: &generator)
        let layer = IndexedLayer(bijection: ConditionalAffineBijection(base: nil, shiftScaleNetwork: shiftScale, featureCount: shape.featureCount),
                                 indexPrior: ConditionalGaussian(network: prior, dimension: indexShape.featureCount),
                                 indexPosterior: ConditionalGaussian(network: posterior, dimension: indexShape.featureCount),
                                 setup: s.indexedLayers)
        return layer.followedBy(s.indexedLayers.normalization, featureCount: shape.featureCount)
    }

    private static func resNet(input: ImageShape, outputChannels: Int, blocks: Int, hidden: Int,
                               using generator: inout some RandomNumberGenerator) -> ImageNetwork {
        ImageNetwork(ResNet(inputChannels: input.channels, outputChannels: outputChannels, blockCount: blocks, hiddenChannels: hidden, using: &generator),
                     inputShape: input, outputChannels: outputChannels)
    }

    /// Checks the specification before anything is allocated.
    /// - Throws: `FlowConfigurationError.invalid` naming the field, its value and the rule.
    public static func validate(_ s: ImageModelSpecification) throws {
        func require(_ condition: Bool, _ field: String, _ value: Any, _ rule: String) throws {
            guard condition else { throw FlowConfigurationError.invalid(field: field, value: "\(value)", requirement: rule) }
        }
        try require(s.kind == .realNVP || s.kind == .lgfRealNVP, "kind", s.kind.rawValue, "image models are realnvp or lgf-realnvp")
        try require(s.imageShape.height % 2 == 0 && s.imageShape.width % 2 == 0, "imageShape", s.imageShape, "the squeeze needs an even height and width")
        for (field, value) in [("couplerBlocks", s.couplerBlocks), ("indexBlocks", s.indexBlocks), ("shiftScaleBlocks", s.shiftScaleBlocks)] {
            try require(value >= 0, field, value, "it must not be negative")
        }
        for (field, value) in [("couplerHidden", s.couplerHidden), ("indexHidden", s.indexHidden), ("shiftScaleHidden", s.shiftScaleHidden)] {
            try require(value >= 1, field, value, "it must be at least 1")
        }
        try require(s.logitLambda >= 0 && s.logitLambda < 0.5, "logitLambda", s.logitLambda, "it must be in [0, 0.5)")
    }
}
