import Synchronization
import Tensors

/// A `Linear` layer whose weight is multiplied by a fixed binary mask, y = x·(W ⊙ M)ᵀ + b, so chosen
/// connections never exist (MADE; Germain et al., *MADE: Masked Autoencoder for Distribution
/// Estimation*, ICML 2015, arXiv:1502.03509). Weights are initialised like an unmasked `Linear`.
///
/// The products skip the mask's zero blocks (`MaskBlocks`, `Tensor.maskedLinear`): for a degree-ordered MADE about
/// half of each product.
public final class MaskedLinear: UnaryLayer {
    public let weight: Parameter
    public let bias: Parameter
    /// `[outputCount, inputCount]`, 1 where a connection exists.
    public let mask: Buffer
    public var ownParameters: [Parameter] { [weight, bias] }
    public var ownBuffers: [Buffer] { [mask] }
    /// The mask's blocks and the `mask.version` they were found for (a loaded checkpoint may replace the mask).
    /// Locked, because forward passes on several threads at once (the importance-sampling estimator's chunks) may
    /// find them stale together.
    private let blocks: Mutex<(version: Int, value: MaskBlocks)>

    /// - Parameter mask: `[outputCount, inputCount]` of zeros and ones.
    public init(mask: Tensor, using generator: inout some RandomNumberGenerator) {
        require(mask.rank == 2, "MaskedLinear: mask must be a matrix, got \(mask.shape)")
        let outputCount = mask.shape[0], inputCount = mask.shape[1]
        weight = Parameter(name: "weight", value: Initialization.uniformFanIn(shape: [outputCount, inputCount], fanIn: inputCount, using: &generator))
        bias = Parameter(name: "bias", value: Initialization.uniformFanIn(shape: [outputCount], fanIn: inputCount, using: &generator))
        self.mask = Buffer(name: "mask", value: mask)
        blocks = Mutex((self.mask.version, MaskBlocks(mask: mask)))
    }

    /// The nonzero blocks of the current mask.
    package var maskBlocks: MaskBlocks {
        let version = mask.version
        return blocks.withLock { blocks in
            if blocks.version != version { blocks = (version, MaskBlocks(mask: mask.value)) }
            return blocks.value
        }
    }

    /// - Parameter x: `[batch, inputCount]`. - Returns: `[batch, outputCount]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.maskedLinear(x, weight: weight.value, mask: mask.value, blocks: maskBlocks, bias: bias.value)
    }

    /// tanh(x·(W ⊙ M)ᵀ + b), the tanh inside the products (a MADE hidden layer). - Returns: `[batch, outputCount]`.
    public func tanh(_ x: Tensor) -> Tensor {
        Tensor.maskedLinear(x, weight: weight.value, mask: mask.value, blocks: maskBlocks, bias: bias.value, tanh: true)
    }
}
