/// How scatter points are drawn: small anti-aliased discs, usually semi-transparent so that dense
/// clusters darken gradually instead of saturating.
public struct MarkerStyle: Hashable, Sendable {
    /// Fill colour; its alpha sets the per-point opacity.
    public var color: RGBAColor
    /// Disc radius in points.
    public var radius: Double

    /// A marker of `radius` points filled with `color`.
    public init(color: RGBAColor, radius: Double) {
        self.color = color
        self.radius = radius
    }

    /// White at 45 % opacity, radius 1 point: for points over dark, low-density regions.
    public static let lightDots = MarkerStyle(color: RGBAColor.white.withOpacity(0.45), radius: 1)
}
