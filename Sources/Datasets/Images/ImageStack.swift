/// A stack of images of 8-bit pixels, `[count, channels, height, width]` in C order (NCHW), as the IDX and
/// CIFAR-10 files and PyTorch's image tensors lay them out.
public struct ImageStack: Equatable, Sendable {
    /// The number of images.
    public let count: Int
    /// Colour channels per image (1 for MNIST and Fashion-MNIST, 3 for CIFAR-10).
    public let channels: Int
    /// Rows of pixels per image.
    public let height: Int
    /// Pixels per row.
    public let width: Int
    /// Every pixel in [0, 255], image after image, channel after channel, row after row.
    public let pixels: [UInt8]

    /// Wraps `pixels` as `count` images of `channels × height × width`.
    ///
    /// - Precondition: `pixels.count == count * channels * height * width` and all extents are positive
    ///   (readers check user files and throw before they get here).
    public init(count: Int, channels: Int, height: Int, width: Int, pixels: [UInt8]) {
        precondition(count >= 0 && channels > 0 && height > 0 && width > 0,
                     "ImageStack needs positive extents, got \(count)×\(channels)×\(height)×\(width)")
        precondition(pixels.count == count * channels * height * width,
                     "ImageStack of \(count)×\(channels)×\(height)×\(width) needs \(count * channels * height * width) pixels, got \(pixels.count)")
        self.count = count
        self.channels = channels
        self.height = height
        self.width = width
        self.pixels = pixels
    }

    /// The shape of one image, `[channels, height, width]`.
    public var imageShape: [Int] { [channels, height, width] }

    /// Pixels per image, C·H·W: the dimension D of bits per dimension.
    public var pixelsPerImage: Int { channels * height * width }

    /// The images with indices in `range`, in order.
    public func images(in range: Range<Int>) -> ImageStack {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "images \(range) out of 0..<\(count)")
        let size = pixelsPerImage
        return ImageStack(count: range.count, channels: channels, height: height, width: width,
                          pixels: Array(pixels[range.lowerBound * size ..< range.upperBound * size]))
    }

    /// The pixels of image `index`, `[channels * height * width]`.
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        precondition(index >= 0 && index < count, "image \(index) out of 0..<\(count)")
        return pixels[index * pixelsPerImage ..< (index + 1) * pixelsPerImage]
    }

    /// The stacks one after the other; all must have the same image shape.
    public static func concatenated(_ stacks: [ImageStack]) -> ImageStack {
        guard let first = stacks.first else { preconditionFailure("concatenating no image stacks") }
        precondition(stacks.allSatisfy { $0.imageShape == first.imageShape }, "concatenated image stacks need one image shape")
        return ImageStack(count: stacks.reduce(0) { $0 + $1.count }, channels: first.channels, height: first.height,
                          width: first.width, pixels: stacks.flatMap(\.pixels))
    }
}
