import Datasets
import Flows

/// The paper's configuration for a dataset and model family (Cornish et al. 2020, Appendix D), used when a
/// flag or configuration file does not say otherwise.
///
/// - Two rectangles: Figure 1 (MAF 10 × MADE [50]×4 + BN; LGF-MAF 5 × MADE [10, 10], s,t [10, 10],
///   p,q [50]×4, u scalar), 300 epochs, K_train = 10.
/// - The other 2-D targets and any 2-D user data: Figure 4 (MAF 20 layers; LGF-MAF 5 × MADE [50]×4), 500 epochs.
/// - POWER, GAS and user data of dimension > 2: 10 layers; MAF MADE [200, 200]; LGF MADE [128, 128],
///   s,t [128, 128], p,q [100, 100], u of dimension 2.
/// - HEPMASS (u 5) and MINIBOONE (u 10): MAF MADE [512, 512]; LGF MADE [128, 128], s,t [128, 128], p,q [512, 512].
/// - Tabular data: K_train = 1, K_valid = 5, early stopping after 30 epochs without improvement.
/// RealNVP uses the same widths for its couplers as MAF does for MADE (LGF-RealNVP as LGF-MAF).
/// Where the paper searched several sizes (5/10/20 layers, [100|200|400] units) we take the middle one.
public enum PaperDefaults {
    public static func configuration(dataset: String?, dimension: Int, kind: ModelKind) -> (model: ModelSpecification, training: TrainingConfiguration) {
        let name = dataset?.lowercased()
        if name == TwoDimensionalTarget.twoUniforms.rawValue {
            let model: ModelSpecification = kind.isLocalised ? .figure1LGFMAF(dimension: dimension) : .figure1MAF(dimension: dimension)
            return (model.adapted(to: kind), TrainingConfiguration(maximumEpochs: 300, trainDrawCount: 10, validationImportanceSamples: 10))
        }
        if dimension == 2 {
            let model: ModelSpecification = kind.isLocalised ? .figure4LGFMAF(dimension: dimension) : .figure4MAF(dimension: dimension)
            return (model.adapted(to: kind), TrainingConfiguration(maximumEpochs: 500, trainDrawCount: 10, validationImportanceSamples: 10))
        }
        let (indexDimension, indexNetwork, baselineWidth): (Int, [Int], [Int])
        switch name {
        case "hepmass": (indexDimension, indexNetwork, baselineWidth) = (5, [512, 512], [512, 512])
        case "miniboone": (indexDimension, indexNetwork, baselineWidth) = (10, [512, 512], [512, 512])
        default: (indexDimension, indexNetwork, baselineWidth) = (2, [100, 100], [200, 200])
        }
        let model = kind.isLocalised
            ? ModelSpecification(kind: kind, dimension: dimension, layerCount: 10, hiddenCounts: [128, 128], indexDimension: indexDimension,
                                 shiftScaleHiddenCounts: [128, 128], indexPriorHiddenCounts: indexNetwork, indexPosteriorHiddenCounts: indexNetwork)
            : ModelSpecification(kind: kind, dimension: dimension, layerCount: 10, hiddenCounts: baselineWidth)
        return (model, TrainingConfiguration(maximumEpochs: 1000, patience: 30, trainDrawCount: 1, validationImportanceSamples: 5))
    }
}

extension PaperDefaults {
    /// The configuration of any named model. Neural spline flows follow the `cif` code's `nsf-ar` configurations
    /// (Durkan et al. 2019 sized them for the UCI sets): rational-quadratic splines of K bins on [−B, B]
    /// (`splineBinCount`, `splineTailBound`), no batch norm, and for `nsf` and `nsf-coupling` the steps of `splineSteps`.
    /// The localised spline models keep their family's LGF sizes with spline steps; training is as for the family.
    public static func configuration(dataset: String?, dimension: Int, model: ModelName) -> (model: ModelSpecification, training: TrainingConfiguration) {
        var (specification, training) = configuration(dataset: dataset, dimension: dimension, kind: model.kind)
        guard model.hasSplineSteps else { return (specification, training) }
        if !model.isLocalised {
            (specification.layerCount, specification.hiddenCounts) = splineSteps(dataset: dataset, dimension: dimension)
        }
        specification.spline = SplineSpecification(binCount: splineBinCount(dataset: dataset), tailBound: splineTailBound(dataset: dataset))
        specification.usesBatchNorm = false
        return (specification, training)
    }

    /// The steps of `nsf` and `nsf-coupling` (the `cif` code's `nsf-ar` configurations): their count and the hidden
    /// widths of each step's conditioner, 5 of [50, 50] on 2-D data, 10 of [64, 64] on MINIBOONE (the `cif` code's one
    /// residual block of 64 units as two hidden layers), [512, 512] on HEPMASS and [256, 256] otherwise.
    public static func splineSteps(dataset: String?, dimension: Int) -> (layers: Int, hidden: [Int]) {
        switch dataset?.lowercased() {
        case _ where dimension == 2: (5, [50, 50])
        case "miniboone": (10, [64, 64])
        case "hepmass": (10, [512, 512])
        default: (10, [256, 256])
        }
    }

    /// B, the interval [−B, B] every spline covers: 3, the `cif` code's for standardised data, or for one of the paper's
    /// 2-D targets (which are not standardised) ⌈extent + ½⌉ where that is wider, so that the splines reach the data:
    /// with B = 3 an NSF cannot shape checkerboard's outer squares (−5.76 nats against −3.66 with B = 5, 50 epochs).
    public static func splineTailBound(dataset: String?) -> Double {
        let standard = SplineSpecification().tailBound
        guard let target = dataset.flatMap({ TwoDimensionalTarget(rawValue: $0.lowercased()) }) else { return standard }
        return max(standard, (target.extent + 0.5).rounded(.up))
    }

    /// K, the bins of every spline: 4 for MINIBOONE and 8 elsewhere, as the `cif` code's `nsf-ar` configurations.
    public static func splineBinCount(dataset: String?) -> Int { dataset?.lowercased() == "miniboone" ? 4 : SplineSpecification().binCount }
}

extension ModelSpecification {
    /// The same sizes for another family (e.g. RealNVP couplers with the MAF widths), with batch norm between the steps
    /// of a baseline with affine steps only (spline flows have none, as the `cif` code's).
    func adapted(to kind: ModelKind) -> ModelSpecification {
        var copy = self
        copy.kind = kind
        copy.usesBatchNorm = !kind.isLocalised && spline == nil
        return copy
    }
}
