/// A vertical colour scale: the colour map from bottom (t = 0) to top (t = 1), framed, with the
/// values of its two ends written beside it and an optional caption above.
struct ColorBar {
    var colorMap: ColorMap
    /// The value shown by the bottom colour.
    var lowerValue: Double
    /// The value shown by the top colour.
    var upperValue: Double
    /// A short name of the quantity, e.g. "density" or "log density".
    var caption: String

    /// Width of the coloured strip in pixels.
    static let barWidth = 12
    /// Space between the strip and its labels.
    static let labelGap = 4

    var lowerLabel: String { NumberLabel.compact(lowerValue) }
    var upperLabel: String { NumberLabel.compact(upperValue) }

    /// Total width of strip plus labels (the caption may be wider; see ``captionWidth(labelScale:)``).
    func width(labelScale: Int) -> Int {
        let labelWidth = max(BitmapFont.size(of: lowerLabel, scale: labelScale).width,
                             BitmapFont.size(of: upperLabel, scale: labelScale).width)
        return Self.barWidth + 1 + Self.labelGap + labelWidth
    }

    /// Width of the caption centred over the strip.
    func captionWidth(labelScale: Int) -> Int {
        BitmapFont.size(of: caption, scale: labelScale).width
    }

    /// Draws the strip into `strip` (its frame goes one pixel outside), labels to its right and the
    /// caption centred above it.
    func draw(on image: inout RGBAImage, strip: PixelRect, textColor: RGBAColor, labelScale: Int) {
        for row in strip.y..<strip.maxY {
            let t = 1 - (Double(row - strip.y) + 0.5) / Double(strip.height)
            image.fill(PixelRect(x: strip.x, y: row, width: strip.width, height: 1), with: colorMap.color(at: t))
        }
        image.strokeRectangle(
            PixelRect(x: strip.x - 1, y: strip.y - 1, width: strip.width + 2, height: strip.height + 2),
            color: textColor)
        let labelX = strip.maxX + 1 + Self.labelGap
        image.drawText(upperLabel, x: labelX, y: strip.y, color: textColor, scale: labelScale)
        image.drawText(lowerLabel, x: labelX, y: strip.maxY - 7 * labelScale, color: textColor, scale: labelScale)
        if !caption.isEmpty {
            image.drawText(caption, x: strip.x + strip.width / 2, y: strip.y - 4 - BitmapFont.glyphHeight * labelScale,
                           color: textColor, scale: labelScale, alignment: .center)
        }
    }
}
