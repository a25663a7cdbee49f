import Configurations
import Flows

/// The data shapes of the flow benchmark, named as the PyTorch reference's `CONFIGS`
/// (its `lgf_models.py`): the data are synthetic N(0, I) rows of the right dimension, since
/// only the shape matters for throughput.
public enum FlowBenchmarkDataset: String, Codable, Sendable, CaseIterable {
    /// Two rectangles, D = 2 (Figure 1).
    case twoDimensional = "2d"
    /// POWER-shaped, D = 6.
    case power
    /// GAS-shaped, D = 8.
    case gas
    /// MINIBOONE-shaped, D = 43.
    case miniboone

    /// Accepts the reference's config names and the dataset names (`2uniforms` for `2d`), any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "2d", "2uniforms", "two-rectangles": self = .twoDimensional
        case "power": self = .power
        case "gas": self = .gas
        case "miniboone": self = .miniboone
        default: return nil
        }
    }

    /// D.
    public var dimension: Int {
        switch self {
        case .twoDimensional: return 2
        case .power: return 6
        case .gas: return 8
        case .miniboone: return 43
        }
    }

    /// The dataset whose `lgf train` defaults this shape's spline flows follow (`PaperDefaults`); none for 2-D.
    var paperDataset: String? { self == .twoDimensional ? nil : rawValue }

    /// The reference's `n_train` (rows the training batches are drawn from).
    public var trainingRowCount: Int {
        switch self {
        case .twoDimensional: return 10_000
        case .power, .gas: return 100_000
        case .miniboone: return 30_000
        }
    }

    /// The reference's `n_test` (rows of the exact-likelihood evaluation).
    public var testRowCount: Int {
        switch self {
        case .twoDimensional: return 5_000
        case .power, .gas: return 10_000
        case .miniboone: return 3_648
        }
    }
}

/// The model families the flow benchmark builds.
public enum FlowBenchmarkModel: String, Codable, Sendable, CaseIterable {
    case maf
    case lgfMAF = "lgf-maf"
    case realNVP = "realnvp"
    case lgfRealNVP = "lgf-realnvp"

    /// Accepts the kind names (`lgf-maf`) and the reference's `lgf` for LGF-MAF, any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "maf": self = .maf
        case "lgf-maf", "lgf", "lgfmaf": self = .lgfMAF
        case "realnvp": self = .realNVP
        case "lgf-realnvp", "lgfrealnvp": self = .lgfRealNVP
        default: return nil
        }
    }

    /// Whether the model is a localised flow (ELBO training, importance-sampled evaluation).
    public var isLocalised: Bool { self == .lgfMAF || self == .lgfRealNVP }

    var kind: ModelKind {
        switch self {
        case .maf: return .maf
        case .lgfMAF: return .lgfMAF
        case .realNVP: return .realNVP
        case .lgfRealNVP: return .lgfRealNVP
        }
    }
}

