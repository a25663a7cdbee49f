import Networks

/// Everything needed to build a flow: the family, the data dimension and the network sizes
/// (Cornish et al. 2020, Appendix D). Codable, so a run folder and a checkpoint can record exactly what was built.
public struct ModelSpecification: Sendable, Codable, Equatable {
    public var kind: ModelKind
    /// D.
    public var dimension: Int
    /// L, the number of flow steps (MADE layers or couplings).
    public var layerCount: Int
    /// Hidden widths of each MADE (MAF) or coupler (RealNVP).
    public var hiddenCounts: [Int]
    /// Batch norm between flow steps (baselines only; the LGF models omit it).
    public var usesBatchNorm: Bool
    /// d_u, the dimension of each layer's index (LGF only).
    public var indexDimension: Int
    /// Hidden widths of the s, t network of u (LGF only).
    public var shiftScaleHiddenCounts: [Int]
    /// Hidden widths of p(u | z) (LGF only).
    public var indexPriorHiddenCounts: [Int]
    /// Hidden widths of q(u | x) (LGF only).
    public var indexPosteriorHiddenCounts: [Int]
    public var variant: IndexedLayerVariant
    public var activation: Activation
    /// An opt-in soft clamp c·tanh(s/c) of LGF and coupling log-scales; `nil` (the paper) for none.
    public var logScaleLimit: Double?
    /// A fixed standardisation of the input by the training split's statistics, built as the model's first
    /// step so that densities and samples stay in the data's own units; `nil` (the paper's datasets, which
    /// arrive preprocessed) for none.
    public var inputStandardization: InputStandardization? = nil
    /// What follows each indexed layer and how its networks start (LGF only).
    public var indexedLayers: IndexedLayerSetup
    /// The elementwise transform of the flow steps: `nil` for affine (MAF and Real NVP, the paper's models), or
    /// rational-quadratic splines, which make `.maf` a neural spline flow with autoregressive steps (the `cif` code's
    /// `nsf-ar`), `.realNVP` one with coupling steps, `.lgfMAF` an LGF-NSF (the conditional affine layer after each
    /// autoregressive spline step, the `cif` code's CIF-NSF) and `.lgfRealNVP` its coupling form (see `modelName`).
    public var spline: SplineSpecification? = nil
    /// The context c of a conditional density p(x | c) and the networks that see it; `nil` (every specification written
    /// before contexts existed) for an unconditional density p(x).
    public var context: ContextSpecification? = nil

    /// - Parameter usesBatchNorm: `nil` for the families' defaults: batch norm between the affine baselines' steps
    ///   only (neither the LGF models nor the `cif` code's spline flows have it).
    public init(kind: ModelKind, dimension: Int, layerCount: Int, hiddenCounts: [Int], usesBatchNorm: Bool? = nil,
                indexDimension: Int = 1, shiftScaleHiddenCounts: [Int] = [10, 10], indexPriorHiddenCounts: [Int] = [50, 50, 50, 50],
                indexPosteriorHiddenCounts: [Int] = [50, 50, 50, 50], variant: IndexedLayerVariant = .conditionalAffine,
                activation: Activation = .tanh, logScaleLimit: Double? = nil, indexedLayers: IndexedLayerSetup = .paper,
                spline: SplineSpecification? = nil, context: ContextSpecification? = nil) {
        self.kind = kind
        self.dimension = dimension
        self.layerCount = layerCount
        self.hiddenCounts = hiddenCounts
        self.usesBatchNorm = usesBatchNorm ?? (!kind.isLocalised && spline == nil)
        self.indexDimension = indexDimension
        self.shiftScaleHiddenCounts = shiftScaleHiddenCounts
        self.indexPriorHiddenCounts = indexPriorHiddenCounts
        self.indexPosteriorHiddenCounts = indexPosteriorHiddenCounts
        self.variant = variant
        self.activation = activation
        self.logScaleLimit = logScaleLimit
        self.indexedLayers = indexedLayers
        self.spline = spline
        self.context = context
    }

