import Networks
import Tensors

/// The model a core benchmark step trains: a Gaussian `MADE` (two tanh hidden layers of `MaskedLinear`,
/// two heads μ and α) with MAF's negative log-likelihood without the constant,
/// u = (x − μ)·e^{−α}, loss = mean over rows of Σᵢ (½uᵢ² + αᵢ)
/// (Papamakarios et al., NeurIPS 2017, arXiv:1705.07057, Eq. 3–5).
struct MADETrainingStep {
    let made: MADE

    init(dimension: Int, hiddenCount: Int, using generator: inout some RandomNumberGenerator) {
        made = MADE(featureCount: dimension, hiddenCounts: [hiddenCount, hiddenCount], using: &generator)
    }

    var parameters: [Parameter] { made.parameters }

    /// The loss of the rows of `x` `[batch, D]`, as a scalar.
    func loss(_ x: Tensor) -> Tensor {
        let heads = made(x)
        let mean = heads[0], logScale = heads[1]
        let u = (x - mean) * (-logScale).exp()
        return (u.squared() * 0.5 + logScale).sum() / Double(x.shape[0])
    }

    /// The matrix products one training step on `batch` rows performs, in call order: each layer's forward
    /// product x·Wᵀ, then backwards from the last layer the input gradient g·W (not for the first layer,
    /// whose input needs no gradient) and the weight gradient gᵀ·x.
    func productShapes(batch: Int) -> [ProductShape] {
        let widths = made.layers.map { (input: $0.weight.shape[1], output: $0.weight.shape[0]) }
        var shapes = widths.map { ProductShape(m: batch, k: $0.input, n: $0.output, transposeA: false, transposeB: true) }
        for (index, width) in widths.enumerated().reversed() {
            if index > 0 { shapes.append(ProductShape(m: batch, k: width.output, n: width.input, transposeA: false, transposeB: false)) }
            shapes.append(ProductShape(m: width.output, k: batch, n: width.input, transposeA: true, transposeB: false))
        }
        return shapes
    }
}
