import Tensors
import Networks

/// The MAF layer, z = (x − μ(x)) ⊙ exp(−α(x)) with log|det ∂z/∂x| = −Σ α(x), μ and α the two heads of a MADE: the
/// autoregressive bijection with an `AffineTransform` in its `.standardizing` form (Papamakarios et al., NeurIPS
/// 2017, arXiv:1705.07057, Eq. 3–5).
public typealias AffineAutoregressiveBijection = AutoregressiveBijection<AffineTransform>

extension AutoregressiveBijection where Transform == AffineTransform {
    /// The MAF layer around `made`, whose two heads are μ and α.
    public convenience init(made: MADE) {
        self.init(made: made, transform: AffineTransform(form: .standardizing))
    }

    /// A MAF layer over `featureCount` features with MADE hidden widths `hiddenCounts`.
    public convenience init(featureCount: Int, hiddenCounts: [Int], activation: Activation = .tanh, using generator: inout some RandomNumberGenerator) {
        self.init(featureCount: featureCount, hiddenCounts: hiddenCounts, activation: activation, transform: AffineTransform(form: .standardizing),
                  using: &generator)
    }
}
