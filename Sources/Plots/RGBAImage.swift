/// A raster of `width × height` pixels, 8-bit RGBA with straight alpha, row 0 at the top.
///
/// All drawing is clipped to the image, so callers may draw partly outside it. Drawing operations
/// composite with Porter–Duff "source over": `out = src·α + dst·(1 − α)` (per channel, with the
/// destination's own alpha taken into account), which is what PNG viewers assume for straight alpha.
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

    /// Composites `color` over pixel (`x`, `y`) with its alpha scaled by `coverage` in [0, 1].
    ///
    /// Pixels outside the image are ignored, so shapes can be drawn without clipping them first.
    public mutating func blendPixel(x: Int, y: Int, color: RGBAColor, coverage: Double = 1) {
        guard contains(x: x, y: y) else { return }
        blend(color, opacity: Float(coverage), at: 4 * (y * width + x))
    }

    /// Composites `color` over the rectangle of columns `x ..< x + width`, rows `y ..< y + height`.
    ///
    /// The rectangle is clipped to the image; an opaque colour simply replaces the pixels.
    public mutating func fillRectangle(x: Int, y: Int, width: Int, height: Int, color: RGBAColor) {
        fill(PixelRect(x: x, y: y, width: width, height: height), with: color)
    }

    /// Composites `image` over this one with its top-left corner at (`x`, `y`), clipped to this image.
    public mutating func draw(_ image: RGBAImage, x: Int, y: Int) {
        let target = PixelRect(x: x, y: y, width: image.width, height: image.height).intersection(bounds)
        guard !target.isEmpty else { return }
        for row in target.y..<target.maxY {
            for column in target.x..<target.maxX {
                let sourceOffset = 4 * ((row - y) * image.width + (column - x))
                let color = RGBAColor(
                    red: image.pixels[sourceOffset], green: image.pixels[sourceOffset + 1],
                    blue: image.pixels[sourceOffset + 2], alpha: image.pixels[sourceOffset + 3])
                blend(color, opacity: 1, at: 4 * (row * width + column))
            }
        }
    }

    // MARK: - Internal helpers shared by the drawing extensions

    /// The whole image as a rectangle.
    var bounds: PixelRect { PixelRect(x: 0, y: 0, width: width, height: height) }

    /// Composites `color` over every pixel of `rect ∩ bounds`.
    mutating func fill(_ rect: PixelRect, with color: RGBAColor) {
        let clipped = rect.intersection(bounds)
        guard !clipped.isEmpty, color.alpha > 0 else { return }
        for row in clipped.y..<clipped.maxY {
            for column in clipped.x..<clipped.maxX {
                blend(color, opacity: 1, at: 4 * (row * width + column))
            }
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

    /// Source-over compositing of `color`, its alpha scaled by `opacity`, onto the pixel at byte `offset`.
    @inline(__always)
    mutating func blend(_ color: RGBAColor, opacity: Float, at offset: Int) {
        let sourceAlpha = Float(color.alpha) / 255 * min(max(opacity, 0), 1)
        guard sourceAlpha > 0 else { return }  // also rejects a NaN coverage
        if sourceAlpha >= 1 {
            store(color, at: offset)
            return
        }
        let destinationWeight = Float(pixels[offset + 3]) / 255 * (1 - sourceAlpha)
        let outputAlpha = sourceAlpha + destinationWeight
        func mix(_ source: UInt8, _ destination: UInt8) -> UInt8 {
            let value = (Float(source) * sourceAlpha + Float(destination) * destinationWeight) / outputAlpha
            return UInt8(min(value.rounded(), 255))
        }
        pixels[offset] = mix(color.red, pixels[offset])
        pixels[offset + 1] = mix(color.green, pixels[offset + 1])
        pixels[offset + 2] = mix(color.blue, pixels[offset + 2])
        pixels[offset + 3] = UInt8(min((outputAlpha * 255).rounded(), 255))
    }
}
