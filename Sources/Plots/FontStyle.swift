/// A size and weight of DejaVu Sans, the figures' one typeface (matplotlib's default too).
public struct FontStyle: Hashable, Sendable {
    /// The em size in points.
    public var size: Double
    /// Bold instead of regular.
    public var isBold: Bool

    /// A font of `size` points.
    public init(size: Double, isBold: Bool = false) {
        self.size = size
        self.isBold = isBold
    }

    /// The family asked of fontconfig through Cairo's toy text API; fontconfig substitutes its default sans
    /// serif when DejaVu (Debian's fonts-dejavu-core) is missing.
    static let family = "DejaVu Sans"

    /// Tick labels and legends: 10 points, matplotlib's default size.
    public static let tick = FontStyle(size: 10)
    /// Axis labels: 11 points.
    public static let label = FontStyle(size: 11)
    /// Panel titles: 12 points.
    public static let title = FontStyle(size: 12)
    /// A figure's overall title: 14 points.
    public static let figureTitle = FontStyle(size: 14)
}
