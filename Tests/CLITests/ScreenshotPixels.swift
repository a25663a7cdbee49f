import Datasets

/// The pixels of a browser screenshot, decoded by the package's `PNGDecoder` (itself tested on files from other
/// encoders and on broken ones), with the two summaries the report's browser test asks of them.
struct ScreenshotPixels {
    let width: Int
    let height: Int
    /// Planar channels (R, G, B[, A]) of the one image, as `ImageStack` holds them.
    private let stack: ImageStack

    init(png file: [UInt8], path: String) throws {
        stack = try PNGDecoder.decode(file, path: path)
        width = stack.width
        height = stack.height
    }

    /// Channel `channel` of pixel `pixel` (row-major).
    private func value(_ pixel: Int, _ channel: Int) -> UInt8 { stack.pixels[channel * width * height + pixel] }

    /// The share of pixels that are not (nearly) white.
    var inkedFraction: Double {
        let inked = (0..<(width * height)).filter { pixel in (0..<3).contains { value(pixel, $0) < 240 } }.count
        return Double(inked) / Double(max(width * height, 1))
    }

    /// How many distinct colours (RGB) appear.
    var colourCount: Int {
        Set((0..<(width * height)).map { Int(value($0, 0)) << 16 | Int(value($0, 1)) << 8 | Int(value($0, 2)) }).count
    }
}
