extension TwoDimensionalTarget {
    /// A bound on |x₁| and |x₂|: every point of a target with bounded support lies within it, and all but a
    /// negligible fraction of one with Gaussian noise (four standard deviations of that noise).
    ///
    /// The targets are used as the paper draws them, not standardised, so a model whose transforms act on a fixed
    /// interval (the rational-quadratic splines of Durkan et al. 2019, §3.1, identity outside [−B, B]) needs it.
    public var extent: Double {
        switch self {
        case .twoUniforms: return 2
        case .eightGaussians: return (4 + 4 * 0.5) / 1.414
        case .checkerboard: return 4
        case .twoSpirals: return (3 * Double.pi + 0.5) / 3 + 4 * 0.1
        case .rings: return 3 + 4 * 0.08
        case .twoLines: return 1.005
        case .twoMarginals: return 4
        case .oneUniform: return 0.5
        case .annulus: return 2
        case .splitGaussian: return 2 + 4
        }
    }
}
