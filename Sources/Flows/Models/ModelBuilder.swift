import Tensors
import Networks

/// Builds a `FlowDensity` from a `ModelSpecification`, validating it first (one exhaustive switch over
/// the families, so a new family cannot be forgotten). With a `context` every network that sees c is built with its
/// (embedded) width, and the embedding's weights are drawn after every step's; without one the model is built, and its
/// weights drawn, as before contexts existed.
public enum ModelBuilder {
    /// - Throws: `FlowConfigurationError` naming the offending field.
    public static func build(_ specification: ModelSpecification, using generator: inout some RandomNumberGenerator) throws -> FlowDensity {
        try validate(specification)
        let s = specification
        var steps: [FlowStep] = []
        if let standardization = s.inputStandardization {
            steps.append(.bijection(StandardizationBijection(mean: standardization.mean, std: standardization.std)))
        }
        for layer in 0..<s.layerCount {
            if layer > 0 {
                // MAF reverses the order between MADE layers; couplings alternate halves instead.
                if s.kind == .maf || s.kind == .lgfMAF { steps.append(.bijection(PermutationBijection.reverse(featureCount: s.dimension))) }
            }
            let base = baseStep(s, layer: layer, using: &generator)
            if s.kind.isLocalised {
                steps += indexedLayer(s, base: base, layer: layer, using: &generator).followedBy(s.indexedLayers.normalization, featureCount: s.dimension)
            } else {
                steps.append(.bijection(base ?? ElementwiseAffineBijection(featureCount: s.dimension)))
                if s.usesBatchNorm { steps.append(.bijection(BatchNormBijection(featureCount: s.dimension))) }
            }
        }
        let embedding = s.context?.embedding.map { embedding in
            MLP(inputCount: s.context?.dimension ?? 0, hiddenCounts: embedding.hiddenCounts, outputCount: embedding.outputCount, activation: s.activation,
                using: &generator)
        }
        let contextStandardization = s.context?.standardization.map { StandardizationBijection(mean: $0.mean, std: $0.std) }
        return FlowDensity(steps: steps, dimension: s.dimension, contextDimension: s.context?.dimension ?? 0, contextStandardization: contextStandardization,
                           contextEmbedding: embedding)
    }

    /// g for one layer (nil when the variant makes it the identity or folds u into a coupler).
    private static func baseStep(_ s: ModelSpecification, layer: Int, using generator: inout some RandomNumberGenerator) -> (any Bijection)? {
        if s.kind.isLocalised && s.variant != .conditionalAffine { return nil }
        let contextCount = s.context?.featureCount ?? 0
        switch s.kind {
        case .maf, .lgfMAF:
            guard let spline = s.spline else {
                return AffineAutoregressiveBijection(featureCount: s.dimension, hiddenCounts: s.hiddenCounts, contextCount: contextCount, activation: s.activation,
                                                     using: &generator)
            }
            return AutoregressiveBijection(featureCount: s.dimension, hiddenCounts: s.hiddenCounts, contextCount: contextCount, activation: s.activation,
                                           transform: spline.transform, using: &generator)
        case .realNVP, .lgfRealNVP:
            return couplingStep(s, layer: layer, indexCount: 0, using: &generator)
        }
    }

    /// A coupling of flat halves (x_b the second half in even layers), affine or spline, whose coupler sees an index of
    /// `indexCount` features (u, in the indexed-coupler variant) and the model's context, if it has one.
    private static func couplingStep(_ s: ModelSpecification, layer: Int, indexCount: Int, using generator: inout some RandomNumberGenerator) -> any Bijection {
        let contextCount = s.context?.featureCount ?? 0
        guard let spline = s.spline else {
            return AffineCouplingBijection(featureCount: s.dimension, transformsSecondHalf: layer % 2 == 0, hiddenCounts: s.hiddenCounts,
                                           indexCount: indexCount, contextCount: contextCount, logScaleBound: s.logScaleLimit.map(LogScaleBound.init),
                                           activation: s.activation, using: &generator)
        }
        return CouplingBijection(featureCount: s.dimension, transformsSecondHalf: layer % 2 == 0, hiddenCounts: s.hiddenCounts, indexCount: indexCount,
                                 contextCount: contextCount, transform: spline.transform, activation: s.activation, using: &generator)
    }

    private static func indexedLayer(_ s: ModelSpecification, base: (any Bijection)?, layer: Int, using generator: inout some RandomNumberGenerator) -> IndexedLayer {
        let bound = s.logScaleLimit.map(LogScaleBound.init)
        let contextCount = s.context?.featureCount ?? 0
        let posterior = indexGaussian(s, hiddenCounts: s.indexPosteriorHiddenCounts, using: &generator)
        let bijection: any Bijection
        switch s.variant {
        case .conditionalAffine, .affineOnly:
            let seenContext = s.context?.shiftScaleSeesContext == true ? contextCount : 0
            let network = MLP(inputCount: s.indexDimension + seenContext, hiddenCounts: s.shiftScaleHiddenCounts, outputCount: 2 * s.dimension,
                              activation: s.activation, using: &generator)
            bijection = ConditionalAffineBijection(base: base, shiftScaleNetwork: network, featureCount: s.dimension, logScaleBound: bound,
                                                   contextCount: seenContext)
        case .indexedCoupler:
            bijection = couplingStep(s, layer: layer, indexCount: s.indexDimension, using: &generator)
        }
        let prior = indexGaussian(s, hiddenCounts: s.indexPriorHiddenCounts, using: &generator)
        return IndexedLayer(bijection: bijection, indexPrior: prior, indexPosterior: posterior, setup: s.indexedLayers)
    }

