/// Images laid out in rows and columns with a gap between tiles, as the paper's sample figures (Figures 6–10):
/// image i goes to row i / columns, column i % columns; grey images (one channel) are drawn as grey, three channels as
/// RGB; the gaps and any tile without an image are `background`.
///
/// ```swift
/// let grid = try ImageGrid(rows: 8, columns: 8, channels: 1, height: 28, width: 28)
/// try PNGFile.write(grid.render(pixels), to: "samples.png")
/// ```
public struct ImageGrid: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// Channels per image: 1 (grey) or 3 (RGB).
    public let channels: Int
    /// Pixels per image side.
    public let height: Int
    public let width: Int
    /// Pixels between neighbouring tiles and around the edge.
    public let gap: Int
    public let background: RGBAColor

    /// - Throws: ``PlotError/invalidParameter(name:value:expected:)`` for a non-positive extent, a negative gap or
    ///   a channel count other than 1 or 3.
    public init(rows: Int, columns: Int, channels: Int, height: Int, width: Int, gap: Int = 2, background: RGBAColor = .white) throws(PlotError) {
        for (name, value) in [("rows", rows), ("columns", columns), ("height", height), ("width", width)] where value < 1 {
            throw .invalidParameter(name: name, value: "\(value)", expected: "at least 1")
        }
        guard gap >= 0 else { throw .invalidParameter(name: "gap", value: "\(gap)", expected: "at least 0") }
        guard channels == 1 || channels == 3 else {
            throw .invalidParameter(name: "channels", value: "\(channels)", expected: "1 (grey) or 3 (RGB)")
        }
        (self.rows, self.columns, self.channels, self.height, self.width, self.gap, self.background) = (rows, columns, channels, height, width, gap, background)
    }

    /// The grid's size in pixels.
    public var pixelWidth: Int { columns * (width + gap) + gap }
    public var pixelHeight: Int { rows * (height + gap) + gap }

    /// The top-left pixel of tile (`row`, `column`).
    public func origin(row: Int, column: Int) -> (x: Int, y: Int) {
        (gap + column * (width + gap), gap + row * (height + gap))
    }

    /// Draws `pixels`, images of `channels × height × width` bytes one after the other (NCHW), at most rows × columns
    /// of them.
    /// - Throws: ``PlotError/invalidParameter(name:value:expected:)`` when the byte count is not a whole number of
    ///   images or exceeds the grid.
    public func render(_ pixels: [UInt8]) throws(PlotError) -> RGBAImage {
        let size = channels * height * width
        guard pixels.count % size == 0, pixels.count / size <= rows * columns else {
            throw .invalidParameter(name: "pixels.count", value: "\(pixels.count)", expected: "a multiple of \(size) up to \(rows * columns) images")
        }
        var image = RGBAImage(width: pixelWidth, height: pixelHeight, background: background)
        let plane = height * width
        for index in 0 ..< pixels.count / size {
            let (left, top) = origin(row: index / columns, column: index % columns)
            let base = index * size
            for y in 0..<height {
                for x in 0..<width {
                    let offset = base + y * width + x
                    let red = pixels[offset]
                    let (green, blue) = channels == 3 ? (pixels[offset + plane], pixels[offset + 2 * plane]) : (red, red)
                    image[left + x, top + y] = RGBAColor(red: red, green: green, blue: blue)
                }
            }
        }
        return image
    }
}
