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

extension FlowStep {
    /// One line saying what the step is and how many parameters it has, for a model's description (`lgf describe`).
    public var architecture: String {
        switch self {
        case .bijection(let bijection):
            return "\(bijection.architecture) (\(bijection.parameterCount) parameters)"
        case .factorOut(let split):
            return "factor out features \(split.keptCount)..<\(split.featureCount) to N(0, I)"
        case .indexed(let layer):
            return "LGF layer: \(layer.bijection.architecture); u ∈ ℝ^\(layer.indexDimension); p(u|z) \(layer.indexPrior.network.architecture); "
                + "q(u|x) \(layer.indexPosterior.network.architecture) (\(layer.parameterCount) parameters)"
        }
    }
}
