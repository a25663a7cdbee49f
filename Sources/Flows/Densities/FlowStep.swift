import Networks

/// One step of a `FlowDensity`, in the data→latent direction: an ordinary bijection (a MADE layer, a
/// permutation, batch norm, a coupling), a continuously indexed layer, or a multiscale split that hands part
/// of the features to N(0, I).
public enum FlowStep {
    case bijection(any Bijection)
    case indexed(IndexedLayer)
    case factorOut(FactorOutStep)

    /// The layer behind the step.
    public var layer: any Layer {
        switch self {
        case .bijection(let bijection): return bijection
        case .indexed(let indexed): return indexed
        case .factorOut(let split): return split
        }
    }
}
