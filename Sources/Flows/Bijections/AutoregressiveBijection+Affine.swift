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

    /// A MAF layer over `featureCount` features with MADE hidden widths `hiddenCounts`, conditioned on a context of
    /// `contextCount` features (0: none; Papamakarios et al. 2017, §3.4, conditional MAF).
    public convenience init(featureCount: Int, hiddenCounts: [Int], contextCount: Int = 0, activation: Activation = .tanh,
                            using generator: inout some RandomNumberGenerator) {
        self.init(featureCount: featureCount, hiddenCounts: hiddenCounts, contextCount: contextCount, activation: activation,
                  transform: AffineTransform(form: .standardizing), using: &generator)
    }
}