extension FlowBenchmarkDataset {
    /// The architecture the reference benchmarks for this shape (`CONFIGS` in `lgf_models.py`).
    ///
    /// MAF: L MADE layers with batch norm after each (the reference puts it only between steps, so it has
    /// 2D fewer parameters). LGF-MAF: L MADE layers, each followed by a conditional affine layer with its
    /// s,t network and the Gaussians p(u | z) and q(u | x); no batch norm (the paper's LGFs omit it, the
    /// reference keeps it between steps). RealNVP variants, which the reference lacks, take the same widths
    /// with affine couplings in place of MADEs.
    public func specification(for model: FlowBenchmarkModel) -> ModelSpecification {
        let d = dimension
        switch (self, model.isLocalised) {
        case (.twoDimensional, false):
            return ModelSpecification(kind: model.kind, dimension: d, layerCount: 10, hiddenCounts: [50, 50, 50, 50])
        case (.twoDimensional, true):
            return ModelSpecification(kind: model.kind, dimension: d, layerCount: 5, hiddenCounts: [10, 10], indexDimension: 1,
                                      shiftScaleHiddenCounts: [10, 10], indexPriorHiddenCounts: [50, 50, 50, 50],
                                      indexPosteriorHiddenCounts: [50, 50, 50, 50])
        case (.power, false), (.gas, false):
            return ModelSpecification(kind: model.kind, dimension: d, layerCount: 10, hiddenCounts: [200, 200])
        case (.power, true), (.gas, true):
            return ModelSpecification(kind: model.kind, dimension: d, layerCount: 10, hiddenCounts: [128, 128], indexDimension: 2,
                                      shiftScaleHiddenCounts: [128, 128], indexPriorHiddenCounts: [100, 100],
                                      indexPosteriorHiddenCounts: [100, 100])
        case (.miniboone, false):
            return ModelSpecification(kind: model.kind, dimension: d, layerCount: 10, hiddenCounts: [512, 512])
        case (.miniboone, true):
            return ModelSpecification(kind: model.kind, dimension: d, layerCount: 10, hiddenCounts: [128, 128], indexDimension: 10,
                                      shiftScaleHiddenCounts: [128, 128], indexPriorHiddenCounts: [512, 512],
                                      indexPosteriorHiddenCounts: [512, 512])
        }
    }

    /// The neural spline flow of this shape when `spline` is given (else `specification(for:)`): for `maf` an NSF with
    /// autoregressive spline steps (the `cif` code's `nsf-ar`), for `realnvp` its coupling form, both without batch norm
    /// and with reverses (or alternating halves) between steps, sized after the `cif` code's `nsf-ar` configurations
    /// where they exist: 2-D 5 steps of MADE [50, 50]; POWER and GAS 10 steps of [256, 256]; MINIBOONE 10 steps of
    /// [64, 64] (the `cif` code's one residual block of 64 units written as two feedforward hidden layers). The localised
    /// models keep their LGF architecture with spline steps (LGF-NSF).
    public func specification(for model: FlowBenchmarkModel, spline: SplineSpecification?) -> ModelSpecification {
        var specification = specification(for: model)
        guard let spline else { return specification }
        if !model.isLocalised {
            let (layers, hidden) = PaperDefaults.splineSteps(dataset: paperDataset, dimension: dimension)
            specification = ModelSpecification(kind: model.kind, dimension: dimension, layerCount: layers, hiddenCounts: hidden, spline: spline)
        }
        specification.spline = spline
        return specification
    }

    /// K of this shape's neural spline flow, as `lgf train` chooses it for the dataset (`PaperDefaults`).
    public var splineBinCount: Int { PaperDefaults.splineBinCount(dataset: paperDataset) }

    /// A conditional MAF p(x | c) of the shape conditional-density benchmarks use (Papamakarios et al. 2017, §3.4; nflows'
    /// `MaskedAffineAutoregressiveTransform(context_features=C)`): 5 MADE layers of hidden widths [128, 128], tanh, the
    /// order reversed between them, no batch norm, c fed to the first hidden layer of every MADE.
    public func conditionalSpecification(contextDimension: Int) -> ModelSpecification {
        ModelSpecification(kind: .maf, dimension: dimension, layerCount: 5, hiddenCounts: [128, 128], usesBatchNorm: false,
                           context: ContextSpecification(dimension: contextDimension))
    }

    /// The parameter count of the reference's model of the same architecture: its MAF has batch norm only
    /// between steps (L − 1 layers of 2D parameters, ours L), its LGF-MAF keeps those L − 1 where ours has none.
    /// RealNVP variants have no reference; their own count is returned.
    public func referenceParameterCount(for model: FlowBenchmarkModel, ourCount: Int) -> Int {
        let specification = specification(for: model)
        let batchNormParameters = 2 * dimension
        switch model {
        case .maf: return ourCount - batchNormParameters
        case .lgfMAF: return ourCount + (specification.layerCount - 1) * batchNormParameters
        case .realNVP, .lgfRealNVP: return ourCount
        }
    }
}
