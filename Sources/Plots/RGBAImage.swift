/// A raster of `width × height` pixels, 8-bit RGBA with straight alpha, row 0 at the top: what a figure's
/// `render()` returns (drawn by Cairo) and what ``PNGFile`` writes.
public struct RGBAImage: Hashable, Sendable {
    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// The pixel bytes, row-major from the top row: pixel (x, y) occupies `4·(y·width + x) ..< +4` as R, G, B, A.
    public internal(set) var pixels: [UInt8]

    /// An image of `width × height` pixels all set to `background`.
    ///
    /// - Precondition: `width` and `height` are non-negative (an empty image is allowed but cannot be encoded).
    public init(width: Int, height: Int, background: RGBAColor = .white) {
        precondition(width >= 0 && height >= 0, "RGBAImage needs non-negative dimensions, got \(width)×\(height)")
        self.width = width
        self.height = height
        self.pixels = [UInt8](repeating: 0, count: width * height * 4)
        fill(background)
    }

    /// An image wrapping existing RGBA bytes laid out as ``pixels``.
    ///
    /// - Throws: ``PlotError/invalidParameter(name:value:expected:)`` when `pixels.count ≠ 4·width·height`.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(PlotError) {
        guard width >= 0, height >= 0, pixels.count == width * height * 4 else {
            throw .invalidParameter(
                name: "pixels.count", value: "\(pixels.count)", expected: "4 × \(width) × \(height)")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image wrapping bytes whose count is known to be `4·width·height`.
    init(width: Int, height: Int, validatedPixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = validatedPixels
    }

    /// The colour of pixel (`x`, `y`); setting it replaces the pixel without blending.
    ///
    /// - Precondition: `0 ≤ x < width` and `0 ≤ y < height`, like array indexing.
    public subscript(x: Int, y: Int) -> RGBAColor {
        get {
            precondition(contains(x: x, y: y), "Pixel (\(x), \(y)) is outside the \(width)×\(height) image")
            let offset = 4 * (y * width + x)
            return RGBAColor(
                red: pixels[offset], green: pixels[offset + 1], blue: pixels[offset + 2], alpha: pixels[offset + 3])
        }
        set {
            precondition(contains(x: x, y: y), "Pixel (\(x), \(y)) is outside the \(width)×\(height) image")
            store(newValue, at: 4 * (y * width + x))
        }
    }

    /// Whether (`x`, `y`) is a pixel of this image.
    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && x < width && y >= 0 && y < height
    }

    /// Sets every pixel to `color` (replacing, not blending).
    public mutating func fill(_ color: RGBAColor) {
        for offset in stride(from: 0, to: pixels.count, by: 4) {
            store(color, at: offset)
        }
    }

    /// Writes `color` into the four bytes at `offset`.
    @inline(__always)
    mutating func store(_ color: RGBAColor, at offset: Int) {
        pixels[offset] = color.red
        pixels[offset + 1] = color.green
        pixels[offset + 2] = color.blue
        pixels[offset + 3] = color.alpha
    }
}
