/// Where a line of text sits relative to the x coordinate it is drawn at.
public enum TextAlignment: Sendable, Hashable {
    /// `x` is the left edge of the text.
    case left
    /// `x` is the horizontal centre of the text.
    case center
    /// `x` is the right edge of the text.
    case right
}

/// Where a line of text sits relative to the y coordinate it is drawn at.
enum TextBaseline: Sendable, Hashable {
    /// `y` is the top of the font's capitals.
    case top
    /// `y` is halfway up the font's capitals (digits too), so that a tick label centres on its tick.
    case middle
    /// `y` is the baseline.
    case baseline
    /// `y` is the lowest descender of the font.
    case bottom
}