    private enum CodingKeys: String, CodingKey {
        case kind, dimension, layerCount, hiddenCounts, usesBatchNorm, indexDimension, shiftScaleHiddenCounts, indexPriorHiddenCounts
        case indexPosteriorHiddenCounts, variant, activation, logScaleLimit, inputStandardization, indexedLayers, spline, context
    }

    /// Decodes a specification; one written before `indexedLayers` existed was built as the paper has it (`.paper`),
    /// one without `spline` has affine steps, and one without `context` is unconditional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try container.decode(ModelKind.self, forKey: .kind),
                  dimension: try container.decode(Int.self, forKey: .dimension),
                  layerCount: try container.decode(Int.self, forKey: .layerCount),
                  hiddenCounts: try container.decode([Int].self, forKey: .hiddenCounts),
                  usesBatchNorm: try container.decode(Bool.self, forKey: .usesBatchNorm),
                  indexDimension: try container.decode(Int.self, forKey: .indexDimension),
                  shiftScaleHiddenCounts: try container.decode([Int].self, forKey: .shiftScaleHiddenCounts),
                  indexPriorHiddenCounts: try container.decode([Int].self, forKey: .indexPriorHiddenCounts),
                  indexPosteriorHiddenCounts: try container.decode([Int].self, forKey: .indexPosteriorHiddenCounts),
                  variant: try container.decode(IndexedLayerVariant.self, forKey: .variant),
                  activation: try container.decode(Activation.self, forKey: .activation),
                  logScaleLimit: try container.decodeIfPresent(Double.self, forKey: .logScaleLimit),
                  indexedLayers: try container.decodeIfPresent(IndexedLayerSetup.self, forKey: .indexedLayers) ?? .paper,
                  spline: try container.decodeIfPresent(SplineSpecification.self, forKey: .spline),
                  context: try container.decodeIfPresent(ContextSpecification.self, forKey: .context))
        inputStandardization = try container.decodeIfPresent(InputStandardization.self, forKey: .inputStandardization)
    }

    /// The model's name (`ModelName`): the kind's (`maf`, `lgf-maf`, `realnvp`, `lgf-realnvp`) with affine steps, and with
    /// spline steps `nsf`, `lgf-nsf`, `nsf-coupling` and `lgf-nsf-coupling`.
    public var modelName: String { ModelName(self).rawValue }
}

extension ModelSpecification {
    /// Figure 1's baseline: 10 MADE layers [50]×4 with batch norm (80,080 parameters at D = 2).
    public static func figure1MAF(dimension: Int = 2) -> ModelSpecification {
        ModelSpecification(kind: .maf, dimension: dimension, layerCount: 10, hiddenCounts: [50, 50, 50, 50])
    }

    /// Figure 1's LGF-MAF: 5 MADE layers [10, 10]; s, t [10, 10]; p, q [50]×4; scalar u (80,810 parameters).
    public static func figure1LGFMAF(dimension: Int = 2) -> ModelSpecification {
        ModelSpecification(kind: .lgfMAF, dimension: dimension, layerCount: 5, hiddenCounts: [10, 10])
    }

    /// Figure 4's baseline: 20 MADE layers [50]×4 with batch norm (160,160 parameters).
    public static func figure4MAF(dimension: Int = 2) -> ModelSpecification {
        ModelSpecification(kind: .maf, dimension: dimension, layerCount: 20, hiddenCounts: [50, 50, 50, 50])
    }

    /// Figure 4's LGF-MAF: 5 MADE layers [50]×4; s, t [10, 10]; p, q [50]×4; scalar u (119,910 parameters).
    public static func figure4LGFMAF(dimension: Int = 2) -> ModelSpecification {
        ModelSpecification(kind: .lgfMAF, dimension: dimension, layerCount: 5, hiddenCounts: [50, 50, 50, 50])
    }
}
