import Flows
import Networks
import Tensors

/// Every hyperparameter, each described once (see `Hyperparameter`); `all` lists them in the order help and error
/// messages use. `ConfigurationOverrides` reads a given value as `overrides.learningRate`.
public enum Hyperparameters {
    public static let all: [AnyHyperparameter] = vectorModel + splineModel + localisedModel + training + imageModel + conditionalModel

    /// The entry for `key`, if there is one.
    public static func named(_ key: String) -> AnyHyperparameter? { all.first { $0.key == key } }

    /// The keys whose values a started run may change when it is continued (`epochs` and `patience`).
    public static var resumableKeys: [String] { all.filter { $0.onResume == .mayChange }.map(\.key) }

    /// Entries of any value types, in the order given.
    static func list<each Value>(_ entry: repeat Hyperparameter<each Value>) -> [AnyHyperparameter] {
        var entries: [AnyHyperparameter] = []
        repeat entries.append(AnyHyperparameter(each entry))
        return entries
    }

    /// Checks every value `targets` holds against its entry's requirement, in the order of `all`.
    static func check(_ targets: HyperparameterTargets) throws {
        for entry in all { try entry.base.check(targets) }
    }

    // MARK: - Vector models (the MADE / coupling networks and the LGF's index networks)

    public static let layers = Hyperparameter<Int>("layers", .model(\.layerCount), help: "Flow steps (MADE layers or couplings).")
    public static let hidden = Hyperparameter<[Int]>("hidden", .model(\.hiddenCounts), help: "Hidden widths of each MADE or coupler, e.g. 50,50,50,50.")
    public static let batchNorm = Hyperparameter<Bool>("batch-norm", .model(\.usesBatchNorm),
                                                       help: "Batch norm between flow steps: true or false (default: baselines only).")
    public static let indexDimension = Hyperparameter<Int>("index-dimension", .model(\.indexDimension), help: "Dimension of each LGF layer's index u.")
    public static let shiftScaleHidden = Hyperparameter<[Int]>("shift-scale-hidden", .model(\.shiftScaleHiddenCounts),
                                                               help: "Hidden widths of the s,t network of u.")
    public static let priorHidden = Hyperparameter<[Int]>("prior-hidden", .model(\.indexPriorHiddenCounts), help: "Hidden widths of p(u | z).")
    public static let posteriorHidden = Hyperparameter<[Int]>("posterior-hidden", .model(\.indexPosteriorHiddenCounts), help: "Hidden widths of q(u | x).")
    public static let variant = Hyperparameter<IndexedLayerVariant>("variant", .model(\.variant),
                                                                    help: "How u enters a layer.")
    public static let activation = Hyperparameter<Activation>("activation", .model(\.activation), help: "The hidden layers' activation.")
    public static let logScaleLimit = Hyperparameter<Double>("log-scale-limit", .model(\.logScaleLimit),
                                                             help: "Opt-in soft clamp c·tanh(s/c) of log-scales (off in the paper).")

    static let vectorModel = list(layers, hidden, batchNorm, indexDimension, shiftScaleHidden, priorHidden, posteriorHidden, variant, activation,
                                  logScaleLimit)

    // MARK: - The spline steps of neural spline flows (nsf, nsf-coupling, lgf-nsf, lgf-nsf-coupling)

    public static let bins = Hyperparameter<Int>("bins", .spline(\.binCount), requires: .positive, help: "Spline models: K, the bins of every rational-quadratic spline (default 8; 4 for miniboone).")
    public static let tailBound = Hyperparameter<Double>("tail-bound", .spline(\.tailBound), requires: .positive,
                                                         help: "Spline models: B, the splines cover [-B, B] and are the identity outside (default 3; for the 2-D targets that reach beyond ±3, ⌈their extent + 0.5⌉: 5 for checkerboard).")

    static let splineModel = list(bins, tailBound)

    // MARK: - The indexed layers of localised models, vector or image

    public static let indexNormalization = Hyperparameter<IndexedLayerNormalization>(
        "index-normalization", .indexedLayers(\.normalization),
        help: "LGF models: what follows each indexed layer: none (the paper) or batch-norm (a batch norm without parameters, as the authors' later code).")
    public static let indexInitialization = Hyperparameter<IndexedLayerInitialization>(
        "index-initialization", .indexedLayers(\.initialization),
        help: "LGF models: how the (s, t), p and q networks start: standard (the paper), identity (last layers zero: each layer starts as the identity with p = q = N(0, I)) or informed-identity (only the (s, t) network's last layer zero and p a copy of q, so that u depends on x from the start; LGF-RealNVP's default).")

    static let localisedModel = list(indexNormalization, indexInitialization)

    // MARK: - Training, for every model