    /// p(u | z) or q(u | x), with the context after z or x in a conditional model.
    private static func indexGaussian(_ s: ModelSpecification, hiddenCounts: [Int], using generator: inout some RandomNumberGenerator) -> ConditionalGaussian {
        let contextCount = s.context?.featureCount ?? 0
        let network = MLP(inputCount: s.dimension + contextCount, hiddenCounts: hiddenCounts, outputCount: 2 * s.indexDimension, activation: s.activation,
                          using: &generator)
        return ConditionalGaussian(network: network, dimension: s.indexDimension, contextCount: contextCount)
    }

    /// Checks that a standardisation has one finite mean and one positive, finite standard deviation per feature.
    private static func requireValid(_ standardization: InputStandardization, features: Int, field: String) throws {
        guard standardization.mean.count == features && standardization.std.count == features else {
            throw FlowConfigurationError.invalid(field: field, value: "\(standardization.mean.count) means, \(standardization.std.count) standard deviations",
                                                 requirement: "it needs one of each per feature (\(features))")
        }
        guard standardization.mean.allSatisfy(\.isFinite) && standardization.std.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw FlowConfigurationError.invalid(field: field, value: "\(standardization.std)", requirement: "the means must be finite and the standard deviations positive")
        }
    }

    /// Checks a specification before anything is built.
    public static func validate(_ s: ModelSpecification) throws {
        func require(_ condition: Bool, _ field: String, _ value: Any, _ requirement: String) throws {
            if !condition { throw FlowConfigurationError.invalid(field: field, value: "\(value)", requirement: requirement) }
        }
        try require(s.dimension >= 1, "dimension", s.dimension, "it must be at least 1")
        try require(s.layerCount >= 1, "layerCount", s.layerCount, "it must be at least 1")
        let needsBase = !(s.kind.isLocalised && s.variant == .affineOnly)
        if needsBase {
            try require(s.dimension >= 2, "dimension", s.dimension, "MADE and coupling layers need at least 2 features (use the affine-only LGF variant for 1-D data)")
            try require(!s.hiddenCounts.isEmpty, "hiddenCounts", s.hiddenCounts, "the flow steps need at least one hidden layer")
        }
        try require(s.hiddenCounts.allSatisfy { $0 >= 1 }, "hiddenCounts", s.hiddenCounts, "every width must be positive")
        if needsBase && (s.kind == .maf || s.kind == .lgfMAF) {
            try require(s.hiddenCounts.allSatisfy { $0 >= s.dimension }, "hiddenCounts", s.hiddenCounts,
                        "every MADE hidden width must be at least the data dimension \(s.dimension)")
        }
        if s.kind.isLocalised {
            try require(s.indexDimension >= 1, "indexDimension", s.indexDimension, "u needs at least one dimension")
            for (field, counts) in [("shiftScaleHiddenCounts", s.shiftScaleHiddenCounts), ("indexPriorHiddenCounts", s.indexPriorHiddenCounts),
                                    ("indexPosteriorHiddenCounts", s.indexPosteriorHiddenCounts)] {
                try require(counts.allSatisfy { $0 >= 1 }, field, counts, "every width must be positive")
            }
            try require(s.variant != .indexedCoupler || s.kind == .lgfRealNVP, "variant", s.variant.rawValue,
                        "the indexed coupler exists only for coupling flows (lgf-realnvp, and lgf-nsf-coupling with a spline)")
        }
        if let standardization = s.inputStandardization {
            try requireValid(standardization, features: s.dimension, field: "inputStandardization")
        }
        if let limit = s.logScaleLimit { try require(limit > 0 && limit.isFinite, "logScaleLimit", limit, "it must be positive") }
        if let context = s.context {
            try require(context.dimension >= 1, "context.dimension", context.dimension, "a context needs at least one feature")
            if let standardization = context.standardization {
                try requireValid(standardization, features: context.dimension, field: "context.standardization")
            }
            if let embedding = context.embedding {
                try require(embedding.hiddenCounts.allSatisfy { $0 >= 1 }, "context.embedding.hiddenCounts", embedding.hiddenCounts, "every width must be positive")
                try require(embedding.outputCount >= 1, "context.embedding.outputCount", embedding.outputCount, "it must be at least 1")
            }
        }
        if let spline = s.spline {
            let most = Int((1 / RationalQuadraticSpline.minimumBinWidth).rounded(.up)) - 1
            try require(spline.binCount >= 1 && spline.binCount <= most, "spline.binCount", spline.binCount,
                        "it must be between 1 and \(most) (each bin is at least \(RationalQuadraticSpline.minimumBinWidth) of the interval wide)")
            try require(spline.tailBound > 0 && spline.tailBound.isFinite, "spline.tailBound", spline.tailBound, "it must be positive and finite")
        }
    }
}
