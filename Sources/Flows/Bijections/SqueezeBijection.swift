import Tensors
import Networks

/// Real NVP's squeezing operation (Dinh et al., ICLR 2017, arXiv:1605.08803, §3.6) on flattened images: each
/// C × H × W image becomes 4C × H/2 × W/2 by moving every 2 × 2 block of pixels into four channels. Output
/// channel 4c + 2a + b holds input channel c at pixels (2i + a, 2j + b), the order of the reference code's
/// `view(b, c, h/2, 2, w/2, 2).permute(0, 1, 3, 5, 2, 4)`. A permutation: log-det 0; ignores the conditioning (index and context).
public final class SqueezeBijection: Bijection {
    public var architecture: String { "squeeze \(inputShape) → \(outputShape)" }
    /// The shape of one input image (even height and width).
    public let inputShape: ImageShape
    private let permutation: PermutationBijection

    /// - Precondition: `inputShape` has even height and width.
    public init(inputShape: ImageShape) {
        require(inputShape.height % 2 == 0 && inputShape.width % 2 == 0, "SqueezeBijection: needs an even height and width, got \(inputShape)")
        self.inputShape = inputShape
        let (c, h, w) = (inputShape.channels, inputShape.height, inputShape.width)
        var order: [Int] = []
        order.reserveCapacity(inputShape.featureCount)
        for channel in 0..<c {
            for a in 0..<2 {
                for b in 0..<2 {
                    for i in 0..<(h / 2) {
                        for j in 0..<(w / 2) { order.append((channel * h + 2 * i + a) * w + 2 * j + b) }
                    }
                }
            }
        }
        permutation = PermutationBijection(order: order)
    }

    /// 4C × H/2 × W/2.
    public var outputShape: ImageShape {
        ImageShape(channels: 4 * inputShape.channels, height: inputShape.height / 2, width: inputShape.width / 2)
    }

    public func forward(_ x: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) { permutation.forward(x) }

    public func inverse(_ z: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) { permutation.inverse(z) }
}
