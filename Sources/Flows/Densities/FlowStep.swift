import Networks

/// One step of a `FlowDensity`, in the data→latent direction: an ordinary bijection (a MADE layer, a
/// permutation, batch norm, a coupling) or a continuously indexed layer.
public enum FlowStep {
    case bijection(any Bijection)
    case indexed(IndexedLayer)

    /// The layer behind the step.
    public var layer: any Layer {
        switch self {
        case .bijection(let bijection): return bijection
        case .indexed(let indexed): return indexed
        }
    }
}
