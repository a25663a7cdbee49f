/// Text drawn with the built-in ``BitmapFont``.
extension RGBAImage {
    /// Draws one line of `text` with its glyph box's top edge at row `y`.
    ///
    /// Each font pixel becomes a `scale × scale` block, so the text occupies
    /// ``BitmapFont/size(of:scale:)`` pixels placed according to `alignment` around `x`. Text running off
    /// the image is clipped.
    ///
    /// - Parameters:
    ///   - text: One line; characters outside printable ASCII are drawn as a hollow box.
    ///   - x: The anchor column, interpreted through `alignment`.
    ///   - y: The top row of the glyph box (descenders reach its bottom row).
    ///   - color: Ink colour; its alpha is honoured.
    ///   - scale: Integer magnification, at least 1.
    ///   - alignment: Whether `x` is the left edge, centre or right edge of the text.
    public mutating func drawText(
        _ text: String, x: Int, y: Int, color: RGBAColor, scale: Int = 1, alignment: TextAlignment = .left
    ) {
        let textWidth = BitmapFont.size(of: text, scale: scale).width
        var left: Int
        switch alignment {
        case .left: left = x
        case .center: left = x - textWidth / 2
        case .right: left = x - textWidth
        }
        for character in text.unicodeScalars {
            drawGlyph(character, left: left, top: y, color: color, scale: scale)
            left += BitmapFont.advance * scale
        }
    }

    private mutating func drawGlyph(_ character: Unicode.Scalar, left: Int, top: Int, color: RGBAColor, scale: Int) {
        for row in 0..<BitmapFont.glyphHeight {
            let pattern = BitmapFont.rowPattern(of: character, row: row)
            guard pattern != 0 else { continue }
            for column in 0..<BitmapFont.glyphWidth where pattern & (0x10 >> column) != 0 {
                fill(PixelRect(x: left + column * scale, y: top + row * scale, width: scale, height: scale),
                     with: color)
            }
        }
    }
}
