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

    /// The matrix products one training step on `batch` rows performs, in call order, strip by strip as
    /// `Tensor.maskedLinear` runs them over each mask's nonzero blocks (`MaskBlocks`): each layer's forward
    /// products x·Wᵀ, then backwards from the last layer the input-gradient products g·W (not for the first
    /// layer, whose input needs no gradient) and the weight-gradient products gᵀ·x. Strips with an empty span
    /// multiply nothing and are left out.
    func productShapes(batch: Int) -> [ProductShape] {
        let blocks = made.layers.map(\.maskBlocks)
        var shapes = blocks.flatMap { layer in
            layer.rowStrips.map { ProductShape(m: batch, k: $0.span.count, n: $0.lines.count, transposeA: false, transposeB: true) }
        }
        for (index, layer) in blocks.enumerated().reversed() {
            if index > 0 {
                shapes += layer.columnStrips.map { ProductShape(m: batch, k: $0.span.count, n: $0.lines.count, transposeA: false, transposeB: false) }
            }
            shapes += layer.rowStrips.map { ProductShape(m: $0.lines.count, k: batch, n: $0.span.count, transposeA: true, transposeB: false) }
        }
        return shapes.filter { $0.m > 0 && $0.k > 0 && $0.n > 0 }
    }
}
