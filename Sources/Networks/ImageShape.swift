/// The shape of one image, channels × height × width; an image batch is `[batch, channels, height, width]`
/// (NCHW, as PyTorch lays it out), and a flattened image is a row of `featureCount` features in that order.
public struct ImageShape: Hashable, Sendable, Codable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    /// - Precondition: all three extents are positive.
    public init(channels: Int, height: Int, width: Int) {
        precondition(channels > 0 && height > 0 && width > 0, "ImageShape needs positive extents, got \(channels)×\(height)×\(width)")
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Pixels per channel, H·W.
    public var pixelCount: Int { height * width }

    /// C·H·W, the length of a flattened image.
    public var featureCount: Int { channels * pixelCount }

    /// The same height and width with `channels` channels.
    public func withChannels(_ channels: Int) -> ImageShape { ImageShape(channels: channels, height: height, width: width) }

    /// `C × H × W`.
    public var description: String { "\(channels)×\(height)×\(width)" }
}
