import Tensors
import Networks

/// The MAF layer (Papamakarios et al., NeurIPS 2017, arXiv:1705.07057, Eq. 3–5): a MADE network gives
/// μ(x) and α(x), each output i depending only on x_{<i}, and
///
///     z = (x − μ(x)) ⊙ exp(−α(x)),   log|det ∂z/∂x| = −Σ α(x).
///
/// The inverse needs D sequential passes: starting from x = 0, pass k computes μ, α from the current x and
/// sets x = z ⊙ exp(α) + μ, which makes coordinate k final (its μ_k, α_k depend only on coordinates already
/// final). Ignores `context`.
public final class AffineAutoregressiveBijection: Bijection {
    public var architecture: String { "MADE \(made.layers.map { String($0.weight.shape[0]) }.dropLast().joined(separator: "×"))" }
    public let made: MADE
    public var sublayers: [any Layer] { [made] }
    public var sublayerNames: [String] { ["made"] }

    public init(made: MADE) {
        require(made.headCount == 2, "AffineAutoregressiveBijection: MADE needs two heads (μ, α), has \(made.headCount)")
        self.made = made
    }

    /// A layer over `featureCount` features with MADE hidden widths `hiddenCounts`.
    public convenience init(featureCount: Int, hiddenCounts: [Int], activation: Activation = .tanh, using generator: inout some RandomNumberGenerator) {
        self.init(made: MADE(featureCount: featureCount, hiddenCounts: hiddenCounts, activation: activation, using: &generator))
    }

    public func forward(_ x: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) {
        let heads = made(x)
        let mean = heads[0], logScale = heads[1]
        return ((x - mean) * (-logScale).exp(), -logScale.sum(alongAxis: 1))
    }

    public func inverse(_ z: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) {
        var x = Tensor(zeros: z.shape, dtype: z.dtype)
        var logScale = x
        for _ in 0..<made.featureCount {
            let heads = made(x)
            logScale = heads[1]
            x = z * logScale.exp() + heads[0]
        }
        return (x, logScale.sum(alongAxis: 1))
    }
}
