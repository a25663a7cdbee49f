/// Where a line of text sits relative to the x coordinate it is drawn at.
public enum TextAlignment: Sendable, Hashable {
    /// `x` is the left edge of the text.
    case left
    /// `x` is the horizontal centre of the text.
    case center
    /// `x` is one past the right edge of the text.
    case right
}
