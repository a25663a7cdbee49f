import Foundation
import Tensors
import Networks

/// A mean-field Gaussian over u given a condition c (paper Appendix D.1): one network maps c to
/// `[mean, log σ]` (two halves, σ = exp(log σ), no clamp), and
///
///     log N(u; μ(c), σ(c)²) = −½ Σ ((u − μ)/σ)² − Σ log σ − (d/2) log 2π.
///
/// Used for the LGF prior p(u | z) and posterior q(u | x); samples are reparameterised, u = μ + σ ⊙ ε. In a
/// conditional density with a `contextCount` the network also sees the context after the condition, p(u | z, c) and
/// q(u | x, c): μ and σ are functions of [z, c].
/// The network is a tanh `MLP` for tabular and 2-D data, and for images a ResNet to two channels (mean and
/// log-std of u, one channel of H × W) behind an `ImageNetwork`, whose flattened output has the same two halves.
public final class ConditionalGaussian: Layer {
    public let network: any VectorNetwork
    /// d, the dimension of u.
    public let dimension: Int
    /// The width of the context the network sees after the condition (0: none).
    public let contextCount: Int
    public var sublayers: [any Layer] { [network] }
    public var sublayerNames: [String] { ["network"] }

    /// - Parameter contextCount: the width of the context c that `network` sees after the condition (0: none).
    public init(network: any VectorNetwork, dimension: Int, contextCount: Int = 0) {
        require(network.outputCount == 2 * dimension, "ConditionalGaussian: network gives \(network.outputCount) outputs, expected \(2 * dimension)")
        self.network = network
        self.dimension = dimension
        self.contextCount = contextCount
    }

    /// (μ, log σ), each `[batch, d]`.
    /// - Parameters:
    ///   - condition: z or x, `[batch, D]`.
    ///   - context: c, `[batch, contextCount]`; required when the network sees a context, ignored otherwise.
    public func meanAndLogScale(given condition: Tensor, context: Tensor? = nil) -> (mean: Tensor, logScale: Tensor) {
        let output = network(conditionerInput(condition, appending: [.context(context, width: contextCount)], in: "ConditionalGaussian"))
        return (output.slicingColumns(0..<dimension), output.slicingColumns(dimension..<(2 * dimension)))
    }

    /// log N(u; μ(z, c), σ(z, c)²) for `u` `[batch, d]`, `condition` `[batch, D]` and `context` `[batch, contextCount]`
    /// (when the network sees one); returns `[batch]`.
    public func logProb(_ u: Tensor, given condition: Tensor, context: Tensor? = nil) -> Tensor {
        let (mean, logScale) = meanAndLogScale(given: condition, context: context)
        let standardised = (u - mean) * (-logScale).exp()
        return (standardised.squared() * -0.5 - logScale).sum(alongAxis: 1) - halfLogTwoPi
    }

    /// A reparameterised draw u = μ + σ ⊙ ε, ε ~ N(0, I), with its log-density (computed from ε, exactly).
    public func sample(given condition: Tensor, context: Tensor? = nil, using generator: inout some RandomNumberGenerator) -> (sample: Tensor, logProb: Tensor) {
        sample(given: condition, context: context, drawsPerRow: 1, using: &generator)
    }

    /// `drawsPerRow` draws for each row of `condition` (and of `context`), grouped by row (as
    /// `condition.repeatingRows(drawsPerRow)` would give, draw for draw), with the network run once per distinct row:
    /// the importance-sampling estimate conditions K draws on the same data point.
    func sample(given condition: Tensor, context: Tensor?, drawsPerRow draws: Int,
                using generator: inout some RandomNumberGenerator) -> (sample: Tensor, logProb: Tensor) {
        var (mean, logScale) = meanAndLogScale(given: condition, context: context)
        var scale = logScale.exp()
        if draws > 1 {
            mean = mean.repeatingRows(draws)
            logScale = logScale.repeatingRows(draws)
            scale = scale.repeatingRows(draws)
        }
        let noise = Tensor.randomNormal(shape: mean.shape, dtype: mean.dtype, using: &generator)
        return reparameterised(noise, mean: mean, scale: scale, logScale: logScale)
    }

    /// u = μ(c) + σ(c) ⊙ ε for given standardised noise ε (`[rows · drawsPerRow, d]`, grouped by row as
    /// `sample(given:drawsPerRow:using:)` groups its draws), and log q(u | c): the same draws as that function
    /// makes from the same ε, for an importance proposal that chooses ε itself.
    func sample(given condition: Tensor, context: Tensor?, drawsPerRow draws: Int, noise: Tensor) -> (sample: Tensor, logProb: Tensor) {
        var (mean, logScale) = meanAndLogScale(given: condition, context: context)
        if draws > 1 {
            mean = mean.repeatingRows(draws)
            logScale = logScale.repeatingRows(draws)
        }
        return reparameterised(noise, mean: mean, scale: logScale.exp(), logScale: logScale)
    }

    private func reparameterised(_ noise: Tensor, mean: Tensor, scale: Tensor, logScale: Tensor) -> (sample: Tensor, logProb: Tensor) {
        let u = mean + scale * noise
        let logProb = (noise.squared() * -0.5 - logScale).sum(alongAxis: 1) - halfLogTwoPi
        return (u, logProb)
    }

    private var halfLogTwoPi: Double { 0.5 * Double(dimension) * Foundation.log(2 * Double.pi) }
}
