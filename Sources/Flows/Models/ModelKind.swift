/// The four model families of the paper: the baselines and their localised versions.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    case maf
    case lgfMAF = "lgf-maf"
    case realNVP = "realnvp"
    case lgfRealNVP = "lgf-realnvp"

    /// Whether the model has continuously indexed layers (an ELBO and an importance-sampled likelihood).
    public var isLocalised: Bool { self == .lgfMAF || self == .lgfRealNVP }

    /// The flow a localised model builds on, which the paper compares it with (MAF for LGF-MAF, RealNVP for
    /// LGF-RealNVP); `nil` for the baselines themselves.
    public var baseline: ModelKind? {
        switch self {
        case .lgfMAF: .maf
        case .lgfRealNVP: .realNVP
        case .maf, .realNVP: nil
        }
    }
}

/// How u enters a localised layer (paper §3.4 and Appendix C).
public enum IndexedLayerVariant: String, Sendable, Codable, CaseIterable {
    /// z = (g(x) + t(u)) ⊙ exp(s(u)) with g the base flow step (the paper's experiments).
    case conditionalAffine = "conditional-affine"
    /// g = identity: only the conditional affine layers.
    case affineOnly = "affine-only"
    /// A coupling layer whose coupler sees u concatenated to its input; no s, t (coupling flows only, affine or spline:
    /// `lgf-realnvp` and its spline form).
    case indexedCoupler = "indexed-coupler"
}
