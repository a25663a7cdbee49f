import Flows

/// Defaults for a user's own file, chosen from its number of training rows N and modelled columns D
/// (the paper's settings, `PaperDefaults`, stay for the paper's datasets). The paper sized its models for
/// 30,000 to 1.7 million rows; a few hundred rows need far fewer parameters, smaller batches (so that an
/// epoch is several gradient steps) and early stopping.
///
/// | training rows N | flow steps | MADE/coupler widths | LGF s,t and p,q widths | K_train, K_valid |
/// |---|---|---|---|---|
/// | < 1,000 | 5 | [32, 32] | [16, 16] and [32, 32] | 10, 10 |
/// | 1,000 – 9,999 | 5 | [64, 64] | [32, 32] and [64, 64] | 10, 10 |
/// | 10,000 – 99,999 | 10 | [128, 128] | [64, 64] and [100, 100] | 1, 5 |
/// | ≥ 100,000 | 10 | the paper's for D > 2: MAF [200, 200]; LGF [128, 128] | [128, 128] and [100, 100] | 1, 5 |
///
/// Every width is at least 2·D (MADE needs at least D), u has 1 dimension for D ≤ 2 and 2 above, and every
/// size trains with Adam at 1e-3 in batches of N/40 (about forty steps an epoch; at least 32, at most the paper's 1000) for up to
/// 1000 epochs, stopping after `patience` epochs without a better validation estimate (50 below 10,000 rows, where
/// validation splits are small and noisy; 30, the paper's, above) once at least `minimumSteps` optimiser steps have
/// been taken. Patience counted in epochs alone stopped runs on 10,000 rows after a few hundred Adam steps, far from
/// what the models reach (docs/user-data-defaults.md has the measurements). The baselines' batch norms take their
/// statistics over the whole training set before every validation, as the presets do, instead of running averages
/// that swing by tenths of a nat between epochs; and each indexed layer of a localised model is followed by a batch
/// norm without parameters (`IndexedLayerNormalization.batchNorm`, the authors' later code), which won by
/// measurement on 2-D files and MINIBOONE.
public enum DataSizedDefaults {
    /// One row of the table above, for `lgf describe`.
    public struct Tier: Sendable, Equatable {
        /// The rows the tier covers, as printed in the table (`< 1,000`, …).
        public var rows: String
        public var layers: Int
        public var baselineHidden: [Int]
        public var localisedHidden: [Int]
        public var shiftScaleHidden: [Int]
        public var indexNetworkHidden: [Int]
        public var trainDraws: Int
        public var validationSamples: Int
        public var patience: Int
    }

    /// The tier for `rowCount` training rows.
    public static func tier(rowCount: Int) -> Tier {
        switch rowCount {
        case ..<1_000:
            return Tier(rows: "< 1,000", layers: 5, baselineHidden: [32, 32], localisedHidden: [32, 32], shiftScaleHidden: [16, 16],
                        indexNetworkHidden: [32, 32], trainDraws: 10, validationSamples: 10, patience: 50)
        case ..<10_000:
            return Tier(rows: "1,000 – 9,999", layers: 5, baselineHidden: [64, 64], localisedHidden: [64, 64], shiftScaleHidden: [32, 32],
                        indexNetworkHidden: [64, 64], trainDraws: 10, validationSamples: 10, patience: 50)
        case ..<100_000:
            return Tier(rows: "10,000 – 99,999", layers: 10, baselineHidden: [128, 128], localisedHidden: [128, 128], shiftScaleHidden: [64, 64],
                        indexNetworkHidden: [100, 100], trainDraws: 1, validationSamples: 5, patience: 30)
        default:
            return Tier(rows: "≥ 100,000", layers: 10, baselineHidden: [200, 200], localisedHidden: [128, 128], shiftScaleHidden: [128, 128],
                        indexNetworkHidden: [100, 100], trainDraws: 1, validationSamples: 5, patience: 30)
        }
    }

    /// N/40 (about forty gradient steps per epoch), at least 32 and at most the paper's 1000.
    public static func batchSize(rowCount: Int) -> Int { min(1000, max(32, rowCount / 40)) }

    /// Early stopping waits for this many optimiser steps whatever the file's size.
    public static let minimumSteps = 4_000

    /// What follows each indexed layer of a localised model, and how its networks start.
    public static let indexedLayers = IndexedLayerSetup(normalization: .batchNorm, initialization: .standard)

    /// The defaults of any named model: a spline model has its family's sizes with rational-quadratic splines of
    /// K = 8 bins on [−3, 3] (the standardised columns' ±3 standard deviations; the identity outside) and no batch norm
    /// between its steps; an LGF with spline steps keeps the parameter-free batch norm after each indexed layer, as the
    /// affine ones do (on MINIBOONE it brought LGF-NSF level with LGF-MAF, 0.75 nats better than without).
    public static func configuration(rowCount: Int, dimension: Int, model: ModelName) -> (model: ModelSpecification, training: TrainingConfiguration) {
        var (specification, training) = configuration(rowCount: rowCount, dimension: dimension, kind: model.kind)
        if model.hasSplineSteps {
            specification.spline = SplineSpecification()
            specification.usesBatchNorm = false
        }
        return (specification, training)
    }

    /// The model and training defaults for `rowCount` training rows of `dimension` columns.
    public static func configuration(rowCount: Int, dimension: Int, kind: ModelKind) -> (model: ModelSpecification, training: TrainingConfiguration) {
        let tier = tier(rowCount: rowCount)
        func widened(_ widths: [Int]) -> [Int] { widths.map { max($0, 2 * dimension) } }
        let model = ModelSpecification(
            kind: kind, dimension: dimension, layerCount: tier.layers,
            hiddenCounts: widened(kind.isLocalised ? tier.localisedHidden : tier.baselineHidden),
            indexDimension: dimension <= 2 ? 1 : 2, shiftScaleHiddenCounts: widened(tier.shiftScaleHidden),
            indexPriorHiddenCounts: widened(tier.indexNetworkHidden), indexPosteriorHiddenCounts: widened(tier.indexNetworkHidden),
            indexedLayers: kind.isLocalised ? indexedLayers : .paper)
        var training = TrainingConfiguration(batchSize: batchSize(rowCount: rowCount), maximumEpochs: 1000, patience: tier.patience,
                                             trainDrawCount: tier.trainDraws, validationImportanceSamples: tier.validationSamples)
        training.minimumSteps = minimumSteps
        training.batchNormStatistics = .trainingSet
        return (model, training)
    }
}