    public static let learningRate = Hyperparameter<Double>("learning-rate", .training(\.learningRate), requires: .positive, help: "Adam's learning rate.")
    public static let batchSize = Hyperparameter<Int>("batch-size", .training(\.batchSize), requires: .positive, help: "Minibatch size.")
    public static let epochs = Hyperparameter<Int>("epochs", .training(\.maximumEpochs), requires: .positive, onResume: .mayChange,
                                                   phrase: { "up to \($0) epochs" }, help: "Maximum number of epochs.")
    public static let patience = Hyperparameter<Int>("patience", .training(\.patience), requires: .positive, onResume: .mayChange,
                                                     help: "Early stopping: epochs without a better validation estimate.")
    public static let minimumSteps = Hyperparameter<Int>("minimum-steps", .training(\.minimumSteps), requires: .positive, name: "minimum steps",
                                                         help: "Early stopping waits for at least this many optimiser steps (default: none for the paper's datasets).")
    public static let trainDraws = Hyperparameter<Int>("train-draws", .training(\.trainDrawCount), requires: .positive,
                                                       help: "K_train: draws of u per example, averaged by the ELBO or combined by the IWAE bound.")
    public static let objective = Hyperparameter<TrainingObjective>("objective", .training(\.objective),
                                                                    help: "LGF models: what training maximises: elbo (the paper) or iwae, the importance-weighted bound with K_train draws.")
    public static let validationSamples = Hyperparameter<Int>("validation-samples", .training(\.validationImportanceSamples), requires: .positive,
                                                              name: "validation importance samples",
                                                              help: "K_valid: importance samples of the validation estimate.")
    public static let gradientClip = Hyperparameter<Double>("gradient-clip", .training(\.maximumGradientNorm), requires: .positive,
                                                            help: "Clip the global gradient norm to this value (off in the paper).")
    public static let maxRecoveries = Hyperparameter<Int>("max-recoveries", .training(\.maximumRecoveries), requires: .nonNegative,
                                                          name: "maximum recoveries",
                                                          help: "Roll-backs allowed after non-finite losses before training stops.")
    public static let seed = Hyperparameter<UInt64>("seed", .training(\.seed), help: "Seed of every random draw (initialisation, shuffling, u, 2-D data).")
    public static let snapshotEpochs = Hyperparameter<Int>("snapshot-epochs", .training(\.snapshotEpochs), requires: .positive,
                                                           help: "Keep a checkpoint of each of the last N epochs (for the report's densities over consecutive epochs).")
    public static let batchNormStatistics = Hyperparameter<BatchNormStatistics>(
        "batch-norm-statistics", .training(\.batchNormStatistics),
        help: "Batch-norm statistics at validation and test: running averages (the default), or recomputed over the training set before every validation.")
    public static let precision = Hyperparameter<ProductPrecision>(
        "precision", .training(\.precision),
        help: "Float32 matrix products of the dense layers in training: fp32 (the default), or bf16 (inputs rounded to bf16, sums, weights, Adam and everything else in float32; needs a CPU with AVX512_BF16; vector models only; validation during training at the same precision, test evaluation in fp32).")

    static let training = list(learningRate, batchSize, epochs, patience, minimumSteps, trainDraws, objective, validationSamples, gradientClip, maxRecoveries, seed,
                               snapshotEpochs, batchNormStatistics, precision)

    // MARK: - Image models

    public static let couplerBlocks = Hyperparameter<Int>("coupler-blocks", .image(\.specification.couplerBlocks),
                                                          help: "Image models: residual blocks of each coupler ResNet (default 8 for realnvp, 4 for lgf-realnvp, as the paper's Table 2).")
    public static let couplerHidden = Hyperparameter<Int>("coupler-hidden", .image(\.specification.couplerHidden),
                                                          help: "Image models: channels inside each coupler ResNet (default 64).")
    public static let trainImages = Hyperparameter<Int>("train-images", .image(\.trainingImageLimit),
                                                        requires: .atLeast(10, because: "its last 10 % become the validation split"),
                                                        help: "Image models: use only the first N training images, of which the last 10 % validate (default: all).")
    public static let indexHidden = Hyperparameter<Int>("index-hidden", .image(\.specification.indexHidden),
                                                        help: "Image models: channels of the LGF's p(u | z) and q(u | x) ResNets (default 64, the paper's).")

    static let imageModel = list(couplerBlocks, couplerHidden, trainImages, indexHidden)

    // MARK: - Conditional vector models p(x | c) (runs with context columns)

    public static let contextEmbedding = Hyperparameter<[Int]>(
        "context-embedding", .model(\.contextEmbeddingWidths),
        help: "Conditional runs: an MLP embedding of the context c that the networks see in its place: hidden widths, then its output width (e.g. 32,8); default none.")
    public static let contextShiftScale = Hyperparameter<Bool>(
        "context-shift-scale", .model(\.shiftScaleSeesContext),
        help: "Conditional LGF runs: whether each layer's s,t network sees c after u: true or false (default false; p(u | z, c) and q(u | x, c) always do).")

    static let conditionalModel = list(contextEmbedding, contextShiftScale)
}
