import Tensors

/// A network on image batches `[batch, C_in, H, W]` → `[batch, C_out, H, W]` (a ResNet of convolutions) seen as a
/// `VectorNetwork` on flattened images: rows of C_in·H·W features in, rows of C_out·H·W out, channel after channel.
///
/// Flows keep every batch as rows (`[batch, D]`), so that one set of estimators serves tabular and image data;
/// this adapter is the only place the two layouts meet, and reshaping a contiguous tensor copies nothing.
public final class ImageNetwork: VectorNetwork {
    /// The convolutional network.
    public let network: any UnaryLayer
    /// The shape of one input image.
    public let inputShape: ImageShape
    /// The shape of one output image.
    public let outputShape: ImageShape
    public var sublayers: [any Layer] { [network] }
    public var sublayerNames: [String] { ["resnet"] }

    /// - Parameters:
    ///   - network: maps `[batch, inputShape.channels, H, W]` to `[batch, outputChannels, H, W]`.
    ///   - inputShape: C_in × H × W.
    ///   - outputChannels: C_out.
    public init(_ network: any UnaryLayer, inputShape: ImageShape, outputChannels: Int) {
        self.network = network
        self.inputShape = inputShape
        self.outputShape = inputShape.withChannels(outputChannels)
    }

    public var inputCount: Int { inputShape.featureCount }
    public var outputCount: Int { outputShape.featureCount }

    public var architecture: String {
        guard let resNet = network as? ResNet else { return "\(type(of: network)) \(inputShape) → \(outputShape)" }
        return "ResNet \(resNet.blocks.count)×\(resNet.inputConvolution.outputChannels) \(inputShape) → \(outputShape)"
    }

    /// - Parameter x: `[batch, C_in·H·W]`. - Returns: `[batch, C_out·H·W]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let batch = x.shape[0]
        let images = x.reshaped(to: [batch, inputShape.channels, inputShape.height, inputShape.width])
        let output = network(images)
        require(output.shape == Shape([batch, outputShape.channels, outputShape.height, outputShape.width]),
                "ImageNetwork: expected an output of \([batch, outputShape.channels, outputShape.height, outputShape.width]), the network gave \(output.shape)")
        return output.reshaped(to: [batch, outputCount])
    }
}
