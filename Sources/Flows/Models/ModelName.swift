/// Every model a user can name: a family (`ModelKind`) with affine steps, as the paper has them, or with
/// rational-quadratic spline steps (Durkan et al., *Neural Spline Flows*, NeurIPS 2019, arXiv:1906.04032). The CLI's
/// `--model`, a sweep's `models` and the report's rows use these names; a specification's `modelName` is one of them.
public enum ModelName: String, Sendable, Codable, CaseIterable {
    case maf
    case lgfMAF = "lgf-maf"
    case realNVP = "realnvp"
    case lgfRealNVP = "lgf-realnvp"
    /// Autoregressive spline steps with MADE conditioners and reverses between them (the `cif` code's `nsf-ar`).
    case nsf
    /// Spline couplings of alternating halves.
    case nsfCoupling = "nsf-coupling"
    /// The conditional affine layer of Cornish et al. (2020, §3.4) after each autoregressive spline step (the `cif`
    /// code's CIF-NSF).
    case lgfNSF = "lgf-nsf"
    /// The localised layer around each spline coupling (with `--variant indexed-coupler`, u fed into the coupler
    /// instead, the paper's Appendix C).
    case lgfNSFCoupling = "lgf-nsf-coupling"

    /// The family whose steps the model has.
    public var kind: ModelKind {
        switch self {
        case .maf, .nsf: .maf
        case .lgfMAF, .lgfNSF: .lgfMAF
        case .realNVP, .nsfCoupling: .realNVP
        case .lgfRealNVP, .lgfNSFCoupling: .lgfRealNVP
        }
    }

    /// Whether its flow steps are rational-quadratic splines rather than affine maps.
    public var hasSplineSteps: Bool {
        switch self {
        case .nsf, .nsfCoupling, .lgfNSF, .lgfNSFCoupling: true
        case .maf, .lgfMAF, .realNVP, .lgfRealNVP: false
        }
    }

    /// The model of `kind` with spline steps or affine ones.
    public init(kind: ModelKind, hasSplineSteps: Bool) {
        switch (kind, hasSplineSteps) {
        case (.maf, false): self = .maf
        case (.lgfMAF, false): self = .lgfMAF
        case (.realNVP, false): self = .realNVP
        case (.lgfRealNVP, false): self = .lgfRealNVP
        case (.maf, true): self = .nsf
        case (.lgfMAF, true): self = .lgfNSF
        case (.realNVP, true): self = .nsfCoupling
        case (.lgfRealNVP, true): self = .lgfNSFCoupling
        }
    }

    /// The model a specification builds.
    public init(_ specification: ModelSpecification) {
        self.init(kind: specification.kind, hasSplineSteps: specification.spline != nil)
    }

    /// Whether the model has continuously indexed layers.
    public var isLocalised: Bool { kind.isLocalised }

    /// The flow a localised model builds on, which it is compared with (`maf` for `lgf-maf`, `nsf` for `lgf-nsf`, …);
    /// `nil` for the flows themselves.
    public var baseline: ModelName? {
        kind.baseline.map { ModelName(kind: $0, hasSplineSteps: hasSplineSteps) }
    }
}
